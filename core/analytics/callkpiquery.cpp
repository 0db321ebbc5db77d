#include "callkpiquery.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

constexpr qint64 hourMs = 3600000;
constexpr qint64 dayMs = 86400000;

// Day numbers are (t + offset) / 86400000: local days since 1970-01-01.
const QString hourRollups = QStringLiteral(
    "SELECT (hour + ?) / 86400000, sum(dials), sum(connects), sum(talk_s), sum(effective_s), "
    "sum(call_ms), sum(ready_ms), sum(not_ready_ms), sum(on_call_ms), sum(wrap_up_ms) "
    "FROM kpi_hours WHERE agent_id = ? AND hour >= ? AND hour < ? GROUP BY 1");
// kpi_days rows are already local days of the span's offset.
const QString dayRollups = QStringLiteral(
    "SELECT day, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, "
    "on_call_ms, wrap_up_ms FROM kpi_days WHERE agent_id = ? AND day >= ? AND day < ?");
const QString rowCalls = QStringLiteral(
    "SELECT (started_at + ?) / 86400000, count(*), sum(connect), sum(connect * duration_s), "
    "sum(connect * CASE WHEN duration_s >= 60 THEN duration_s ELSE 0 END), "
    "sum(COALESCE(ended_at - started_at, 0)) "
    "FROM (SELECT c.started_at, c.ended_at, c.duration_s, COALESCE(d.is_connect <> 0, 0) AS connect "
    "      FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id "
    "      WHERE c.agent_id = ? AND c.deleted = 0 AND c.started_at >= ? AND c.started_at < ?) "
    "GROUP BY 1");
// A state's span ends at the agent's next state; spans over four hours count as offline (the
// same rule as kpi_hours_recomputed in schema step 9).
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
    : m_statements(store.database())
{}

CallKpiQuery::Source CallKpiQuery::bestSource(const QList<OffsetSpan> &spans, qint64 dayOffsetMs)
{
    if (spans.size() == 1 && spans.first().offsetMs == dayOffsetMs)
        return Source::Days;
    for (const OffsetSpan &span : spans) {
        if (span.offsetMs % hourMs != 0 || span.startMs % hourMs != 0 || span.endMs % hourMs != 0)
            return Source::Rows;
    }
    return Source::Hours;
}

Result<QMap<QDate, CallFigures>> CallKpiQuery::daily(const QString &agentId,
                                                     const QList<OffsetSpan> &spans,
                                                     Source source) const
{
    QMap<QDate, CallFigures> days;
    for (const OffsetSpan &span : spans) {
        if (source != Source::Rows) {
            if (auto added = addRollups(agentId, span, source, days); !added)
                return added.error();
            continue;
        }
        if (auto added = addCalls(agentId, span, days); !added)
            return added.error();
        if (auto added = addStates(agentId, span, days); !added)
            return added.error();
    }
    return days;
}

QSqlQuery &CallKpiQuery::run(const QString &sql, const QString &agentId, const OffsetSpan &span) const
{
    return m_statements.run(sql, {span.offsetMs, agentId, span.startMs, span.endMs});
}

Status CallKpiQuery::addRollups(const QString &agentId, const OffsetSpan &span, Source source,
                                QMap<QDate, CallFigures> &days) const
{
    QSqlQuery &query = source == Source::Days
                           ? m_statements.run(dayRollups,
                                              {agentId, (span.startMs + span.offsetMs) / dayMs,
                                               (span.endMs + span.offsetMs) / dayMs})
                           : run(hourRollups, agentId, span);
    if (!query.isActive())
        return queryFailed(query);
    while (query.next()) {
        CallFigures &day = days[KpiPeriod::dateOfDay(query.value(0).toLongLong())];
        day.dials += query.value(1).toLongLong();
        day.connects += query.value(2).toLongLong();
        day.talkSeconds += query.value(3).toLongLong();
        day.effectiveTalkSeconds += query.value(4).toLongLong();
        day.callMs += query.value(5).toLongLong();
        for (int state = 0; state < kpiStateCount; ++state)
            day.stateMs[std::size_t(state)] += query.value(6 + state).toLongLong();
    }
    return {};
}

Status CallKpiQuery::addCalls(const QString &agentId, const OffsetSpan &span,
                              QMap<QDate, CallFigures> &days) const
{
    QSqlQuery &query = run(rowCalls, agentId, span);
    if (!query.isActive())
        return queryFailed(query);
    while (query.next()) {
        CallFigures &day = days[KpiPeriod::dateOfDay(query.value(0).toLongLong())];
        day.dials += query.value(1).toLongLong();
        day.connects += query.value(2).toLongLong();
        day.talkSeconds += query.value(3).toLongLong();
        day.effectiveTalkSeconds += query.value(4).toLongLong();
        day.callMs += query.value(5).toLongLong();
    }
    return {};
}

Status CallKpiQuery::addStates(const QString &agentId, const OffsetSpan &span,
                               QMap<QDate, CallFigures> &days) const
{
    QSqlQuery &query = run(rowStates, agentId, span);
    if (!query.isActive())
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
