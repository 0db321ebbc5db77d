#include "customersearch.h"

#include "localstore.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"

#include <QSqlQuery>
#include <QVariantList>

namespace Leadline {

namespace {

struct Built
{
    QString where;
    QString rank;
    QVariantList binds;
};

Built buildQuery(const QString &rawText, const CustomerFilter &filter, qint64 nowMs)
{
    Built built;
    QStringList clauses = {QStringLiteral("c.deleted = 0")};
    const QString text = rawText.trimmed();
    const QString digits = PhoneNumbers::digitsOnly(text);
    const bool phoneLike = digits.size() >= 3 && digits.size() * 2 >= text.size();
    built.rank = QStringLiteral("c.score DESC");
    if (phoneLike) {
        // Full numbers by either digits key; shorter fragments as a suffix of the national number.
        clauses.append(QStringLiteral(
            "c.id IN (SELECT customer_id FROM phones WHERE deleted = 0 AND "
            "(e164_digits = ? OR national = ? OR (national_rev >= ? AND national_rev < ?)))"));
        const QString rev = PhoneNumbers::reversed(digits);
        built.binds << digits << digits << rev << (rev + QStringLiteral("\xff"));
    } else if (!text.isEmpty()) {
        clauses.append(QStringLiteral(
            "(instr(c.name, ?) > 0 OR instr(c.company, ?) > 0 OR instr(lower(c.email), lower(?)) > 0 "
            "OR c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.deleted = 0 AND t.name = ?))"));
        built.binds << text << text << text << text;
        built.rank = QStringLiteral("CASE WHEN c.name = ? THEN 0 WHEN instr(c.name, ?) = 1 THEN 1 "
                                    "WHEN instr(c.name, ?) > 0 THEN 2 ELSE 3 END");
    }
    if (!filter.stage.isEmpty()) {
        clauses.append(QStringLiteral("c.stage = ?"));
        built.binds << filter.stage;
    }
    if (!filter.intent.isEmpty()) {
        clauses.append(QStringLiteral("c.intent = ?"));
        built.binds << filter.intent;
    }
    if (filter.poolOnly) {
        clauses.append(QStringLiteral("c.owner_id IS NULL"));
    } else if (!filter.ownerId.isEmpty()) {
        clauses.append(QStringLiteral("c.owner_id = ?"));
        built.binds << filter.ownerId;
    }
    if (!filter.source.isEmpty()) {
        clauses.append(QStringLiteral("c.source = ?"));
        built.binds << filter.source;
    }
    if (!filter.tag.isEmpty()) {
        clauses.append(QStringLiteral(
            "c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.deleted = 0 AND t.name = ?)"));
        built.binds << filter.tag;
    }
    if (filter.minScore >= 0) {
        clauses.append(QStringLiteral("c.score >= ?"));
        built.binds << filter.minScore;
    }
    if (filter.maxScore >= 0) {
        clauses.append(QStringLiteral("c.score <= ?"));
        built.binds << filter.maxScore;
    }
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (filter.contactedWithinDays >= 0) {
        clauses.append(QStringLiteral("c.last_contact_at >= ?"));
        built.binds << nowMs - filter.contactedWithinDays * day;
    }
    if (filter.notContactedForDays >= 0) {
        clauses.append(QStringLiteral("(c.last_contact_at IS NULL OR c.last_contact_at < ?)"));
        built.binds << nowMs - filter.notContactedForDays * day;
    }
    built.where = clauses.join(QStringLiteral(" AND "));
    return built;
}

} // namespace

CustomerSearch::CustomerSearch(LocalStore &store)
    : m_store(store)
{}

QList<CustomerHit> CustomerSearch::search(const QString &text, const CustomerFilter &filter,
                                          int limit, int offset) const
{
    const Built built = buildQuery(text, filter, m_store.clock().nowMs());
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
                      "SELECT c.id, c.name, c.company, c.stage, c.intent, c.owner_id, a.name, "
                      "c.source, c.score, c.last_contact_at, "
                      "(SELECT group_concat(e164, ' ') FROM phones p WHERE p.customer_id = c.id "
                      "AND p.deleted = 0) "
                      "FROM customers c LEFT JOIN agents a ON a.id = c.owner_id WHERE %1 "
                      "ORDER BY %2, c.name, c.id LIMIT ? OFFSET ?")
                      .arg(built.where, built.rank));
    for (const QVariant &value : built.binds)
        query.addBindValue(value);
    if (built.rank.contains(QLatin1Char('?'))) {
        const QString t = text.trimmed();
        query.addBindValue(t);
        query.addBindValue(t);
        query.addBindValue(t);
    }
    query.addBindValue(limit);
    query.addBindValue(offset);
    QList<CustomerHit> hits;
    if (!query.exec())
        return hits;
    while (query.next()) {
        CustomerHit hit;
        hit.id = query.value(0).toString();
        hit.name = query.value(1).toString();
        hit.company = query.value(2).toString();
        hit.stage = query.value(3).toString();
        hit.intent = query.value(4).toString();
        hit.ownerId = query.value(5).toString();
        hit.ownerName = query.value(6).toString();
        hit.source = query.value(7).toString();
        hit.score = query.value(8).toInt();
        hit.lastContactAt = query.value(9).toLongLong();
        hit.phones = query.value(10).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        hits.append(hit);
    }
    return hits;
}

int CustomerSearch::count(const QString &text, const CustomerFilter &filter) const
{
    const Built built = buildQuery(text, filter, m_store.clock().nowMs());
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM customers c WHERE %1").arg(built.where));
    for (const QVariant &value : built.binds)
        query.addBindValue(value);
    if (query.exec() && query.next())
        return query.value(0).toInt();
    return 0;
}

} // namespace Leadline
