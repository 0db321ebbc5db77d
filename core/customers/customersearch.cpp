#include "customersearch.h"

#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/storage/searchindex.h"
#include "core/storage/searchtokens.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace Leadline {

namespace {

/// A WHERE fragment (starting with " AND ") and its bound values.
struct Clause
{
    QString sql;
    QVariantList binds;
};

/// One way a customer can match, yielding customers.rowid values; arms run in rank order.
struct Arm
{
    QString from;    ///< FROM … WHERE … (without the filter)
    QVariantList binds;
    QString orderBy; ///< order inside the arm when ranking (may be empty)
};

Clause filterClause(const CustomerFilter &filter, qint64 nowMs)
{
    Clause clause;
    auto add = [&clause](const QString &sql, const QVariant &value = {}) {
        clause.sql += QStringLiteral(" AND ") + sql;
        if (value.isValid())
            clause.binds << value;
    };
    if (!filter.stage.isEmpty())
        add(QStringLiteral("c.stage = ?"), filter.stage);
    if (!filter.intent.isEmpty())
        add(QStringLiteral("c.intent = ?"), filter.intent);
    if (filter.poolOnly)
        add(QStringLiteral("c.owner_id IS NULL"));
    else if (!filter.ownerId.isEmpty())
        add(QStringLiteral("c.owner_id = ?"), filter.ownerId);
    if (!filter.source.isEmpty())
        add(QStringLiteral("c.source = ?"), filter.source);
    if (!filter.tag.isEmpty()) {
        add(QStringLiteral("c.id IN (SELECT ct.customer_id FROM tags t JOIN customer_tags ct "
                           "ON ct.tag_id = t.id WHERE t.name = ? AND ct.deleted = 0)"),
            filter.tag);
    }
    if (filter.minScore >= 0)
        add(QStringLiteral("c.score >= ?"), filter.minScore);
    if (filter.maxScore >= 0)
        add(QStringLiteral("c.score <= ?"), filter.maxScore);
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (filter.contactedWithinDays >= 0)
        add(QStringLiteral("c.last_contact_at >= ?"), nowMs - filter.contactedWithinDays * day);
    if (filter.notContactedForDays >= 0) {
        add(QStringLiteral("(c.last_contact_at IS NULL OR c.last_contact_at < ?)"),
            nowMs - filter.notContactedForDays * day);
    }
    return clause;
}

// Typed like a phone number: digits and phone punctuation only, at least three digits.
bool isPhoneLike(const QString &text, const QString &digits)
{
    if (digits.size() < 3)
        return false;
    static const QString allowed = QStringLiteral("0123456789+-(). ");
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return allowed.contains(c); });
}

// The largest code point: name prefix ranges end just below "text + this".
QString rangeEnd(const QString &text)
{
    const char32_t top[1] = {0x10FFFF};
    return text + QString::fromUcs4(top, 1);
}

Arm phoneArm(const QString &condition, const QVariantList &binds)
{
    return {QStringLiteral("FROM phones p CROSS JOIN customers c ON c.id = p.customer_id "
                           "WHERE p.deleted = 0 AND c.deleted = 0 AND ")
                + condition,
            binds, QString()};
}

Arm ftsArm(const QString &match)
{
    return {QStringLiteral("FROM customer_fts f CROSS JOIN customers c ON c.rowid = f.rowid "
                           "WHERE customer_fts MATCH ? AND c.deleted = 0"),
            {match}, QString()};
}

Arm gramsArm(const QString &match)
{
    return {QStringLiteral("FROM customer_grams g CROSS JOIN customers c ON c.rowid = g.rowid "
                           "WHERE customer_grams MATCH ? AND c.deleted = 0"),
            {match}, QString()};
}

// While the search index is being built (a first sync's last step), every term in the name,
// company or e-mail, or the digits anywhere in a number, by reading the rows themselves.
Arm scanArm(const QStringList &terms)
{
    Arm arm{QStringLiteral("FROM customers c WHERE c.deleted = 0"), {}, QString()};
    for (const QString &term : terms) {
        arm.from += QStringLiteral(
            " AND instr(lower(c.name || ' ' || c.company || ' ' || c.email), ?) > 0");
        arm.binds << term.toLower();
    }
    return arm;
}

