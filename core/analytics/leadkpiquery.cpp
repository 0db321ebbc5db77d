#include "leadkpiquery.h"

#include "core/domain/vocabulary.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

constexpr double dayMs = 86400000.0;

Status queryFailed(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::LeadKpiQuery",
                                             "The lead figures could not be read: %1")
                     .arg(query.lastError().text())};
}

const QString &wonStage()
{
    return Vocabulary::stages().at(5);
}

} // namespace

LeadKpiQuery::LeadKpiQuery(LocalStore &store)
    : m_statements(store.database())
{}

QSqlQuery &LeadKpiQuery::run(const QString &sql, const QVariantList &values) const
{
    return m_statements.run(sql, values);
}

Result<LeadFigures> LeadKpiQuery::load(const QString &agentId, qint64 startMs, qint64 endMs,
                                       qint64 nowMs) const
{
    LeadFigures out;
    if (auto loaded = loadLeads(agentId, startMs, endMs, out); !loaded)
        return loaded.error();
    if (auto loaded = loadStages(agentId, startMs, endMs, out); !loaded)
        return loaded.error();
    if (auto loaded = loadTodos(agentId, startMs, endMs, nowMs, out); !loaded)
        return loaded.error();
    return out;
}

Status LeadKpiQuery::loadLeads(const QString &agentId, qint64 startMs, qint64 endMs,
                               LeadFigures &out) const
{
    QSqlQuery &owned = run(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ? "
                                          "AND deleted = 0"),
                           {agentId});
    if (!owned.isActive())
        return queryFailed(owned);
    if (owned.next())
        out.figures.leadsOwned = owned.value(0).toInt();

    QSqlQuery &created = run(QStringLiteral(
        "SELECT source, count(*) FROM customers WHERE owner_id = ? AND deleted = 0 "
        "AND created_at >= ? AND created_at < ? GROUP BY source"), {agentId, startMs, endMs});
    if (!created.isActive())
        return queryFailed(created);
    while (created.next()) {
        const int count = created.value(1).toInt();
        out.createdBySource[created.value(0).toString()] += count;
        out.figures.leadsCreated += count;
    }
    return {};
}

Status LeadKpiQuery::loadStages(const QString &agentId, qint64 startMs, qint64 endMs,
                                LeadFigures &out) const
{
    QSqlQuery &entered = run(QStringLiteral(
        "SELECT to_value, count(DISTINCT customer_id) FROM stage_changes "
        "WHERE agent_id = ? AND kind = 'stage' AND deleted = 0 AND at >= ? AND at < ? "
        "GROUP BY to_value"), {agentId, startMs, endMs});
    if (!entered.isActive())
        return queryFailed(entered);
    while (entered.next())
        out.enteredByStage.insert(entered.value(0).toString(), entered.value(1).toInt());

    // One row per customer won: the first time this agent moved it to 成交 in the period.
    QSqlQuery &won = run(QStringLiteral(
        "SELECT min(s.at), c.created_at, COALESCE(c.amount, 0), COALESCE(c.source, '') "
        "FROM stage_changes s LEFT JOIN customers c ON c.id = s.customer_id "
        "WHERE s.agent_id = ? AND s.kind = 'stage' AND s.deleted = 0 AND s.to_value = ? "
        "AND s.at >= ? AND s.at < ? GROUP BY s.customer_id"),
        {agentId, wonStage(), startMs, endMs});
    if (!won.isActive())
        return queryFailed(won);
    while (won.next()) {
        const qint64 wonAt = won.value(0).toLongLong();
        const qint64 createdAt = won.value(1).isNull() ? wonAt : won.value(1).toLongLong();
        out.figures.conversions += 1;
        out.figures.wonAmount += won.value(2).toDouble();
        out.figures.salesCycleDays += double(std::max<qint64>(0, wonAt - createdAt)) / dayMs;
        out.wonBySource[won.value(3).toString()] += 1;
    }
    return {};
}

Status LeadKpiQuery::loadTodos(const QString &agentId, qint64 startMs, qint64 endMs, qint64 nowMs,
                               LeadFigures &out) const
{
    QSqlQuery &overdue = run(QStringLiteral(
        "SELECT count(*) FROM todos INDEXED BY todos_open_due WHERE agent_id = ? "
        "AND completed_at IS NULL AND deleted = 0 AND due_at < ?"), {agentId, nowMs});
    if (!overdue.isActive())
        return queryFailed(overdue);
    if (overdue.next())
        out.figures.todosOverdue = overdue.value(0).toInt();

    // Callbacks due in the period and already due now: kept when completed by their due time.
    QSqlQuery &callbacks = run(QStringLiteral(
        "SELECT count(*), COALESCE(sum(completed_at IS NOT NULL AND completed_at <= due_at), 0) "
        "FROM todos WHERE agent_id = ? AND kind = 'callback' AND deleted = 0 "
        "AND due_at >= ? AND due_at < ?"), {agentId, startMs, std::min(endMs, nowMs)});
    if (!callbacks.isActive())
        return queryFailed(callbacks);
    if (callbacks.next()) {
        out.figures.callbacksDue = callbacks.value(0).toInt();
        out.figures.callbacksKept = callbacks.value(1).toInt();
    }
    return {};
}

} // namespace Leadline
