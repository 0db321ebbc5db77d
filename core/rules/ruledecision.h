#pragma once

#include "ruletype.h"

#include <QList>
#include <QString>

namespace Leadline {

/// A value the condition read while deciding: the expression as written and what it was.
struct RuleObservation
{
    QString expression; ///< "days_since(last_contact)"
    QString value;      ///< "4", "高", "2026-11-23 09:30", "(none)"
    RuleType type = RuleType::Unknown;
};

/// The outcome of a condition on one customer and the values that led to it ("why it matched").
struct RuleDecision
{
    bool matched = false;
    QList<RuleObservation> seen; ///< in the order they were read, each expression once
};

} // namespace Leadline
