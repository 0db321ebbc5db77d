#include "leadkpiquery.h"

#include "core/domain/vocabulary.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Leadline {

namespace {

constexpr double dayMs = 86400000.0;
// The days of one block of kpi_source_blocks and kpi_stage_blocks (schema step 17).
constexpr qint64 blockDays = 16;

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
                                       qint64 nowMs, std::optional<qint64> dayOffsetMs) const
{
    LeadFigures out;
    if (dayOffsetMs) {
        if (auto loaded = loadRolledUp(agentId, startMs, endMs, nowMs, *dayOffsetMs, out); !loaded)
            return loaded.error();
        if (auto loaded = loadWon(agentId, startMs, endMs, out); !loaded)
            return loaded.error();
        return out;
    }
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
    return loadWon(agentId, startMs, endMs, out);
}

Status LeadKpiQuery::loadWon(const QString &agentId, qint64 startMs, qint64 endMs,
                             LeadFigures &out) const
{
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

Status LeadKpiQuery::loadRolledUp(const QString &agentId, qint64 startMs, qint64 endMs,
                                  qint64 nowMs, qint64 dayOffsetMs, LeadFigures &out) const
{
    const auto dayOf = [dayOffsetMs](qint64 t) { return (t + dayOffsetMs) / qint64(dayMs); };
    const auto startOfDay = [dayOffsetMs](qint64 day) { return day * qint64(dayMs) - dayOffsetMs; };
    const qint64 firstDay = dayOf(startMs);
    const qint64 endDay = dayOf(endMs);

    QSqlQuery &owned = run(QStringLiteral("SELECT owned FROM kpi_owned WHERE agent_id = ?"), {agentId});
    if (!owned.isActive())
        return queryFailed(owned);
    if (owned.next())
        out.figures.leadsOwned = owned.value(0).toInt();

    // Whole 16-day blocks from the block rollups, the days before the first and after the last
    // from the daily ones (schema step 17): three ranges of their keys.
    const qint64 firstBlock = (firstDay + blockDays - 1) / blockDays;
    const qint64 endBlock = std::max(firstBlock, endDay / blockDays);
    const qint64 headEnd = std::min(firstBlock * blockDays, endDay);
    const qint64 tailStart = std::max(endBlock * blockDays, headEnd);
    const QVariantList range = {agentId, firstBlock, endBlock, agentId, firstDay, headEnd,
                                agentId, tailStart, endDay};
    QSqlQuery &created = run(QStringLiteral(
        "SELECT source, sum(created) FROM ("
        " SELECT source, created FROM kpi_source_blocks WHERE agent_id = ? AND block >= ? "
        " AND block < ? UNION ALL"
        " SELECT source, created FROM kpi_source_days WHERE agent_id = ? AND day >= ? AND day < ?"
        " UNION ALL"
        " SELECT source, created FROM kpi_source_days WHERE agent_id = ? AND day >= ? AND day < ?)"
        " GROUP BY source"), range);
    if (!created.isActive())
        return queryFailed(created);
    while (created.next()) {
        const int count = created.value(1).toInt();
        if (count == 0)
            continue;
        out.createdBySource[created.value(0).toString()] += count;
        out.figures.leadsCreated += count;
    }

    QSqlQuery &entered = run(QStringLiteral(
        "SELECT stage, sum(entries) FROM ("
        " SELECT stage, entries FROM kpi_stage_blocks WHERE agent_id = ? AND block >= ? "
        " AND block < ? UNION ALL"
        " SELECT stage, entries FROM kpi_stage_days WHERE agent_id = ? AND day >= ? AND day < ?"
        " UNION ALL"
        " SELECT stage, entries FROM kpi_stage_days WHERE agent_id = ? AND day >= ? AND day < ?)"
        " GROUP BY stage"), range);
    if (!entered.isActive())
        return queryFailed(entered);
    while (entered.next()) {
        if (const int count = entered.value(1).toInt(); count != 0)
            out.enteredByStage.insert(entered.value(0).toString(), count);
    }
    // A customer this agent moved into a stage more than once counts once: the rows of those few.
    QSqlQuery &repeated = run(QStringLiteral(
        "SELECT s.to_value, count(*) - 1 FROM kpi_stage_keys k INDEXED BY kpi_stage_repeats "
        "JOIN stage_changes s INDEXED BY stage_changes_customer ON s.customer_id = k.customer_id "
        "WHERE k.agent_id = ? AND k.entries > 1 AND s.agent_id = k.agent_id "
        "AND s.to_value = k.stage AND s.kind = 'stage' AND s.deleted = 0 AND s.at >= ? "
        "AND s.at < ? GROUP BY s.to_value, s.customer_id HAVING count(*) > 1"),
        {agentId, startMs, endMs});
    if (!repeated.isActive())
        return queryFailed(repeated);
    while (repeated.next()) {
        const QString stage = repeated.value(0).toString();
        out.enteredByStage[stage] -= repeated.value(1).toInt();
    }

    // Open todos due before now: whole days before today from the rollup, today from the rows.
    const qint64 today = dayOf(nowMs);
    QSqlQuery &open = run(QStringLiteral(
        "SELECT COALESCE(sum(todos_open), 0) FROM kpi_todo_days WHERE agent_id = ? AND day < ?"),
        {agentId, today});
    if (!open.isActive())
        return queryFailed(open);
    if (open.next())
        out.figures.todosOverdue = open.value(0).toInt();
    QSqlQuery &openToday = run(QStringLiteral(
        "SELECT count(*) FROM todos INDEXED BY todos_open_due WHERE agent_id = ? "
        "AND completed_at IS NULL AND deleted = 0 AND due_at >= ? AND due_at < ?"),
        {agentId, startOfDay(today), nowMs});
    if (!openToday.isActive())
        return queryFailed(openToday);
    if (openToday.next())
        out.figures.todosOverdue += openToday.value(0).toInt();

    // Callbacks due in the period and already due now: whole days from the rollup, the part of
    // today before now (when the period runs past it) from the rows.
    const qint64 cut = std::min(endMs, nowMs);
    if (cut <= startMs)
        return {};
    const qint64 cutDay = cut == endMs ? endDay : dayOf(cut);
    QSqlQuery &callbacks = run(QStringLiteral(
        "SELECT COALESCE(sum(callbacks_due), 0), COALESCE(sum(callbacks_kept), 0) "
        "FROM kpi_todo_days WHERE agent_id = ? AND day >= ? AND day < ?"),
        {agentId, firstDay, cutDay});
    if (!callbacks.isActive())
        return queryFailed(callbacks);
    if (callbacks.next()) {
        out.figures.callbacksDue = callbacks.value(0).toInt();
        out.figures.callbacksKept = callbacks.value(1).toInt();
    }
    if (cut == endMs)
        return {};
    QSqlQuery &callbacksToday = run(QStringLiteral(
        "SELECT count(*), COALESCE(sum(completed_at IS NOT NULL AND completed_at <= due_at), 0) "
        "FROM todos WHERE agent_id = ? AND kind = 'callback' AND deleted = 0 "
        "AND due_at >= ? AND due_at < ?"), {agentId, std::max(startMs, startOfDay(cutDay)), cut});
    if (!callbacksToday.isActive())
        return queryFailed(callbacksToday);
    if (callbacksToday.next()) {
        out.figures.callbacksDue += callbacksToday.value(0).toInt();
        out.figures.callbacksKept += callbacksToday.value(1).toInt();
    }
    return {};
}

} // namespace Leadline
