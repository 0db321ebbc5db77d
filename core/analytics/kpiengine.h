#pragma once

#include "agentdrilldown.h"
#include "callkpiquery.h"
#include "kpireport.h"

#include "core/domain/result.h"

#include <optional>

namespace Leadline {

class LocalStore;

/// The §6 KPIs for a scope and a period, as plain data for the team tab, its charts and
/// `leadline report kpis`. The signed-in user's rights are checked first (KpiAccess); days
/// follow each team's time zone; call figures come from the daily rollup when the team's zone is
/// the one it counts, else from the hourly rollup when the zone's offsets are whole hours.
class KpiEngine final
{
public:
    explicit KpiEngine(LocalStore &store);

    Result<KpiReport> report(const KpiScope &scope, const KpiPeriod &period) const;
    /// One agent's calls and customers in the period (the team table's drill-down), for those
    /// who may see his figures.
    Result<AgentActivity> drillDown(const QString &agentId, const KpiPeriod &period) const
    {
        return AgentDrillDown(m_store).load(agentId, period);
    }
    /// The teams the signed-in user may ask for: (id, name), by name; empty for an agent.
    Result<QList<std::pair<QString, QString>>> teams() const;
    /// Reads calls from this source whatever the zone (tests compare rollups with the rows).
    void forceCallSource(std::optional<CallKpiQuery::Source> source) { m_forced = source; }

private:
    LocalStore &m_store;
    std::optional<CallKpiQuery::Source> m_forced;
};

} // namespace Leadline
