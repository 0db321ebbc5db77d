#include "articlesearch.h"

#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/storage/searchtokens.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Leadline {

namespace {

int characterCount(const QString &text)
{
    return int(text.toUcs4().size());
}

QString plainText(const QString &markdown)
{
    static const QRegularExpression marks(QStringLiteral("[#*`>|_]+|^\\s*[-+]\\s+|\\[|\\]\\([^)]*\\)"),
                                          QRegularExpression::MultilineOption);
    QString text = markdown;
    text.replace(marks, QStringLiteral(" "));
    return text.simplified();
}

} // namespace

ArticleSearch::ArticleSearch(LocalStore &store)
    : m_store(store)
{}

QStringList ArticleSearch::searchTerms(const QString &text)
{
    // Punctuation separates terms like white space does: what a person types around a word
    // (quotes, brackets, '*', "NEAR(") never becomes search syntax and never hides the word.
    QString cleaned = text;
    for (QChar &c : cleaned) {
        if (!c.isLetterOrNumber() && !c.isSurrogate() && !c.isMark())
            c = QLatin1Char(' ');
    }
    QStringList usable;
    for (const QString &term : SearchTokens::terms(cleaned)) {
        if (characterCount(term) >= 3 || SearchTokens::isGramTerm(term))
            usable.append(term);
    }
    return usable;
}

QList<TextRange> ArticleSearch::highlights(const QString &subject, const QString &text)
{
    QList<TextRange> ranges;
    for (const QString &term : searchTerms(text)) {
        qsizetype from = 0;
        while (true) {
            const qsizetype at = subject.indexOf(term, from, Qt::CaseInsensitive);
            if (at < 0)
                break;
            ranges.append({int(at), int(term.size())});
            from = at + term.size();
        }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const TextRange &a, const TextRange &b) { return a.start < b.start; });
    QList<TextRange> merged;
    for (const TextRange &range : ranges) {
        if (!merged.isEmpty() && range.start <= merged.last().start + merged.last().length) {
            TextRange &last = merged.last();
            last.length = std::max(last.start + last.length, range.start + range.length) - last.start;
        } else {
            merged.append(range);
        }
    }
    return merged;
}

QString ArticleSearch::snippet(const QString &body, const QString &text, int length)
{
    const QString plain = plainText(body);
    const QList<TextRange> ranges = highlights(plain, text);
    int start = ranges.isEmpty() ? 0 : std::max(0, ranges.first().start - length / 4);
    if (start > 0 && plain.size() - start < length)
        start = std::max(0, int(plain.size()) - length);
    QString out = plain.mid(start, length);
    if (start > 0)
        out.prepend(QChar(0x2026));
    if (start + length < plain.size())
        out.append(QChar(0x2026));
    return out;
}

