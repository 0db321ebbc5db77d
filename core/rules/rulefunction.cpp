#include "rulefunction.h"

#include <QStringList>

namespace Leadline {

const QList<RuleFunction> &RuleFunction::all()
{
    static const QList<RuleFunction> functions = {
        {"now", {}, RuleType::DateTime},
        {"days_since", {RuleParam::DateTime}, RuleType::Number},
        {"hours_since", {RuleParam::DateTime}, RuleType::Number},
        {"has_tag", {RuleParam::Text}, RuleType::Bool},
        {"count_calls", {RuleParam::Days}, RuleType::Number},
        {"count_calls_with", {RuleParam::Disposition, RuleParam::Days}, RuleType::Number},
        {"lower", {RuleParam::Text}, RuleType::Text},
        {"contains", {RuleParam::TextOrList, RuleParam::Text}, RuleType::Bool},
    };
    return functions;
}

const RuleFunction *RuleFunction::find(const QString &name)
{
    for (const RuleFunction &function : all()) {
        if (name.compare(QLatin1String(function.name), Qt::CaseInsensitive) == 0)
            return &function;
    }
    return nullptr;
}

QString RuleFunction::names()
{
    QStringList list;
    for (const RuleFunction &function : all())
        list.append(QLatin1String(function.name));
    return list.join(QStringLiteral(", "));
}

} // namespace Leadline
