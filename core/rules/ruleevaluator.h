#pragma once

#include "customerfacts.h"
#include "ruleast.h"
#include "ruledecision.h"

#include <QTimeZone>

namespace Leadline {

class Clock;

/// Decides a checked condition for one customer. Pure: reads only the facts and the clock,
/// writes nothing, and always terminates (the language has no loops and a tree is at most
/// RuleLimits::maxNodes nodes). A missing value (no call yet, no last contact) makes a
/// comparison false, equals only null, and counts as false where a true/false is needed.
class RuleEvaluator final
{
public:
    /// zone: where date literals (2026-11-27) start their day.
    explicit RuleEvaluator(const Clock &clock, QTimeZone zone = QTimeZone::systemTimeZone());

    /// The decision and the values the condition read; an unchecked tree never matches.
    RuleDecision evaluate(const RuleAst &ast, const CustomerFacts &facts) const;

private:
    const Clock &m_clock;
    QTimeZone m_zone;
};

} // namespace Leadline
