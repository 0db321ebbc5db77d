#include "ruleaction.h"

#include <QHash>

namespace Leadline {

namespace {

const QHash<RuleActionKind, QString> &names()
{
    static const QHash<RuleActionKind, QString> all = {
        {RuleActionKind::CreateTodo, QStringLiteral("create_todo")},
        {RuleActionKind::SetField, QStringLiteral("set_field")},
        {RuleActionKind::AddTag, QStringLiteral("add_tag")},
        {RuleActionKind::RemoveTag, QStringLiteral("remove_tag")},
        {RuleActionKind::ChangeStage, QStringLiteral("change_stage")},
        {RuleActionKind::Assign, QStringLiteral("assign")},
        {RuleActionKind::Notify, QStringLiteral("notify")},
        {RuleActionKind::AddToNurture, QStringLiteral("add_to_nurture")},
    };
    return all;
}

} // namespace

QString RuleAction::name(RuleActionKind kind)
{
    return names().value(kind);
}

std::optional<RuleActionKind> RuleAction::fromName(const QString &name)
{
    for (auto it = names().cbegin(); it != names().cend(); ++it) {
        if (it.value() == name)
            return it.key();
    }
    return std::nullopt;
}

} // namespace Leadline
