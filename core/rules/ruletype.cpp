#include "ruletype.h"

#include <QCoreApplication>

namespace Leadline {

QString ruleTypeName(RuleType type)
{
    const char *text = "";
    switch (type) {
    case RuleType::Unknown:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a value");
        break;
    case RuleType::Null:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "null");
        break;
    case RuleType::Bool:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a true/false condition");
        break;
    case RuleType::Number:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a number");
        break;
    case RuleType::Text:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "text");
        break;
    case RuleType::DateTime:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a date and time");
        break;
    case RuleType::Duration:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a duration");
        break;
    case RuleType::TextList:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a list of text");
        break;
    case RuleType::NumberList:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "a list of numbers");
        break;
    case RuleType::EmptyList:
        text = QT_TRANSLATE_NOOP("Leadline::Rules", "an empty list");
        break;
    }
    return QCoreApplication::translate("Leadline::Rules", text);
}

bool isListType(RuleType type)
{
    return type == RuleType::TextList || type == RuleType::NumberList
           || type == RuleType::EmptyList;
}

} // namespace Leadline
