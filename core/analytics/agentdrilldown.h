#pragma once

#include "kpiperiod.h"
#include "kpiscope.h"

#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace Leadline {

class LocalStore;

/// One call of an agent, as the drill-down lists it.
struct DrillDownCall
{
    QString id;
    QString customerId;
    QString customerName;
    qint64 startedAt = 0;
    int durationSeconds = 0;
    QString disposition; ///< its name, empty when none
    bool connect = false;
};

/// A customer the agent called in the period.
struct DrillDownCustomer
{
    QString id;
    QString name;
    QString stage;
    int calls = 0;
    int connects = 0;
    qint64 lastCallAt = 0;
};

/// What is behind one row of the team table: that agent's calls in the period (latest first, at
/// most `limit`) and the customers he called.
struct AgentActivity
{
    ScopedAgent agent;
    QList<DrillDownCall> calls;
    int totalCalls = 0; ///< calls in the period, when more than listed
    QList<DrillDownCustomer> customers;
};

/// Drill-down from the team table (§2.6): the agent's calls and customers, for those who may see
/// his figures (KpiAccess decides, as for the figures themselves).
class AgentDrillDown final
{
public:
    explicit AgentDrillDown(LocalStore &store);

    Result<AgentActivity> load(const QString &agentId, const KpiPeriod &period, int limit = 2000) const;

private:
    LocalStore &m_store;
};

} // namespace Leadline
