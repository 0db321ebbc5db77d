#pragma once

#include "core/domain/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Leadline {

/// How customer text is cut into tokens for the short-query index, and the SQL function that
/// does it inside the workspace's triggers.
class SearchTokens final
{
public:
    /// Every single letter or digit and every pair of adjacent ones, lower-cased, each once,
    /// separated by spaces: "星河科技" gives "星 星河 河 河科 科 科技 技". Words that are e-mail
    /// addresses are skipped.
    static QString grams(const QString &text);
    /// Registers the leadline_grams FTS5 tokenizer (the customers' 1-2 character index cuts its
    /// text with it) and the leadline_grams(text) SQL function (the articles' index and the
    /// older schema steps call it) on a SQLite connection. Every connection needs them before
    /// it touches the search tables.
    static Status install(const QSqlDatabase &db);
    /// Text as one FTS5 phrase: quoted, inner quotes doubled, control characters dropped, so
    /// whatever a person typed is matched literally and never parsed as FTS syntax.
    static QString phrase(const QString &text);
    /// The search text cut into terms at white space (at most a few; extra ones are ignored).
    static QStringList terms(const QString &text);
    /// Whether a 1-2 character term can be looked up in the short-query index as it is
    /// (letters and digits only).
    static bool isGramTerm(const QString &term);
    /// Whether a term is short (1-2 characters) and so needs the short-query index.
    static bool isShort(const QString &term);
    /// The letters and digits of a short term, the part the short-query index can look up
    /// ("王\"" gives "王"); empty when nothing is left.
    static QString shortKey(const QString &term);
    /// The phone_grams query for a run of four or more digits (local step 22): every run of
    /// four it contains, all required ("56861" gives "5686" AND "6861"). A longer run can match
    /// numbers holding its runs of four apart, so its hits are checked against the number.
    static QString digitRuns(const QString &digits);
};

} // namespace Leadline
