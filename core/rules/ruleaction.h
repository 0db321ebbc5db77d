#pragma once

#include <QString>
#include <QVariantMap>

#include <optional>

namespace Leadline {

/// What a rule does when its condition matches.
enum class RuleActionKind {
    CreateTodo,   ///< params: title (template), kind, due (duration: "1h", "2d"), priority (1–3)
    SetField,     ///< params: field (catalogue key), value
    AddTag,       ///< params: tag
    RemoveTag,    ///< params: tag
    ChangeStage,  ///< params: stage
    Assign,       ///< params: mode (agent, round_robin, least_loaded, pool), agent or team
    Notify,       ///< params: to (owner and/or supervisor), message (template)
    AddToNurture, ///< params: list
};

/// One action of a rule with its parameters. Templates take merge fields by catalogue key:
/// "跟进新线索：{name}（{company}）".
struct RuleAction
{
    RuleActionKind kind = RuleActionKind::CreateTodo;
    QVariantMap params;

    /// The stored name of a kind ("create_todo", "assign"…).
    static QString name(RuleActionKind kind);
    /// The kind a stored name stands for.
    static std::optional<RuleActionKind> fromName(const QString &name);
};

} // namespace Leadline
