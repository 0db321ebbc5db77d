#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <map>

namespace Leadline {

/// Prepared statements kept for the life of one report: a query run once per agent is parsed
/// once per report, not fifty times.
class StatementCache final
{
public:
    explicit StatementCache(QSqlDatabase database) : m_database(std::move(database)) {}

    /// Binds values by position to the statement for sql (prepared on first use, forward-only)
    /// and runs it. When it cannot run, the query is inactive and its lastError() says why (a
    /// statement that failed to prepare is not run, so its error stays the prepare error).
    QSqlQuery &run(const QString &sql, const QVariantList &values)
    {
        auto [it, added] = m_statements.try_emplace(sql, m_database);
        Statement &statement = it->second;
        if (added) {
            statement.query.setForwardOnly(true);
            statement.prepared = statement.query.prepare(sql);
        }
        if (statement.prepared) {
            for (int i = 0; i < values.size(); ++i)
                statement.query.bindValue(i, values.at(i));
            statement.query.exec();
        }
        return statement.query;
    }

private:
    struct Statement
    {
        explicit Statement(const QSqlDatabase &database) : query(database) {}
        QSqlQuery query;
        bool prepared = false;
    };
    QSqlDatabase m_database;
    std::map<QString, Statement> m_statements;
};

} // namespace Leadline
