#include "rulevalidator.h"

#include "rulecondition.h"
#include "rulelexer.h"

#include "core/domain/fieldcatalogue.h"
#include "core/domain/vocabulary.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace Leadline {

namespace {

// Fields a rule may set directly; owner, stage and tags have their own actions, and the
// others are kept by the application (score, times, custom fields).
bool isSettable(const FieldDefinition &field)
{
    static const QStringList settable
        = {QStringLiteral("name"),   QStringLiteral("company"),       QStringLiteral("title"),
           QStringLiteral("email"),  QStringLiteral("industry"),      QStringLiteral("region"),
           QStringLiteral("source"), QStringLiteral("customer_type"), QStringLiteral("intent"),
           QStringLiteral("amount")};
    return settable.contains(field.key);
}

// Merge fields of a template must be customer fields of the catalogue.
std::optional<Error> checkTemplate(const QString &text, const QString &where)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{([^{}]*)\})"));
    auto matches = placeholder.globalMatch(text);
    while (matches.hasNext()) {
        const QString key = matches.next().captured(1).trimmed();
        const FieldDefinition *field = FieldCatalogue::field(key);
        if (!field || field->scope != FieldScope::Customer)
            return Error{
                QCoreApplication::translate(
                    "Leadline::Rules",
                    "Unknown merge field {%1}; use a customer field such as {name} or {company}.")
                    .arg(key),
                where};
    }
    return std::nullopt;
}

} // namespace

std::optional<qint64> RuleValidator::parseDuration(const QString &text)
{
    QList<RuleToken> tokens;
    RuleLexer lexer(text.trimmed());
    if (lexer.tokenize(tokens) || tokens.size() != 2
        || tokens.first().kind != RuleTokenKind::Duration)
        return std::nullopt;
    return tokens.first().value.toLongLong();
}

QList<Error> RuleValidator::validate(const Rule &rule) const
{
    QList<Error> errors;
    if (rule.name.trimmed().isEmpty())
        errors.append(Error{QCoreApplication::translate("Leadline::Rules", "A rule needs a name."),
                            QStringLiteral("name")});

    const RuleTrigger &trigger = rule.trigger;
    const QString triggerWhere = QStringLiteral("trigger");
    if (trigger.kind == RuleTriggerKind::FieldChanged) {
        const FieldDefinition *field = FieldCatalogue::field(trigger.field);
        if (!field || field->scope != FieldScope::Customer)
            errors.append(
                Error{QCoreApplication::translate("Leadline::Rules",
                                                  "The trigger watches an unknown field \"%1\".")
                          .arg(trigger.field),
                      triggerWhere});
        else if (!trigger.value.isEmpty())
            if (auto error = field->validate(trigger.value))
                errors.append(Error{error->message, triggerWhere});
    } else if (trigger.kind == RuleTriggerKind::StageChanged && !trigger.value.isEmpty()
               && !Vocabulary::isStage(trigger.value)) {
        errors.append(Error{QCoreApplication::translate(
                                "Leadline::Rules", "The trigger waits for an unknown stage \"%1\".")
                                .arg(trigger.value),
                            triggerWhere});
    } else if (trigger.kind == RuleTriggerKind::CallLogged && !trigger.value.isEmpty()
               && !m_context.dispositions.contains(trigger.value)) {
        errors.append(
            Error{QCoreApplication::translate(
                      "Leadline::Rules", "The trigger waits for an unknown disposition \"%1\".")
                      .arg(trigger.value),
                  triggerWhere});
    }

    const RuleCondition condition = RuleCondition::compile(rule.condition, m_context);
    if (!condition.ok())
        errors.append(Error{condition.error()->message, QStringLiteral("condition")});

    if (rule.actions.isEmpty())
        errors.append(Error{
            QCoreApplication::translate("Leadline::Rules", "A rule needs at least one action."),
            QStringLiteral("actions")});
    for (int i = 0; i < rule.actions.size(); ++i)
        errors += validateAction(rule.actions.at(i), QStringLiteral("actions/%1").arg(i));
    return errors;
}

