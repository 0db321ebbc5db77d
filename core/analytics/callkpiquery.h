#pragma once

#include "kpiperiod.h"
#include "kpireport.h"
#include "statementcache.h"

#include "core/domain/result.h"

#include <QMap>

namespace Leadline {

class LocalStore;

/// Calls and agent-state time of one agent, summed per local day: from the daily or hourly
/// rollup (kpi_days, kpi_hours) or from the calls and states themselves.
class CallKpiQuery final
{
public:
    enum class Source {
        Days,  ///< daily sums kept by triggers (kpi_days): fastest, for its one UTC offset
        Hours, ///< hourly sums kept by triggers (kpi_hours): zones with whole-hour offsets
        Rows   ///< the calls and agent states themselves: any zone, slowest
    };

    explicit CallKpiQuery(LocalStore &store);

    /// The fastest source that adds up to whole local days in these spans, given the UTC
    /// offset of kpi_days (KpiRollups::dayOffsetMs).
    static Source bestSource(const QList<OffsetSpan> &spans, qint64 dayOffsetMs);
    /// The agent's sums per local day over spans (days without activity are absent).
    Result<QMap<QDate, CallFigures>> daily(const QString &agentId, const QList<OffsetSpan> &spans,
                                           Source source) const;

private:
    QSqlQuery &run(const QString &sql, const QString &agentId, const OffsetSpan &span) const;
    Status addRollups(const QString &agentId, const OffsetSpan &span, Source source,
                      QMap<QDate, CallFigures> &days) const;
    Status addCalls(const QString &agentId, const OffsetSpan &span,
                    QMap<QDate, CallFigures> &days) const;
    Status addStates(const QString &agentId, const OffsetSpan &span,
                     QMap<QDate, CallFigures> &days) const;

    mutable StatementCache m_statements;
};

} // namespace Leadline
