#include "duplicatefinder.h"

#include "core/storage/localstore.h"
#include "core/domain/phonenumber.h"

#include <QSet>
#include <QSqlQuery>

namespace Leadline {

DuplicateFinder::DuplicateFinder(LocalStore &store)
    : m_store(store)
{}

QList<DuplicateMatch> DuplicateFinder::find(const QStringList &phones, const QStringList &emails,
                                            const QString &excludeId, int limit) const
{
    QList<DuplicateMatch> matches;
    QSet<QString> seen;
    auto collect = [&](QSqlQuery &query, DuplicateMatch::Reason reason, const QString &matched) {
        if (!query.exec())
            return;
        while (query.next() && matches.size() < limit) {
            const QString id = query.value(0).toString();
            if (id == excludeId || seen.contains(id))
                continue;
            seen.insert(id);
            matches.append({id, query.value(1).toString(), query.value(2).toString(), reason, matched});
        }
    };

    QSet<QString> numbers;
    for (const QString &typed : phones) {
        const auto parsed = PhoneNumbers::parse(typed);
        if (!parsed || numbers.contains(parsed->e164Digits))
            continue;
        numbers.insert(parsed->e164Digits);
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT c.id, c.name, c.company FROM phones p CROSS JOIN customers c ON c.id = p.customer_id "
            "WHERE p.e164_digits = ? AND p.deleted = 0 AND c.deleted = 0 ORDER BY c.name, c.id"));
        query.addBindValue(parsed->e164Digits);
        collect(query, DuplicateMatch::Reason::Phone, parsed->e164);
    }

    QSet<QString> addresses;
    for (const QString &typed : emails) {
        const QString email = typed.trimmed().toLower();
        if (!email.contains(QLatin1Char('@')) || addresses.contains(email))
            continue;
        addresses.insert(email);
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT id, name, company FROM customers WHERE lower(email) = ? AND email <> '' "
            "AND deleted = 0 "
            "UNION SELECT c.id, c.name, c.company FROM contacts k CROSS JOIN customers c "
            "ON c.id = k.customer_id WHERE lower(k.email) = ? AND k.email <> '' AND k.deleted = 0 "
            "AND c.deleted = 0 ORDER BY 2, 1"));
        query.addBindValue(email);
        query.addBindValue(email);
        collect(query, DuplicateMatch::Reason::Email, email);
    }
    return matches;
}

QList<DuplicateMatch> DuplicateFinder::findFor(const Customer &customer, int limit) const
{
    QStringList emails = {customer.email};
    QStringList phones;
    for (const Contact &contact : customer.contacts) {
        emails.append(contact.email);
        for (const ContactPhone &phone : contact.phones)
            phones.append(phone.e164);
    }
    return find(phones, emails, customer.id, limit);
}

} // namespace Leadline