QList<Error> RuleValidator::validateAction(const RuleAction &action, const QString &where) const
{
    QList<Error> errors;
    const QVariantMap &p = action.params;
    auto text = [&p](const char *key) { return p.value(QLatin1String(key)).toString().trimmed(); };
    auto add = [&errors, &where](const QString &message, const char *param) {
        errors.append(Error{message, where + QLatin1Char('/') + QLatin1String(param)});
    };
    switch (action.kind) {
    case RuleActionKind::CreateTodo: {
        if (text("title").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules", "The todo needs a title."), "title");
        else if (auto error = checkTemplate(text("title"), where + QStringLiteral("/title")))
            errors.append(*error);
        const QString kind = text("kind");
        if (!kind.isEmpty() && !m_context.values(QStringLiteral("todo_kind")).contains(kind))
            add(QCoreApplication::translate(
                    "Leadline::Rules", "A todo is a callback, a task or a meeting, not \"%1\".")
                    .arg(kind),
                "kind");
        if (p.contains(QStringLiteral("due")) && !parseDuration(text("due")))
            add(QCoreApplication::translate(
                    "Leadline::Rules", "The due offset \"%1\" is not a duration such as 1h or 2d.")
                    .arg(text("due")),
                "due");
        bool ok = true;
        const int priority = p.value(QStringLiteral("priority"), 2).toInt(&ok);
        if (!ok || priority < 1 || priority > 3)
            add(QCoreApplication::translate("Leadline::Rules",
                                            "The priority is 1 (high), 2 (normal) or 3 (low)."),
                "priority");
        break;
    }
    case RuleActionKind::SetField: {
        const FieldDefinition *field = FieldCatalogue::field(text("field"));
        if (!field || !isSettable(*field))
            add(QCoreApplication::translate("Leadline::Rules",
                                            "A rule cannot set the field \"%1\".")
                    .arg(text("field")),
                "field");
        else if (auto error = field->validate(p.value(QStringLiteral("value"))))
            add(error->message, "value");
        break;
    }
    case RuleActionKind::AddTag:
    case RuleActionKind::RemoveTag: {
        const FieldDefinition *tags = FieldCatalogue::field(QStringLiteral("tags"));
        if (text("tag").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules", "The action needs a tag."), "tag");
        else if (auto error = tags->validate(QStringList{text("tag")}))
            add(error->message, "tag");
        break;
    }
    case RuleActionKind::ChangeStage:
        if (!Vocabulary::isStage(text("stage")))
            add(QCoreApplication::translate("Leadline::Rules", "Unknown stage \"%1\".")
                    .arg(text("stage")),
                "stage");
        break;
    case RuleActionKind::Assign: {
        const QString mode = text("mode");
        if (mode == QLatin1String("agent") && text("agent").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules",
                                            "Assigning to an agent needs the agent's login."),
                "agent");
        else if (mode == QLatin1String("round_robin") && text("team").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules",
                                            "Round-robin assignment needs a team."),
                "team");
        else if (mode != QLatin1String("agent") && mode != QLatin1String("round_robin")
                 && mode != QLatin1String("least_loaded") && mode != QLatin1String("pool"))
            add(QCoreApplication::translate("Leadline::Rules",
                                            "Assign to an agent, round-robin in a team, the "
                                            "least-loaded agent or the pool, not \"%1\".")
                    .arg(mode),
                "mode");
        break;
    }
    case RuleActionKind::Notify: {
        const QStringList to = p.value(QStringLiteral("to")).toStringList();
        const bool known
            = !to.isEmpty() && std::all_of(to.cbegin(), to.cend(), [](const QString &who) {
                  return who == QLatin1String("owner") || who == QLatin1String("supervisor");
              });
        if (!known)
            add(QCoreApplication::translate("Leadline::Rules",
                                            "Notify the owner, the supervisor or both."),
                "to");
        if (text("message").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules", "The notification needs a message."),
                "message");
        else if (auto error = checkTemplate(text("message"), where + QStringLiteral("/message")))
            errors.append(*error);
        break;
    }
    case RuleActionKind::AddToNurture:
        if (text("list").isEmpty())
            add(QCoreApplication::translate("Leadline::Rules",
                                            "The action needs the nurture list's name."),
                "list");
        break;
    }
    return errors;
}

} // namespace Leadline
