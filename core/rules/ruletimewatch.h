#pragma once

#include "ruletrigger.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

class RuleCondition;

/// One way the clock alone can change a time rule's decision for a customer: when "now" crosses
/// a timestamp of the customer's plus an offset (days_since(last_contact) >= 3 can change when
/// now passes last_contact + 3 days or + 4 days; count_calls(14) when now passes a call's start
/// + 14 days; an overdue to-do when now passes its due time). An incremental sweep looks up the
/// customers with such a timestamp in the interval it covers; every other customer whose facts
/// did not change decides exactly as at the last sweep.
struct RuleTimeWatch
{
    enum class Column {
        LastContact,   ///< customers.last_contact_at
        AssignedAt,    ///< customers.assigned_at
        CreatedAt,     ///< customers.created_at
        UpdatedAt,     ///< customers.updated_at
        CallStarted,   ///< calls.started_at
        TodoDue,       ///< todos.due_at
        TodoCompleted, ///< todos.completed_at
    };
    Column column = Column::LastContact;
    qint64 offsetMs = 0;

    bool operator==(const RuleTimeWatch &other) const = default;

    /// Every instant at which the clock can change the rule's decision for some customer, read
    /// from the condition's checked syntax tree and the trigger (to-do overdue watches due
    /// times). nullopt when the condition uses the clock in a way this does not follow (now()
    /// or days_since() anywhere but compared with a constant): such a rule needs a full sweep.
    static std::optional<QList<RuleTimeWatch>> of(const RuleCondition &condition,
                                                  RuleTriggerKind trigger);

    /// SQL giving the ids of the customers whose watched timestamp lies in [from, to] (two
    /// bound values, in that order).
    static QString customersQuery(Column column);
};

} // namespace Leadline
