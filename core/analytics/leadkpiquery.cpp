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
    : m_store(store)
{}

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
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ? AND deleted = 0"));
    query.addBindValue(agentId);
    if (!query.exec())
        return queryFailed(query);
    if (query.next())
        out.figures.leadsOwned = query.value(0).toInt();

    query.prepare(QStringLiteral(
        "SELECT source, count(*) FROM customers WHERE owner_id = ? AND deleted = 0 "
        "AND created_at >= ? AND created_at < ? GROUP BY source"));
    query.addBindValue(agentId);
    query.addBindValue(startMs);
    query.addBindValue(endMs);
    if (!query.exec())
        return queryFailed(query);
    while (query.next()) {
        const int count = query.value(1).toInt();
        out.createdBySource[query.value(0).toString()] += count;
        out.figures.leadsCreated += count;
    }
    return {};
}

Status LeadKpiQuery::loadStages(const QString &agentId, qint64 startMs, qint64 endMs,
                                LeadFigures &out) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT to_value, count(DISTINCT customer_id) FROM stage_changes "
        "WHERE agent_id = ? AND kind = 'stage' AND deleted = 0 AND at >= ? AND at < ? "
        "GROUP BY to_value"));
    query.addBindValue(agentId);
    query.addBindValue(startMs);
    query.addBindValue(endMs);
    if (!query.exec())
        return queryFailed(query);
    while (query.next())
        out.enteredByStage.insert(query.value(0).toString(), query.value(1).toInt());

    // One row per customer won: the first time this agent moved it to 成交 in the period.
    query.prepare(QStringLiteral(
        "SELECT min(s.at), c.created_at, COALESCE(c.amount, 0), COALESCE(c.source, '') "
        "FROM stage_changes s LEFT JOIN customers c ON c.id = s.customer_id "
        "WHERE s.agent_id = ? AND s.kind = 'stage' AND s.deleted = 0 AND s.to_value = ? "
        "AND s.at >= ? AND s.at < ? GROUP BY s.customer_id"));
    query.addBindValue(agentId);
    query.addBindValue(wonStage());
    query.addBindValue(startMs);
    query.addBindValue(endMs);
    if (!query.exec())
        return queryFailed(query);
    while (query.next()) {
        const qint64 wonAt = query.value(0).toLongLong();
        const qint64 createdAt = query.value(1).isNull() ? wonAt : query.value(1).toLongLong();
        out.figures.conversions += 1;
        out.figures.wonAmount += query.value(2).toDouble();
        out.figures.salesCycleDays += double(std::max<qint64>(0, wonAt - createdAt)) / dayMs;
        out.wonBySource[query.value(3).toString()] += 1;
    }
    return {};
}

Status LeadKpiQuery::loadTodos(const QString &agentId, qint64 startMs, qint64 endMs, qint64 nowMs,
                               LeadFigures &out) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT count(*) FROM todos WHERE agent_id = ? "
                                 "AND completed_at IS NULL AND deleted = 0 AND due_at < ?"));
    query.addBindValue(agentId);
    query.addBindValue(nowMs);
    if (!query.exec())
        return queryFailed(query);
    if (query.next())
        out.figures.todosOverdue = query.value(0).toInt();

    // Callbacks due in the period and already due now: kept when completed by their due time.
    query.prepare(QStringLiteral(
        "SELECT count(*), COALESCE(sum(completed_at IS NOT NULL AND completed_at <= due_at), 0) "
        "FROM todos WHERE agent_id = ? AND kind = 'callback' AND deleted = 0 "
        "AND due_at >= ? AND due_at < ?"));
    query.addBindValue(agentId);
    query.addBindValue(startMs);
    query.addBindValue(std::min(endMs, nowMs));
    if (!query.exec())
        return queryFailed(query);
    if (query.next()) {
        out.figures.callbacksDue = query.value(0).toInt();
        out.figures.callbacksKept = query.value(1).toInt();
    }
    return {};
}

} // namespace Leadline
