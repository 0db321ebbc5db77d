#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// A highlighted part of a text: characters [start, start + length).
struct TextRange
{
    int start = 0;
    int length = 0;
    bool operator==(const TextRange &other) const
    {
        return start == other.start && length == other.length;
    }
};

/// One article found by a search or suggested for a customer.
struct ArticleHit
{
    QString id;
    QString title;
    QString category;
    QString tags;
    QString snippet;                 ///< a piece of the body around the first match (plain text)
    QList<TextRange> titleRanges;    ///< where the search terms occur in title
    QList<TextRange> snippetRanges;  ///< where the search terms occur in snippet
    int score = 0;                   ///< suggestions: how well the article fits the customer
};

/// Read side of the knowledge base: search as you type over title, body and tags (trigram
/// index for 3+ characters, the 1-2 character gram index for short terms), ranked with title
/// hits first, then tag hits, then by bm25; and suggestions for a customer.
class ArticleSearch final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ArticleSearch)

public:
    explicit ArticleSearch(LocalStore &store);

    /// Live articles matching every term of text, best first. Any text is accepted: FTS syntax
    /// and SQL metacharacters are matched literally, and a text with no usable term finds
    /// nothing.
    /// A failed read (a damaged workspace) is an error, never "nothing found".
    Result<QList<ArticleHit>> search(const QString &text, int limit = 50) const;
    /// Live articles that suit a customer's stage (4 points), customer type (3) and industry
    /// (2), best first; articles that suit none are left out.
    Result<QList<ArticleHit>> suggestions(const QString &stage, const QString &industry,
                                  const QString &customerType, int limit = 10) const;

    /// The search terms of text that the indexes can look up.
    static QStringList searchTerms(const QString &text);
    /// Where the terms of text occur in subject, case-insensitive, overlapping ones merged.
    static QList<TextRange> highlights(const QString &subject, const QString &text);
    /// The body as one line of plain text (Markdown marks dropped), cut around the first match.
    static QString snippet(const QString &body, const QString &text, int length = 90);

private:
    LocalStore &m_store;
};

} // namespace Leadline
