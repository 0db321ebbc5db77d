#pragma once

#include "ruleerror.h"
#include "ruletoken.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

/// Splits a condition into tokens. Full-width punctuation and digits typed with a Chinese input
/// method (（）［］，＝＜＞！) read as their ASCII forms outside strings; strings take "…", '…'
/// or “…” quotes; numbers followed by d/h/m/w (or 天/小时/分钟/周) are durations; YYYY-MM-DD
/// (optionally followed by THH:MM) is a date.
class RuleLexer final
{
public:
    explicit RuleLexer(const QString &source);

    /// Reads every token (ending with End) into tokens; returns the first error, if any.
    std::optional<RuleError> tokenize(QList<RuleToken> &tokens);

    /// How a token is named in "… but found X" ("\"and\"", or "the end of the rule").
    static QString describe(const RuleToken &token);

private:
    QChar peek(int ahead = 0) const;
    QChar advance();
    bool atEnd() const { return m_pos >= m_source.size(); }
    RuleError errorHere(int start, int line, int column, const QString &expected) const;
    std::optional<RuleError> readString(RuleToken &token, QChar close);
    std::optional<RuleError> readNumber(RuleToken &token);
    std::optional<RuleError> readOperator(RuleToken &token);
    void readWord(RuleToken &token);

    QString m_source; ///< with full-width ASCII folded outside strings
    int m_pos = 0;
    int m_line = 1;
    int m_column = 1;
};

} // namespace Leadline