// The ways text can match, best first. Each is cheap on its own at a million customers: a
// B-tree range or equality, or one FTS5 look-up. Without the search index (indexed false) the
// look-ups become scans of the rows.
QList<Arm> matchArms(const QString &rawText, bool indexed)
{
    QList<Arm> arms;
    const QString text = rawText.simplified();
    if (text.isEmpty())
        return arms;

    if (text.contains(QLatin1Char('@'))) {
        const QString email = text.toLower();
        arms.append({QStringLiteral("FROM customers c WHERE lower(c.email) = ? AND c.email <> '' "
                                    "AND c.deleted = 0"),
                     {email}, QString()});
        arms.append({QStringLiteral("FROM contacts k CROSS JOIN customers c ON c.id = k.customer_id "
                                    "WHERE lower(k.email) = ? AND k.email <> '' AND k.deleted = 0 "
                                    "AND c.deleted = 0"),
                     {email}, QString()});
    }

    const QString digits = PhoneNumbers::digitsOnly(text);
    const bool phoneLike = isPhoneLike(text, digits);
    if (phoneLike) {
        QString e164Digits = digits;
        QString national = digits;
        if (const auto parsed = PhoneNumbers::parse(text)) {
            e164Digits = parsed->e164Digits;
            national = parsed->national;
        }
        arms.append(phoneArm(QStringLiteral("(p.e164_digits IN (?, ?) OR p.national IN (?, ?))"),
                             {digits, e164Digits, digits, national}));
    }

    arms.append({QStringLiteral("FROM customers c WHERE c.name = ? AND c.deleted = 0"), {text},
                 QStringLiteral("c.rowid")});
    arms.append({QStringLiteral("FROM customers c WHERE c.name > ? AND c.name < ? AND c.deleted = 0"),
                 {text, rangeEnd(text)}, QStringLiteral("c.name, c.rowid")});

    if (phoneLike) {
        const QString reversed = PhoneNumbers::reversed(digits);
        const QString next = QStringLiteral(":"); // the character after '9'
        arms.append(phoneArm(QStringLiteral("p.national_rev >= ? AND p.national_rev < ?"),
                             {reversed, reversed + next}));
        arms.append(phoneArm(QStringLiteral("p.national >= ? AND p.national < ?"),
                             {digits, digits + next}));
        arms.append(phoneArm(QStringLiteral("p.e164_digits >= ? AND p.e164_digits < ?"),
                             {digits, digits + next}));
        if (!indexed && digits.size() >= 4)
            arms.append(phoneArm(QStringLiteral("instr(p.national, ?) > 0"), {digits}));
        // Any run of four or more digits inside a number, through the index of its runs of four.
        if (indexed && digits.size() >= 4) {
            arms.append({QStringLiteral("FROM phone_grams d CROSS JOIN phones p ON p.rowid = d.rowid "
                                        "CROSS JOIN customers c ON c.id = p.customer_id "
                                        "WHERE phone_grams MATCH ? AND instr(p.national, ?) > 0 "
                                        "AND p.deleted = 0 AND c.deleted = 0"),
                         {SearchTokens::digitRuns(digits), digits}, QString()});
        }
    }

    const QStringList terms = SearchTokens::terms(text);
    if (!indexed) {
        if (!terms.isEmpty())
            arms.append(scanArm(terms));
        return arms;
    }
    if (terms.size() == 1) {
        const QString &term = terms.first();
        if (!SearchTokens::isShort(term))
            arms.append(ftsArm(QStringLiteral("name : ") + SearchTokens::phrase(term)));
        else if (const QString key = SearchTokens::shortKey(term); !key.isEmpty())
            arms.append(gramsArm(QStringLiteral("name_grams : ") + SearchTokens::phrase(key)));
    }

    // Everywhere: every term somewhere in name, company, e-mail, tags or contacts. A short
    // term is looked up by its letters and digits; one with none left narrows nothing.
    QStringList longTerms;
    QStringList shortTerms;
    for (const QString &term : terms) {
        if (!SearchTokens::isShort(term))
            longTerms.append(SearchTokens::phrase(term));
        else if (const QString key = SearchTokens::shortKey(term); !key.isEmpty())
            shortTerms.append(SearchTokens::phrase(key));
    }
    const QString longMatch = longTerms.join(QStringLiteral(" AND "));
    const QString shortMatch = shortTerms.join(QStringLiteral(" AND "));
    if (!longTerms.isEmpty() && !shortTerms.isEmpty()) {
        Arm both = ftsArm(longMatch);
        both.from += QStringLiteral(" AND c.rowid IN (SELECT rowid FROM customer_grams "
                                    "WHERE customer_grams MATCH ?)");
        both.binds << shortMatch;
        arms.append(both);
    } else if (!longTerms.isEmpty()) {
        arms.append(ftsArm(longMatch));
    } else if (!shortTerms.isEmpty()) {
        arms.append(gramsArm(shortMatch));
    }
    return arms;
}

