#pragma once

#include "ruletype.h"

#include <QList>
#include <QString>

namespace Leadline {

/// What a function parameter accepts.
enum class RuleParam {
    Text,
    DateTime,
    Days,        ///< a number of days or a duration (7 or 7d)
    TextOrList,  ///< text, or a list of text (contains)
    Disposition, ///< text naming a disposition
};

/// A function of the condition language: its name, parameters and result type.
struct RuleFunction
{
    const char *name;
    QList<RuleParam> params;
    RuleType result;

    /// Every function, in the order error messages list them.
    static const QList<RuleFunction> &all();
    /// The function with this name (case-insensitive), or nullptr.
    static const RuleFunction *find(const QString &name);
    /// "days_since, hours_since, …" for messages.
    static QString names();
};

} // namespace Leadline
