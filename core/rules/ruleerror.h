#pragma once

#include <QString>

namespace Leadline {

/// A mistake in a rule's condition: where it is, what was expected there and what was found,
/// in the user's language.
struct RuleError
{
    int line = 1;     ///< 1-based
    int column = 1;   ///< 1-based, in characters
    int offset = 0;   ///< UTF-16 index of the spot in the source
    int length = 1;   ///< UTF-16 units to underline (at least one)
    QString expected; ///< "a value", "\")\""… (translated)
    QString found;    ///< "\"and\"", "the end of the rule"… (translated)
    QString detail;   ///< "expected …, but found …" (translated)
    QString message;  ///< the whole sentence: line and column, then detail

    /// An error at a spot with the usual "expected …, but found …" sentence.
    static RuleError
    at(int line, int column, int offset, int length, const QString &expected, const QString &found);
    /// The source line the error is on and, under it, a caret line marking the spot
    /// (wide CJK characters count as two columns so the marks line up in a terminal).
    QString caretText(const QString &source) const;
    /// message, then caretText(source).
    QString display(const QString &source) const;
};

} // namespace Leadline