QString orderClause(const CustomerSort &sort)
{
    const bool descending = sort.order == Qt::DescendingOrder;
    // Each order walks one index forwards or backwards, so a page is read without sorting.
    switch (sort.key) {
    case CustomerSort::Key::Name:
        return descending ? QStringLiteral("c.name DESC, c.rowid DESC")
                          : QStringLiteral("c.name, c.rowid");
    case CustomerSort::Key::Stage:
        return descending ? QStringLiteral("c.stage DESC, c.rowid DESC")
                          : QStringLiteral("c.stage, c.rowid");
    case CustomerSort::Key::Score:
        return descending ? QStringLiteral("c.score DESC, c.rowid DESC")
                          : QStringLiteral("c.score, c.rowid");
    case CustomerSort::Key::LastContact:
        return descending ? QStringLiteral("c.last_contact_at DESC, c.rowid DESC")
                          : QStringLiteral("c.last_contact_at, c.rowid");
    case CustomerSort::Key::Relevance:
        break;
    }
    return QStringLiteral("c.score DESC, c.name, c.rowid");
}

void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
}

} // namespace

CustomerSearch::CustomerSearch(LocalStore &store)
    : m_store(store)
{}

bool CustomerSearch::indexReady() const
{
    return !SearchIndex::isPaused(m_store);
}

Result<QList<CustomerHit>> CustomerSearch::search(const QString &text,
                                                  const CustomerFilter &filter, int limit,
                                                  int offset, const CustomerSort &sort) const
{
    if (limit <= 0 || offset < 0)
        return QList<CustomerHit>();
    const bool ranked = sort.key == CustomerSort::Key::Relevance && !text.simplified().isEmpty();
    auto rowids = ranked ? rankedRowids(text, filter, offset + limit)
                         : sortedRowids(text, filter, limit, offset, sort);
    if (!rowids)
        return rowids.error();
    return hitsFor(ranked ? rowids->mid(offset, limit) : *rowids);
}

Result<QList<qint64>> CustomerSearch::rankedRowids(const QString &text,
                                                   const CustomerFilter &filter, int need) const
{
    const Clause where = filterClause(filter, m_store.clock().nowMs());
    QList<qint64> ordered;
    QSet<qint64> seen;
    for (const Arm &arm : matchArms(text, indexReady())) {
        if (ordered.size() >= need)
            break;
        QSqlQuery query(m_store.database());
        query.setForwardOnly(true);
        // Each arm can repeat at most the customers already found, so `need` rows always suffice.
        query.prepare(QStringLiteral("SELECT c.rowid %1%2%3 LIMIT ?")
                          .arg(arm.from, where.sql,
                               arm.orderBy.isEmpty() ? QString()
                                                     : QStringLiteral(" ORDER BY ") + arm.orderBy));
        bindAll(query, arm.binds);
        bindAll(query, where.binds);
        query.addBindValue(need);
        if (!query.exec())
            return readError(query, tr("The customer list"));
        while (query.next() && ordered.size() < need) {
            const qint64 rowid = query.value(0).toLongLong();
            if (!seen.contains(rowid)) {
                seen.insert(rowid);
                ordered.append(rowid);
            }
        }
    }
    return ordered;
}

Result<QList<qint64>> CustomerSearch::sortedRowids(const QString &text,
                                                   const CustomerFilter &filter, int limit,
                                                   int offset, const CustomerSort &sort) const
{
    const Clause where = filterClause(filter, m_store.clock().nowMs());
    const QList<Arm> arms = matchArms(text, indexReady());
    QString matching;
    QVariantList binds;
    if (!text.simplified().isEmpty()) {
        if (arms.isEmpty())
            return QList<qint64>();
        QStringList parts;
        for (const Arm &arm : arms) {
            parts.append(QStringLiteral("SELECT c.rowid ") + arm.from);
            binds << arm.binds;
        }
        matching = QStringLiteral(" AND c.rowid IN (%1)").arg(parts.join(QStringLiteral(" UNION ")));
    }
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT c.rowid FROM customers c WHERE c.deleted = 0%1%2 "
                                 "ORDER BY %3 LIMIT ? OFFSET ?")
                      .arg(matching, where.sql, orderClause(sort)));
    bindAll(query, binds);
    bindAll(query, where.binds);
    query.addBindValue(limit);
    query.addBindValue(offset);
    QList<qint64> rowids;
    if (!query.exec())
        return readError(query, tr("The customer list"));
    while (query.next())
        rowids.append(query.value(0).toLongLong());
    if (query.lastError().isValid())
        return readError(query, tr("The customer list"));
    return rowids;
}

