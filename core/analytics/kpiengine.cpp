#include "kpiengine.h"

#include "kpiaccess.h"
#include "kpirollups.h"
#include "leadkpiquery.h"

#include "core/domain/clock.h"
#include "core/domain/vocabulary.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QTimeZone>

#include <algorithm>

namespace Leadline {

namespace {

// The funnel runs from 首次联系 to 成交 (流失 is not a step of it).
constexpr int funnelStages = 6;

QList<FunnelStage> funnel(int leadsCreated, const QHash<QString, int> &enteredByStage)
{
    QList<FunnelStage> out;
    for (int i = 0; i < funnelStages; ++i) {
        const QString &stage = Vocabulary::stages().at(i);
        out.append({stage, i == 0 ? leadsCreated : enteredByStage.value(stage), std::nullopt});
    }
    for (int i = 0; i + 1 < funnelStages; ++i) {
        if (out.at(i).entered > 0)
            out[i].toNext = double(out.at(i + 1).entered) / double(out.at(i).entered);
    }
    return out;
}

QList<SourceConversion> bySource(const QHash<QString, int> &created, const QHash<QString, int> &won)
{
    QHash<QString, SourceConversion> sources;
    for (auto it = created.cbegin(); it != created.cend(); ++it) {
        sources[it.key()].source = it.key();
        sources[it.key()].created += it.value();
    }
    for (auto it = won.cbegin(); it != won.cend(); ++it) {
        sources[it.key()].source = it.key();
        sources[it.key()].won += it.value();
    }
    QList<SourceConversion> out = sources.values();
    std::sort(out.begin(), out.end(), [](const SourceConversion &a, const SourceConversion &b) {
        return a.created != b.created ? a.created > b.created : a.source < b.source;
    });
    return out;
}

} // namespace

KpiEngine::KpiEngine(LocalStore &store)
    : m_store(store)
{}

Result<QList<std::pair<QString, QString>>> KpiEngine::teams() const
{
    return KpiAccess(m_store).visibleTeams();
}

Result<KpiReport> KpiEngine::report(const KpiScope &scope, const KpiPeriod &period) const
{
    if (!period.isValid())
        return Error{QCoreApplication::translate("Leadline::KpiEngine",
                                                 "Choose a period whose start is not after its end."),
                     QStringLiteral("from")};
    auto agents = KpiAccess(m_store).resolve(scope);
    if (!agents)
        return agents.error();

    KpiReport report;
    report.period = period;
    const qint64 now = m_store.clock().nowMs();
    const CallKpiQuery calls(m_store);
    const qint64 dayOffset = KpiRollups::dayOffsetMs(m_store);
    const LeadKpiQuery leads(m_store);
    QMap<QDate, CallFigures> teamDays;
    QHash<QString, int> created;
    QHash<QString, int> won;
    QHash<QString, int> entered;
    // Time zone look-ups are slow and teams few: each zone's spans once.
    QHash<QByteArray, QList<OffsetSpan>> zoneSpans;
    for (const ScopedAgent &agent : agents.value()) {
        if (report.timeZone.isEmpty())
            report.timeZone = QString::fromUtf8(agent.timeZone);
        else if (report.timeZone != QString::fromUtf8(agent.timeZone))
            report.timeZone = QStringLiteral("mixed");
        auto cached = zoneSpans.find(agent.timeZone);
        if (cached == zoneSpans.end())
            cached = zoneSpans.insert(agent.timeZone, period.spans(QTimeZone(agent.timeZone)));
        const QList<OffsetSpan> &spans = *cached;
        const CallKpiQuery::Source source = m_forced.value_or(
            CallKpiQuery::bestSource(spans, dayOffset));
        auto days = calls.daily(agent.id, spans, source);
        if (!days)
            return days.error();
        // The lead rollups count the same days as kpi_days: read them when the calls are.
        const std::optional<qint64> leadDays = source == CallKpiQuery::Source::Days
                                                   && spans.size() == 1
                                                   && spans.first().offsetMs == dayOffset
                                               ? std::optional<qint64>(dayOffset)
                                               : std::nullopt;
        auto lead = leads.load(agent.id, spans.first().startMs, spans.last().endMs, now, leadDays);
        if (!lead)
            return lead.error();

        AgentKpis row{agent, lead->figures, {}};
        row.daily.reserve(period.dayCount());
        for (QDate day = period.from; day <= period.to; day = day.addDays(1)) {
            const CallFigures figures = days->value(day);
            row.figures.calls += figures;
            row.daily.append({day, figures});
            teamDays[day] += figures;
        }
        for (auto it = lead->createdBySource.cbegin(); it != lead->createdBySource.cend(); ++it)
            created[it.key()] += it.value();
        for (auto it = lead->wonBySource.cbegin(); it != lead->wonBySource.cend(); ++it)
            won[it.key()] += it.value();
        for (auto it = lead->enteredByStage.cbegin(); it != lead->enteredByStage.cend(); ++it)
            entered[it.key()] += it.value();
        report.total += row.figures;
        report.agents.append(std::move(row));
    }
    if (report.timeZone.isEmpty())
        report.timeZone = QString::fromUtf8(KpiAccess(m_store).timeZone({}));
    for (QDate day = period.from; day <= period.to; day = day.addDays(1))
        report.daily.append({day, teamDays.value(day)});
    report.funnel = funnel(report.total.leadsCreated, entered);
    report.bySource = bySource(created, won);
    return report;
}

} // namespace Leadline
