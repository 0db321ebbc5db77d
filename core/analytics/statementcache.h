#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace Leadline {

/// Prepared statements kept for the life of one report: a query run once per agent is parsed
/// once per report, not fifty times.
class StatementCache final
{
public:
    explicit StatementCache(QSqlDatabase database) : m_database(std::move(database)) {}

    /// The statement for sql, prepared on first use, forward-only; bind by position and exec.
    QSqlQuery &get(const QString &sql)
    {
        auto it = m_statements.find(sql);
        if (it == m_statements.end()) {
            it = m_statements.insert(sql, QSqlQuery(m_database));
            it->setForwardOnly(true);
            it->prepare(sql);
        }
        return *it;
    }

private:
    QSqlDatabase m_database;
    QHash<QString, QSqlQuery> m_statements;
};

} // namespace Leadline
