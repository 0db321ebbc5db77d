#include "testworkspace.h"

#include <QSqlQuery>

#include <stdexcept>

namespace Leadline::Test {

TestWorkspace::TestWorkspace()
{
    auto opened = LocalStore::open(path());
    if (!opened)
        throw std::runtime_error(opened.message().toStdString());
    m_store = std::move(opened).value();
    m_store->setClock(&m_clock);
    m_store->setCurrentAgentId(QStringLiteral("agent-me"));
}

std::unique_ptr<LocalStore> TestWorkspace::reopen() const
{
    auto opened = LocalStore::open(path());
    if (!opened)
        throw std::runtime_error(opened.message().toStdString());
    return std::move(opened).value();
}

int TestWorkspace::rowCount(const QString &table, const QString &where) const
{
    QSqlQuery query(m_store->database());
    query.exec(QStringLiteral("SELECT COUNT(*) FROM %1 %2")
                   .arg(table, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where));
    return query.next() ? query.value(0).toInt() : -1;
}

} // namespace Leadline::Test
