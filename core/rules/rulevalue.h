#pragma once

#include "ruletype.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

/// A value while a condition is evaluated. type Null means missing (never called, no todo,
/// no last contact); which member is meaningful follows type.
struct RuleValue
{
    RuleType type = RuleType::Null;
    bool boolean = false;
    double number = 0;
    qint64 ms = 0; ///< DateTime: ms since the epoch; Duration: ms
    QString text;
    QStringList texts;
    QList<double> numbers;

    bool isNull() const { return type == RuleType::Null; }
    static RuleValue ofBool(bool value)
    {
        RuleValue v;
        v.type = RuleType::Bool;
        v.boolean = value;
        return v;
    }
    static RuleValue ofNumber(double value)
    {
        RuleValue v;
        v.type = RuleType::Number;
        v.number = value;
        return v;
    }
    static RuleValue ofText(const QString &value)
    {
        RuleValue v;
        v.type = RuleType::Text;
        v.text = value;
        return v;
    }
    static RuleValue ofDateTime(qint64 value)
    {
        RuleValue v;
        v.type = RuleType::DateTime;
        v.ms = value;
        return v;
    }
    static RuleValue ofDuration(qint64 value)
    {
        RuleValue v;
        v.type = RuleType::Duration;
        v.ms = value;
        return v;
    }
    static RuleValue ofTexts(const QStringList &value)
    {
        RuleValue v;
        v.type = RuleType::TextList;
        v.texts = value;
        return v;
    }
};

} // namespace Leadline
