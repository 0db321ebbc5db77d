#pragma once

#include <QString>

#include <optional>

namespace Leadline {

/// When a rule is considered.
enum class RuleTriggerKind {
    CustomerCreated,
    CustomerUpdated,
    FieldChanged, ///< field changed (to value, when value is set)
    StageChanged, ///< stage changed (to value, when value is set)
    CallLogged,   ///< a call was logged (with disposition value, when set)
    TodoCompleted,
    TodoOverdue,
    LeadImported,
    Schedule, ///< the time sweep (every 5 minutes and at start-up)
};

/// A rule's trigger: an event, optionally narrowed to a field and value, or the time sweep.
struct RuleTrigger
{
    RuleTriggerKind kind = RuleTriggerKind::Schedule;
    QString field; ///< FieldChanged: the field key
    QString value; ///< FieldChanged/StageChanged: the new value; CallLogged: the disposition

    /// The stored name of a kind ("customer_created", "schedule"…).
    static QString name(RuleTriggerKind kind);
    /// The kind a stored name stands for.
    static std::optional<RuleTriggerKind> fromName(const QString &name);
};

} // namespace Leadline
