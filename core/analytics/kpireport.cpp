#include "kpireport.h"

namespace Leadline {

namespace {

std::optional<double> ratio(double numerator, double denominator)
{
    if (denominator <= 0)
        return std::nullopt;
    return numerator / denominator;
}

} // namespace

qint64 CallFigures::staffedMs() const
{
    qint64 sum = 0;
    for (qint64 ms : stateMs)
        sum += ms;
    return sum;
}

std::optional<double> CallFigures::connectRate() const
{
    return ratio(double(connects), double(dials));
}

CallFigures &CallFigures::operator+=(const CallFigures &other)
{
    dials += other.dials;
    connects += other.connects;
    talkSeconds += other.talkSeconds;
    effectiveTalkSeconds += other.effectiveTalkSeconds;
    callMs += other.callMs;
    for (std::size_t i = 0; i < stateMs.size(); ++i)
        stateMs[i] += other.stateMs[i];
    return *this;
}

std::optional<double> KpiFigures::averageHandleSeconds() const
{
    return ratio(double(calls.callMs + calls.stateTime(KpiState::WrapUp)) / 1000.0,
                 double(calls.dials));
}

std::optional<double> KpiFigures::averageWrapUpSeconds() const
{
    return ratio(double(calls.stateTime(KpiState::WrapUp)) / 1000.0, double(calls.dials));
}

std::optional<double> KpiFigures::callsPerHour() const
{
    return ratio(double(calls.dials), double(calls.staffedMs()) / 3600000.0);
}

std::optional<double> KpiFigures::callbacksKeptRate() const
{
    return ratio(callbacksKept, callbacksDue);
}

std::optional<double> KpiFigures::leadConversionRate() const
{
    return ratio(conversions, leadsCreated);
}

std::optional<double> KpiFigures::averageDealSize() const
{
    return ratio(wonAmount, conversions);
}

std::optional<double> KpiFigures::averageSalesCycleDays() const
{
    return ratio(salesCycleDays, conversions);
}

KpiFigures &KpiFigures::operator+=(const KpiFigures &other)
{
    calls += other.calls;
    todosOverdue += other.todosOverdue;
    callbacksDue += other.callbacksDue;
    callbacksKept += other.callbacksKept;
    leadsOwned += other.leadsOwned;
    leadsCreated += other.leadsCreated;
    conversions += other.conversions;
    wonAmount += other.wonAmount;
    salesCycleDays += other.salesCycleDays;
    return *this;
}

std::optional<double> SourceConversion::rate() const
{
    return ratio(won, created);
}

} // namespace Leadline
