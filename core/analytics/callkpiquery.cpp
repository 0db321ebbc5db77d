#include "callkpiquery.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

constexpr qint64 hourMs = 3600000;

// Day numbers are (t + offset) / 86400000: local days since 1970-01-01.
const QString rollupCalls = QStringLiteral(
    "SELECT (hour + ?) / 86400000, connect, sum(dials), sum(talk_s), sum(effective_s), "
    "sum(call_ms) FROM kpi_call_hours WHERE agent_id = ? AND hour >= ? AND hour < ? "
    "GROUP BY 1, 2");
const QString rowCalls = QStringLiteral(
    "SELECT (c.started_at + ?) / 86400000, "
    "COALESCE((SELECT d.is_connect <> 0 FROM dispositions d WHERE d.id = c.disposition_id), 0), "
    "count(*), sum(c.duration_s), sum(CASE WHEN c.duration_s >= 60 THEN c.duration_s ELSE 0 END), "
    "sum(COALESCE(c.ended_at - c.started_at, 0)) FROM calls c "
    "WHERE c.agent_id = ? AND c.deleted = 0 AND c.started_at >= ? AND c.started_at < ? "
    "GROUP BY 1, 2");
const QString rollupStates = QStringLiteral(
    "SELECT (hour + ?) / 86400000, state, sum(ms) FROM kpi_state_hours "
    "WHERE agent_id = ? AND hour >= ? AND hour < ? GROUP BY 1, 2");
// A state's span ends at the agent's next state; spans over four hours count as offline (the
// same rule as kpi_state_hours_recomputed in schema step 9).
const QString rowStates = QStringLiteral(
    "SELECT (at + ?) / 86400000, state, "
    "sum(CASE WHEN next_at - at <= 14400000 THEN next_at - at ELSE 0 END) "
    "FROM (SELECT state, at, lead(at) OVER (ORDER BY at, id) AS next_at FROM agent_states "
    "      WHERE agent_id = ? AND deleted = 0 AND at >= ?) "
    "WHERE next_at IS NOT NULL AND at < ? GROUP BY 1, 2");

int stateIndex(const QString &state)
{
    if (state == QLatin1String("Ready"))
        return int(KpiState::Ready);
    if (state == QLatin1String("NotReady"))
        return int(KpiState::NotReady);
    if (state == QLatin1String("OnCall"))
        return int(KpiState::OnCall);
    if (state == QLatin1String("WrapUp"))
        return int(KpiState::WrapUp);
    return -1;
}

Status queryFailed(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::CallKpiQuery",
                                             "The call figures could not be read: %1")
                     .arg(query.lastError().text())};
}

} // namespace

CallKpiQuery::CallKpiQuery(LocalStore &store)
    : m_store(store)
{}

bool CallKpiQuery::rollupsFit(const QList<OffsetSpan> &spans)
{
    for (const OffsetSpan &span : spans) {
        if (span.offsetMs % hourMs != 0 || span.startMs % hourMs != 0 || span.endMs % hourMs != 0)
            return false;
    }
    return true;
}

Result<QMap<QDate, CallFigures>> CallKpiQuery::daily(const QString &agentId,
                                                     const QList<OffsetSpan> &spans,
                                                     Source source) const
{
    QMap<QDate, CallFigures> days;
    for (const OffsetSpan &span : spans) {
        if (auto added = addCalls(agentId, span, source, days); !added)
            return added.error();
        if (auto added = addStates(agentId, span, source, days); !added)
            return added.error();
    }
    return days;
}

Status CallKpiQuery::addCalls(const QString &agentId, const OffsetSpan &span, Source source,
                              QMap<QDate, CallFigures> &days) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(source == Source::Rollups ? rollupCalls : rowCalls);
    query.addBindValue(span.offsetMs);
    query.addBindValue(agentId);
    query.addBindValue(span.startMs);
    query.addBindValue(span.endMs);
    if (!query.exec())
        return queryFailed(query);
    while (query.next()) {
        CallFigures &day = days[KpiPeriod::dateOfDay(query.value(0).toLongLong())];
        const bool connect = query.value(1).toInt() != 0;
        const qint64 dials = query.value(2).toLongLong();
        day.dials += dials;
        day.callMs += query.value(5).toLongLong();
        if (connect) {
            day.connects += dials;
            day.talkSeconds += query.value(3).toLongLong();
            day.effectiveTalkSeconds += query.value(4).toLongLong();
        }
    }
    return {};
}

Status CallKpiQuery::addStates(const QString &agentId, const OffsetSpan &span, Source source,
                               QMap<QDate, CallFigures> &days) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(source == Source::Rollups ? rollupStates : rowStates);
    query.addBindValue(span.offsetMs);
    query.addBindValue(agentId);
    query.addBindValue(span.startMs);
    query.addBindValue(span.endMs);
    if (!query.exec())
        return queryFailed(query);
    while (query.next()) {
        const int index = stateIndex(query.value(1).toString());
        const qint64 ms = query.value(2).toLongLong();
        if (index < 0 || ms == 0)
            continue;
        days[KpiPeriod::dateOfDay(query.value(0).toLongLong())].stateMs[std::size_t(index)] += ms;
    }
    return {};
}

} // namespace Leadline
