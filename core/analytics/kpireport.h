#pragma once

#include "kpiperiod.h"
#include "kpiscope.h"

#include <QDate>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace Leadline {

/// The agent states the KPIs measure time in (the order of CallFigures::stateMs).
enum class KpiState { Ready, NotReady, OnCall, WrapUp };
inline constexpr int kpiStateCount = 4;

/// Sums over calls and agent states for one agent (or a team, or one day).
struct CallFigures
{
    qint64 dials = 0;                ///< call attempts
    qint64 connects = 0;             ///< calls whose disposition counts as a connect
    qint64 talkSeconds = 0;          ///< duration of the connected calls
    qint64 effectiveTalkSeconds = 0; ///< duration of the connected calls lasting 60 s or more
    qint64 callMs = 0;               ///< every call from dial to hang-up (handle time's call part)
    std::array<qint64, kpiStateCount> stateMs{}; ///< time in each KpiState

    qint64 stateTime(KpiState state) const { return stateMs[std::size_t(state)]; }
    /// Time in any state (the agent had the application open and was signed in).
    qint64 staffedMs() const;
    std::optional<double> connectRate() const;
    CallFigures &operator+=(const CallFigures &other);
};

/// Every §6 KPI of one agent (or the sum over a team) for a period.
struct KpiFigures
{
    CallFigures calls;
    int todosOverdue = 0;    ///< open todos past due now
    int callbacksDue = 0;    ///< callbacks due in the period, before now
    int callbacksKept = 0;   ///< of those, completed by their due time
    int leadsOwned = 0;      ///< customers owned now
    int leadsCreated = 0;    ///< customers created in the period (by owner)
    int conversions = 0;     ///< customers moved to 成交 in the period
    double wonAmount = 0;    ///< amount of those customers
    double salesCycleDays = 0; ///< sum over those customers of days from creation to 成交

    std::optional<double> connectRate() const { return calls.connectRate(); }
    /// (call time + wrap-up time) / dials, in seconds.
    std::optional<double> averageHandleSeconds() const;
    /// Wrap-up time / dials, in seconds.
    std::optional<double> averageWrapUpSeconds() const;
    /// Dials per staffed hour (time in any agent state).
    std::optional<double> callsPerHour() const;
    std::optional<double> callbacksKeptRate() const;
    /// Conversions / leads created in the period.
    std::optional<double> leadConversionRate() const;
    std::optional<double> averageDealSize() const;
    std::optional<double> averageSalesCycleDays() const;
    KpiFigures &operator+=(const KpiFigures &other);
};

/// One local day of an agent's (or the team's) trend.
struct DailyPoint
{
    QDate day;
    CallFigures calls; ///< dials, connects and talk times (no state times)
};

/// One row of the team table: who, the figures, and one point per day of the period.
struct AgentKpis
{
    ScopedAgent agent;
    KpiFigures figures;
    QList<DailyPoint> daily;
};

/// A stage of the funnel: customers entering it in the period and the share entering the next.
struct FunnelStage
{
    QString stage;
    int entered = 0;
    std::optional<double> toNext; ///< stage conversion: entered(next) / entered(this)
};

/// Lead conversion for one customer source.
struct SourceConversion
{
    QString source;
    int created = 0;
    int won = 0;
    std::optional<double> rate() const;
};

/// The KPIs of a scope for a period: one row per agent, the team total (the sum of the rows),
/// the daily trend, the funnel and conversion by source.
struct KpiReport
{
    KpiPeriod period;
    QString timeZone; ///< the scope's time zone (IANA id); "mixed" when teams differ
    QList<AgentKpis> agents;
    KpiFigures total;
    QList<DailyPoint> daily;
    QList<FunnelStage> funnel;
    QList<SourceConversion> bySource;
};

} // namespace Leadline
