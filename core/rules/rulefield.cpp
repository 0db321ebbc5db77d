#include "rulefield.h"

#include "core/domain/fieldcatalogue.h"

#include <QList>

#include <algorithm>

namespace Leadline {

namespace {

const QList<RuleField> &activityFields()
{
    static const QList<RuleField> fields = {
        {QStringLiteral("last_call.at"), RuleType::DateTime, {}},
        {QStringLiteral("last_call.disposition"), RuleType::Text, QStringLiteral("disposition")},
        {QStringLiteral("last_call.outcome"), RuleType::Text, {}},
        {QStringLiteral("last_call.connected"), RuleType::Bool, {}},
        {QStringLiteral("last_call.duration"), RuleType::Duration, {}},
        {QStringLiteral("last_call.note"), RuleType::Text, {}},
        {QStringLiteral("last_todo.title"), RuleType::Text, {}},
        {QStringLiteral("last_todo.kind"), RuleType::Text, QStringLiteral("todo_kind")},
        {QStringLiteral("last_todo.due"), RuleType::DateTime, {}},
        {QStringLiteral("last_todo.priority"), RuleType::Number, {}},
        {QStringLiteral("last_todo.completed"), RuleType::Bool, {}},
        {QStringLiteral("last_todo.completed_at"), RuleType::DateTime, {}},
        {QStringLiteral("last_todo.overdue"), RuleType::Bool, {}},
    };
    return fields;
}

std::optional<RuleField> fromCatalogue(const FieldDefinition *field)
{
    if (!field || field->scope != FieldScope::Customer || field->key == QLatin1String("notes"))
        return std::nullopt;
    RuleField out;
    out.key = field->key;
    switch (field->type) {
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Phone:
    case FieldType::Agent:
        out.type = RuleType::Text;
        break;
    case FieldType::Choice:
        out.type = RuleType::Text;
        out.domain = field->key;
        break;
    case FieldType::Number:
        out.type = RuleType::Number;
        break;
    case FieldType::DateTime:
        out.type = RuleType::DateTime;
        break;
    case FieldType::Tags:
        out.type = RuleType::TextList;
        break;
    case FieldType::Boolean:
        out.type = RuleType::Bool;
        break;
    case FieldType::Map:
        return std::nullopt;
    }
    return out;
}

int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        QList<int> row(b.size() + 1);
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, substitution});
        }
        previous = row;
    }
    return previous[b.size()];
}

} // namespace

std::optional<RuleField> RuleField::resolve(const QString &name)
{
    const QString lowered = name.toLower();
    for (const RuleField &field : activityFields()) {
        if (field.key == lowered)
            return field;
    }
    if (lowered.contains(QLatin1Char('.')))
        return std::nullopt;
    if (auto field = fromCatalogue(FieldCatalogue::field(lowered)))
        return field;
    return fromCatalogue(FieldCatalogue::forHeader(name));
}

QStringList RuleField::names()
{
    QStringList out;
    for (const FieldDefinition &field : FieldCatalogue::fields()) {
        if (fromCatalogue(&field))
            out.append(field.key);
    }
    for (const RuleField &field : activityFields())
        out.append(field.key);
    return out;
}

QString RuleField::closest(const QString &name)
{
    QString best;
    int bestDistance = 3;
    const QString lowered = name.toLower();
    for (const QString &candidate : names()) {
        if (qAbs(candidate.size() - lowered.size()) >= bestDistance)
            continue;
        const int distance = editDistance(lowered, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

} // namespace Leadline