Result<QList<ArticleHit>> ArticleSearch::search(const QString &text, int limit) const
{
    QStringList longTerms;
    QStringList shortTerms;
    const QStringList terms = searchTerms(text);
    for (const QString &term : terms) {
        if (characterCount(term) >= 3)
            longTerms.append(SearchTokens::phrase(term));
        else
            shortTerms.append(SearchTokens::phrase(term));
    }
    if (terms.isEmpty() || limit <= 0)
        return QList<ArticleHit>();

    // Title hits, then tag hits, then bm25 of the trigram index (title over tags over body).
    QStringList titleHits;
    QStringList tagHits;
    for (int i = 0; i < terms.size(); ++i) {
        titleHits.append(QStringLiteral("(instr(lower(a.title), ?) > 0)"));
        tagHits.append(QStringLiteral("(instr(lower(a.tags), ?) > 0)"));
    }
    QStringList ranks;
    QString from;
    QStringList where;
    if (!longTerms.isEmpty()) {
        from = QStringLiteral("article_fts");
        ranks.append(QStringLiteral("bm25(article_fts, 10.0, 1.0, 4.0)"));
        where.append(QStringLiteral("article_fts MATCH ?"));
    }
    if (!shortTerms.isEmpty()) {
        from = from.isEmpty() ? QStringLiteral("article_grams")
                              : from + QStringLiteral(" JOIN article_grams ON article_grams.rowid = article_fts.rowid");
        where.append(QStringLiteral("article_grams MATCH ?"));
    }
    // bm25 over the gram index (detail=column) costs ~40x the look-up itself when a one-
    // character term matches thousands of articles, so short terms rank by title and tag hits
    // (then title) and only the trigram index contributes bm25.
    if (ranks.isEmpty())
        ranks.append(QStringLiteral("0"));
    const QString driver = longTerms.isEmpty() ? QStringLiteral("article_grams") : QStringLiteral("article_fts");
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT a.rowid, a.id, a.title, a.category, a.tags, %1 AS title_hits, "
                                 "%2 AS tag_hits, %3 AS r FROM %4 JOIN articles a ON a.rowid = %5.rowid "
                                 "WHERE %6 ORDER BY title_hits DESC, tag_hits DESC, r, a.title LIMIT ?")
                      .arg(titleHits.join(QLatin1Char('+')), tagHits.join(QLatin1Char('+')),
                           ranks.join(QLatin1Char('+')), from, driver,
                           where.join(QStringLiteral(" AND "))));
    for (const QString &term : terms)
        query.addBindValue(term.toLower());
    for (const QString &term : terms)
        query.addBindValue(term.toLower());
    if (!longTerms.isEmpty())
        query.addBindValue(longTerms.join(QStringLiteral(" AND ")));
    if (!shortTerms.isEmpty())
        query.addBindValue(shortTerms.join(QStringLiteral(" AND ")));
    query.addBindValue(limit);
    QList<ArticleHit> hits;
    QList<qint64> rowids;
    if (!query.exec())
        return readError(query, tr("The knowledge base"));
    while (query.next()) {
        ArticleHit hit;
        rowids.append(query.value(0).toLongLong());
        hit.id = query.value(1).toString();
        hit.title = query.value(2).toString();
        hit.category = query.value(3).toString();
        hit.tags = query.value(4).toString();
        hit.titleRanges = highlights(hit.title, text);
        hits.append(hit);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The knowledge base"));
    // Bodies only for the rows shown: the ranking above never copies article bodies around.
    QSqlQuery body(m_store.database());
    body.prepare(QStringLiteral("SELECT body FROM articles WHERE rowid = ?"));
    for (int i = 0; i < hits.size(); ++i) {
        body.bindValue(0, rowids.at(i));
        if (!body.exec())
            return readError(body, tr("The knowledge base"));
        if (body.next()) {
            hits[i].snippet = snippet(body.value(0).toString(), text);
            hits[i].snippetRanges = highlights(hits[i].snippet, text);
        }
    }
    return hits;
}

Result<QList<ArticleHit>> ArticleSearch::suggestions(const QString &stage, const QString &industry,
                                             const QString &customerType, int limit) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT id, title, category, tags, "
        "  COALESCE(instr(',' || stages || ',', ',' || :stage || ',') > 0, 0) * 4 "
        "+ COALESCE(instr(',' || customer_types || ',', ',' || :type || ',') > 0, 0) * 3 "
        "+ COALESCE(instr(',' || industries || ',', ',' || :industry || ',') > 0, 0) * 2 AS fit "
        "FROM articles WHERE deleted = 0 AND retired = 0 AND fit > 0 "
        "ORDER BY fit DESC, title LIMIT :limit"));
    // An empty value matches nothing (NULL), not the articles that leave that list empty.
    const auto valueOrNull = [](const QString &value) {
        return value.trimmed().isEmpty() ? QVariant() : QVariant(value.trimmed());
    };
    query.bindValue(QStringLiteral(":stage"), valueOrNull(stage));
    query.bindValue(QStringLiteral(":type"), valueOrNull(customerType));
    query.bindValue(QStringLiteral(":industry"), valueOrNull(industry));
    query.bindValue(QStringLiteral(":limit"), limit);
    QList<ArticleHit> hits;
    if (!query.exec())
        return readError(query, tr("The suggested scripts"));
    while (query.next()) {
        ArticleHit hit;
        hit.id = query.value(0).toString();
        hit.title = query.value(1).toString();
        hit.category = query.value(2).toString();
        hit.tags = query.value(3).toString();
        hit.score = query.value(4).toInt();
        hits.append(hit);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The suggested scripts"));
    return hits;
}

} // namespace Leadline