Result<QList<CustomerHit>> CustomerSearch::hitsFor(const QList<qint64> &rowids) const
{
    QList<CustomerHit> hits;
    if (rowids.isEmpty())
        return hits;
    QJsonArray list;
    for (const qint64 rowid : rowids)
        list.append(rowid);
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT c.rowid, c.id, c.name, c.company, c.stage, c.intent, c.owner_id, a.name, "
        "c.source, c.score, c.last_contact_at, "
        "(SELECT group_concat(e164, ' ') FROM phones p WHERE p.customer_id = c.id "
        "AND p.deleted = 0) "
        "FROM customers c LEFT JOIN agents a ON a.id = c.owner_id "
        "WHERE c.rowid IN (SELECT value FROM json_each(?))"));
    query.addBindValue(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact)));
    if (!query.exec())
        return readError(query, tr("The customer list"));
    QHash<qint64, CustomerHit> byRowid;
    while (query.next()) {
        CustomerHit hit;
        hit.id = query.value(1).toString();
        hit.name = query.value(2).toString();
        hit.company = query.value(3).toString();
        hit.stage = query.value(4).toString();
        hit.intent = query.value(5).toString();
        hit.ownerId = query.value(6).toString();
        hit.ownerName = query.value(7).toString();
        hit.source = query.value(8).toString();
        hit.score = query.value(9).toInt();
        hit.lastContactAt = query.value(10).toLongLong();
        hit.phones = query.value(11).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        byRowid.insert(query.value(0).toLongLong(), hit);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The customer list"));
    for (const qint64 rowid : rowids) {
        const auto it = byRowid.constFind(rowid);
        if (it != byRowid.cend())
            hits.append(*it);
    }
    return hits;
}

Result<int> CustomerSearch::count(const QString &text, const CustomerFilter &filter, int cap) const
{
    const Clause where = filterClause(filter, m_store.clock().nowMs());
    const QString limit = cap > 0 ? QStringLiteral(" LIMIT %1").arg(cap + 1) : QString();
    if (text.simplified().isEmpty()) {
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM customers c "
                                     "WHERE c.deleted = 0%1%2)")
                          .arg(where.sql, limit));
        bindAll(query, where.binds);
        if (!query.exec() || !query.next())
            return readError(query, tr("The customer count"));
        return query.value(0).toInt();
    }
    const QList<Arm> arms = matchArms(text, indexReady());
    if (cap > 0) {
        // Stream each arm until cap + 1 distinct customers are found: a capped count of a
        // common two-letter fragment costs a few thousand index reads, not a full union.
        QSet<qint64> seen;
        for (const Arm &arm : arms) {
            QSqlQuery query(m_store.database());
            query.setForwardOnly(true);
            query.prepare(QStringLiteral("SELECT c.rowid %1%2 LIMIT ?").arg(arm.from, where.sql));
            bindAll(query, arm.binds);
            bindAll(query, where.binds);
            query.addBindValue(cap + 1);
            if (!query.exec())
                return readError(query, tr("The customer count"));
            while (query.next() && seen.size() <= cap)
                seen.insert(query.value(0).toLongLong());
            if (seen.size() > cap)
                break;
        }
        return int(seen.size());
    }
    if (arms.isEmpty())
        return 0;
    QStringList parts;
    QVariantList binds;
    for (const Arm &arm : arms) {
        parts.append(QStringLiteral("SELECT c.rowid ") + arm.from + where.sql);
        binds << arm.binds << where.binds;
    }
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT count(*) FROM (%1)").arg(parts.join(QStringLiteral(" UNION "))));
    bindAll(query, binds);
    if (!query.exec() || !query.next())
        return readError(query, tr("The customer count"));
    return query.value(0).toInt();
}

namespace {

Result<QStringList> firstColumn(QSqlQuery &query, const QString &sql, const QString &what)
{
    QStringList values;
    if (!query.exec(sql))
        return readError(query, what);
    while (query.next())
        values.append(query.value(0).toString());
    if (query.lastError().isValid())
        return readError(query, what);
    return values;
}

} // namespace

Result<QStringList> CustomerSearch::tagNames() const
{
    QSqlQuery query(m_store.database());
    return firstColumn(query, QStringLiteral("SELECT name FROM tags WHERE deleted = 0 ORDER BY name"),
                       tr("The tags"));
}

Result<QStringList> CustomerSearch::sources() const
{
    QSqlQuery query(m_store.database());
    return firstColumn(
        query,
        QStringLiteral(
            "WITH RECURSIVE s(v) AS (SELECT min(source) FROM customers WHERE source > '' "
            "UNION ALL SELECT (SELECT min(source) FROM customers WHERE source > s.v) FROM s "
            "WHERE s.v IS NOT NULL) SELECT v FROM s WHERE v IS NOT NULL"),
        tr("The customer sources"));
}

} // namespace Leadline
