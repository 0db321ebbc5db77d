#pragma once

#include "ruleaction.h"
#include "ruletrigger.h"

#include <QList>
#include <QString>

namespace Leadline {

/// A rule as supervisors author it: trigger + condition + actions. Plain data, synced like any
/// other row; RuleValidator checks it before it is saved.
struct Rule
{
    QString id;
    QString name;
    RuleTrigger trigger;
    QString condition; ///< the condition language's source text
    QList<RuleAction> actions;
    bool enabled = true;
};

} // namespace Leadline
