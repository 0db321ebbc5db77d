#include "kpijson.h"

#include <QJsonArray>

namespace Leadline {

namespace {

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

double seconds(qint64 ms)
{
    return double(ms) / 1000.0;
}

QJsonObject daily(const DailyPoint &point)
{
    return {{QStringLiteral("day"), point.day.toString(Qt::ISODate)},
            {QStringLiteral("dials"), point.calls.dials},
            {QStringLiteral("connects"), point.calls.connects},
            {QStringLiteral("connect_rate"), optional(point.calls.connectRate())},
            {QStringLiteral("effective_talk_s"), point.calls.effectiveTalkSeconds}};
}

} // namespace

QJsonObject KpiJson::figures(const KpiFigures &f)
{
    const CallFigures &c = f.calls;
    return {
        {QStringLiteral("dials"), c.dials},
        {QStringLiteral("connects"), c.connects},
        {QStringLiteral("connect_rate"), optional(f.connectRate())},
        {QStringLiteral("talk_s"), c.talkSeconds},
        {QStringLiteral("effective_talk_s"), c.effectiveTalkSeconds},
        {QStringLiteral("average_handle_s"), optional(f.averageHandleSeconds())},
        {QStringLiteral("average_wrap_up_s"), optional(f.averageWrapUpSeconds())},
        {QStringLiteral("calls_per_hour"), optional(f.callsPerHour())},
        {QStringLiteral("time_in_state_s"),
         QJsonObject{{QStringLiteral("ready"), seconds(c.stateTime(KpiState::Ready))},
                     {QStringLiteral("not_ready"), seconds(c.stateTime(KpiState::NotReady))},
                     {QStringLiteral("on_call"), seconds(c.stateTime(KpiState::OnCall))},
                     {QStringLiteral("wrap_up"), seconds(c.stateTime(KpiState::WrapUp))}}},
        {QStringLiteral("todos_overdue"), f.todosOverdue},
        {QStringLiteral("callbacks_due"), f.callbacksDue},
        {QStringLiteral("callbacks_kept"), f.callbacksKept},
        {QStringLiteral("callbacks_kept_rate"), optional(f.callbacksKeptRate())},
        {QStringLiteral("leads_owned"), f.leadsOwned},
        {QStringLiteral("leads_created"), f.leadsCreated},
        {QStringLiteral("conversions"), f.conversions},
        {QStringLiteral("lead_conversion_rate"), optional(f.leadConversionRate())},
        {QStringLiteral("won_amount"), f.wonAmount},
        {QStringLiteral("average_deal_size"), optional(f.averageDealSize())},
        {QStringLiteral("average_sales_cycle_days"), optional(f.averageSalesCycleDays())},
    };
}

QJsonObject KpiJson::report(const KpiReport &report)
{
    QJsonArray agents;
    for (const AgentKpis &row : report.agents) {
        QJsonObject agent = figures(row.figures);
        agent.insert(QStringLiteral("login"), row.agent.login);
        agent.insert(QStringLiteral("name"), row.agent.name);
        agent.insert(QStringLiteral("team"), row.agent.teamName);
        agents.append(agent);
    }
    QJsonArray days;
    for (const DailyPoint &point : report.daily)
        days.append(daily(point));
    QJsonArray funnel;
    for (const FunnelStage &stage : report.funnel) {
        funnel.append(QJsonObject{{QStringLiteral("stage"), stage.stage},
                                  {QStringLiteral("entered"), stage.entered},
                                  {QStringLiteral("to_next"), optional(stage.toNext)}});
    }
    QJsonArray sources;
    for (const SourceConversion &source : report.bySource) {
        sources.append(QJsonObject{{QStringLiteral("source"), source.source},
                                   {QStringLiteral("created"), source.created},
                                   {QStringLiteral("won"), source.won},
                                   {QStringLiteral("rate"), optional(source.rate())}});
    }
    return {{QStringLiteral("from"), report.period.from.toString(Qt::ISODate)},
            {QStringLiteral("to"), report.period.to.toString(Qt::ISODate)},
            {QStringLiteral("time_zone"), report.timeZone},
            {QStringLiteral("total"), figures(report.total)},
            {QStringLiteral("agents"), agents},
            {QStringLiteral("daily"), days},
            {QStringLiteral("funnel"), funnel},
            {QStringLiteral("by_source"), sources}};
}

} // namespace Leadline
