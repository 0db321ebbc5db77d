#pragma once

#include <QString>

namespace Leadline {

/// The static type of an expression in a condition, as the checker infers it.
enum class RuleType {
    Unknown, ///< not checked yet
    Null,    ///< the null literal; equal only to a missing value
    Bool,
    Number,
    Text,
    DateTime, ///< an instant (ms since the epoch)
    Duration, ///< a length of time (ms)
    TextList,
    NumberList,
    EmptyList, ///< [] : a list of anything, always empty
};

/// How a type is named in error messages ("a number", "text"…), translated.
QString ruleTypeName(RuleType type);
/// True for the list types.
bool isListType(RuleType type);

} // namespace Leadline
