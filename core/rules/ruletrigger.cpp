#include "ruletrigger.h"

#include <QHash>

namespace Leadline {

namespace {

const QHash<RuleTriggerKind, QString> &names()
{
    static const QHash<RuleTriggerKind, QString> all = {
        {RuleTriggerKind::CustomerCreated, QStringLiteral("customer_created")},
        {RuleTriggerKind::CustomerUpdated, QStringLiteral("customer_updated")},
        {RuleTriggerKind::FieldChanged, QStringLiteral("field_changed")},
        {RuleTriggerKind::StageChanged, QStringLiteral("stage_changed")},
        {RuleTriggerKind::CallLogged, QStringLiteral("call_logged")},
        {RuleTriggerKind::TodoCompleted, QStringLiteral("todo_completed")},
        {RuleTriggerKind::TodoOverdue, QStringLiteral("todo_overdue")},
        {RuleTriggerKind::LeadImported, QStringLiteral("lead_imported")},
        {RuleTriggerKind::Schedule, QStringLiteral("schedule")},
    };
    return all;
}

} // namespace

QString RuleTrigger::name(RuleTriggerKind kind)
{
    return names().value(kind);
}

std::optional<RuleTriggerKind> RuleTrigger::fromName(const QString &name)
{
    for (auto it = names().cbegin(); it != names().cend(); ++it) {
        if (it.value() == name)
            return it.key();
    }
    return std::nullopt;
}

} // namespace Leadline
