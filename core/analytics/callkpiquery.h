#pragma once

#include "kpiperiod.h"
#include "kpireport.h"

#include "core/domain/result.h"

#include <QMap>
#include <QSqlQuery>

namespace Leadline {

class LocalStore;

/// Calls and agent-state time of one agent, summed per local day: from the hourly rollup
/// (kpi_hours) or from the calls and states themselves.
class CallKpiQuery final
{
public:
    enum class Source {
        Rollups, ///< hourly sums kept by triggers: fast, for zones with whole-hour offsets
        Rows     ///< the calls and agent states themselves: any zone, slower
    };

    explicit CallKpiQuery(LocalStore &store);

    /// Whether hourly buckets add up to whole local days in these spans.
    static bool rollupsFit(const QList<OffsetSpan> &spans);
    /// The agent's sums per local day over spans (days without activity are absent).
    Result<QMap<QDate, CallFigures>> daily(const QString &agentId, const QList<OffsetSpan> &spans,
                                           Source source) const;

private:
    QSqlQuery run(const QString &sql, const QString &agentId, const OffsetSpan &span) const;
    Status addRollups(const QString &agentId, const OffsetSpan &span,
                      QMap<QDate, CallFigures> &days) const;
    Status addCalls(const QString &agentId, const OffsetSpan &span,
                    QMap<QDate, CallFigures> &days) const;
    Status addStates(const QString &agentId, const OffsetSpan &span,
                     QMap<QDate, CallFigures> &days) const;

    LocalStore &m_store;
};

} // namespace Leadline
