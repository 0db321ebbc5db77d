#pragma once

#include "ruleaction.h"
#include "ruledecision.h"

#include <QList>
#include <QString>
#include <QVariantMap>

namespace Leadline {

/// One action of a rule made concrete for one customer: the todo's id, title and due time, the
/// agent an assignment picks, the tag… and what the customer must still be for it to apply.
struct PlannedAction
{
    RuleActionKind kind = RuleActionKind::CreateTodo;
    QVariantMap params; ///< resolved parameters (see RuleRunner)
    QVariantMap expect; ///< customers columns the decision was made on ({owner_id: …})
    QString summary; ///< "待办：跟进新线索：张三（华东机械）" in the UI language
};

/// What a rule decided for one customer and would do: the same for the real run, the dry run
/// and the backtest.
struct RulePlan
{
    QString runId; ///< derived from (rule, customer, cause): the same on every client
    QString ruleId;
    QString ruleName;
    QString customerId;
    QString customerName;
    QString cause;
    RuleDecision decision;
    QList<PlannedAction> actions;
    bool alreadyRun = false; ///< the workspace already holds this run (nothing would happen)

    /// "intent = 高; days_since(last_contact) = 4": the values the condition saw.
    QString why() const;
};

} // namespace Leadline
