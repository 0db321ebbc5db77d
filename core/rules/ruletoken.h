#pragma once

#include <QString>
#include <QVariant>

namespace Leadline {

/// The kinds of token the condition language has.
enum class RuleTokenKind {
    End,
    Identifier,
    Number,
    Duration, ///< value: milliseconds (qint64)
    String,   ///< value: the text without quotes, escapes resolved
    Date,     ///< value: QDateTime without a time zone (resolved when evaluating)
    True,
    False,
    Null,
    And,
    Or,
    Not,
    In,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Plus,
    Minus,
};

/// One token of a condition and where it stands in the source.
struct RuleToken
{
    RuleTokenKind kind = RuleTokenKind::End;
    QString text;   ///< the source characters it was read from
    QVariant value; ///< the literal's value for Number, Duration, String and Date
    int offset = 0; ///< index of the first UTF-16 unit in the source
    int length = 0; ///< UTF-16 units
    int line = 1;   ///< 1-based
    int column = 1; ///< 1-based, in characters
};

} // namespace Leadline
