#include "customerrepository.h"

#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/storage/statementcache.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"
#include "core/domain/customervalidation.h"
#include "core/domain/ids.h"
#include "core/domain/phonenumber.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

// A tag created by a rule: the same id on every client, from its name.
QString derivedTagId(const QString &name)
{
    static const QUuid space(QStringLiteral("5c1f2b7e-93a4-4d0b-8a51-7e0c2f9d4b36"));
    return QUuid::createUuidV5(space, QStringLiteral("tag/") + name).toString(QUuid::WithoutBraces);
}

QVariant nullable(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

std::optional<qint64> optionalTime(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toLongLong();
}

QVariantMap profileFields(const Customer &customer)
{
    return {
        {QStringLiteral("name"), customer.name.trimmed()},
        {QStringLiteral("company"), customer.company.trimmed()},
        {QStringLiteral("title"), customer.title.trimmed()},
        {QStringLiteral("email"), customer.email.trimmed()},
        {QStringLiteral("industry"), customer.industry},
        {QStringLiteral("region"), customer.region},
        {QStringLiteral("source"), customer.source},
        {QStringLiteral("intent"), customer.intent},
        {QStringLiteral("stage"), customer.stage},
        {QStringLiteral("customer_type"), customer.customerType},
        {QStringLiteral("owner_id"),
         customer.ownerId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : customer.ownerId},
        {QStringLiteral("score"), customer.score},
        {QStringLiteral("score_reasons"),
         customer.scoreReasons.isEmpty() ? QStringLiteral("[]") : customer.scoreReasons},
        {QStringLiteral("custom_fields"),
         QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(customer.customFields))
                               .toJson(QJsonDocument::Compact))},
        {QStringLiteral("amount"), customer.amount},
        {QStringLiteral("assigned_at"), nullable(customer.assignedAt)},
        {QStringLiteral("last_contact_at"), nullable(customer.lastContactAt)},
    };
}

using FieldValues = QList<std::pair<QString, std::pair<QString, QString>>>;

// The fields a rule's "field changed" trigger may watch, by catalogue key: as stored and as
// edited (trimmed where save() trims them).
FieldValues watchedFields(const Customer &stored, const Customer &edited, bool trimmed)
{
    const auto text = [trimmed](const QString &value) { return trimmed ? value.trimmed() : value; };
    return {
        {QStringLiteral("name"), {stored.name, text(edited.name)}},
        {QStringLiteral("company"), {stored.company, text(edited.company)}},
        {QStringLiteral("title"), {stored.title, text(edited.title)}},
        {QStringLiteral("email"), {stored.email, text(edited.email)}},
        {QStringLiteral("industry"), {stored.industry, edited.industry}},
        {QStringLiteral("region"), {stored.region, edited.region}},
        {QStringLiteral("source"), {stored.source, edited.source}},
        {QStringLiteral("customer_type"), {stored.customerType, edited.customerType}},
        {QStringLiteral("intent"), {stored.intent, edited.intent}},
        {QStringLiteral("stage"), {stored.stage, edited.stage}},
        {QStringLiteral("owner"), {stored.ownerId, edited.ownerId}},
        {QStringLiteral("amount"),
         {QString::number(stored.amount), QString::number(edited.amount)}},
    };
}

// What a save changed, for the rules: each watched field, the stage, then the customer.
void announceFields(const LocalStore &store, const QString &id, const FieldValues &fields,
                    bool tagsChanged)
{
    const QString occurrence = newId();
    bool any = tagsChanged;
    std::optional<QString> stage;
    for (const auto &[key, values] : fields) {
        if (values.first == values.second)
            continue;
        any = true;
        if (key == QLatin1String("stage"))
            stage = values.second;
        DomainEvents::announce(store, DomainEvent{QStringLiteral("field_changed"), id, key,
                                                  values.second, occurrence});
    }
    if (stage) {
        DomainEvents::announce(store, DomainEvent{QStringLiteral("stage_changed"), id,
                                                  QStringLiteral("stage"), *stage, occurrence});
    }
    if (any)
        DomainEvents::announce(store,
                               DomainEvent{QStringLiteral("customer_updated"), id, {}, {}, occurrence});
}

// A column a rule may change, set on the customer; false for any other column.
bool setColumn(Customer &customer, const QString &column, const QVariant &value)
{
    const QString text = value.toString();
    if (column == QLatin1String("industry"))
        customer.industry = text;
    else if (column == QLatin1String("region"))
        customer.region = text;
    else if (column == QLatin1String("source"))
        customer.source = text;
    else if (column == QLatin1String("customer_type"))
        customer.customerType = text;
    else if (column == QLatin1String("intent"))
        customer.intent = text;
    else if (column == QLatin1String("stage"))
        customer.stage = text;
    else if (column == QLatin1String("amount"))
        customer.amount = value.toDouble();
    else if (column == QLatin1String("owner_id"))
        customer.ownerId = value.isNull() ? QString() : text;
    else
        return false;
    return true;
}

// Owners change by supervisors; anyone may give their own customer back to the pool.
Status checkOwnerChange(const Permissions &permissions, const QString &me,
                        const QString &storedOwner, const QString &newOwner)
{
    const bool releasesOwn = newOwner.isEmpty() && !storedOwner.isEmpty() && storedOwner == me;
    if (newOwner == storedOwner || releasesOwn)
        return {};
    if (auto allowed = permissions.check(Permissions::Action::ChangeOwner); !allowed)
        return Error{allowed.message(), QStringLiteral("owner_id")};
    return {};
}

} // namespace

Status firstValidationError(const Customer &customer)
{
    const QList<Error> errors = validateCustomer(customer);
    if (!errors.isEmpty())
        return errors.first();
    return {};
}

CustomerRepository::CustomerRepository(LocalStore &store, ChangeWriter::Guard guard)
    : m_store(store)
    , m_guard(guard)
{}

Result<QString> CustomerRepository::create(Customer customer)
{
    if (customer.stage.isEmpty())
        customer.stage = QStringLiteral("首次联系");
    if (customer.intent.isEmpty())
        customer.intent = QStringLiteral("无");
    if (auto valid = firstValidationError(customer); !valid)
        return valid.error();

    std::optional<Transaction> transaction;
    if (m_guard == ChangeWriter::Guard::Savepoint || m_store.transactionDepth() == 0)
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();
    ChangeWriter writer(m_store, m_guard);
    QVariantMap row = profileFields(customer);
    row.insert(QStringLiteral("id"), customer.id.isEmpty() ? newId() : customer.id);
    row.insert(QStringLiteral("created_at"),
               customer.createdAt ? customer.createdAt : m_store.clock().nowMs());
    if (!customer.ownerId.isEmpty() && !customer.assignedAt)
        row.insert(QStringLiteral("assigned_at"), m_store.clock().nowMs());
    auto id = writer.insert(QStringLiteral("customers"), row);
    if (!id)
        return id.error();
    if (auto contacts = writeContacts(*id, customer.contacts, {}); !contacts)
        return contacts.error();
    if (auto tags = writeTags(*id, customer.tags, {}); !tags)
        return tags.error();
    DomainEvents::announce(m_store, DomainEvent{QStringLiteral("customer_created"), *id, {}, {}, *id});
    if (transaction) {
        if (auto committed = transaction->commit(); !committed)
            return committed.error();
    }
    return *id;
}

Status CustomerRepository::save(const Customer &edited)
{
    return saveExpecting(edited, {});
}

Status CustomerRepository::saveExpecting(const Customer &edited, const QVariantMap &expect)
{
    if (auto valid = firstValidationError(edited); !valid)
        return valid;
    const auto stored = load(edited.id);
    if (!stored)
        return stored.error();
    if (auto owner = checkOwnerChange(permissions(), m_store.currentAgentId(), stored->ownerId,
                                      edited.ownerId);
        !owner) {
        return owner;
    }

    std::optional<Transaction> transaction;
    if (m_guard == ChangeWriter::Guard::Savepoint || m_store.transactionDepth() == 0)
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();
    ChangeWriter writer(m_store, m_guard);
    QVariantMap fields = profileFields(edited);
    if (edited.ownerId != stored->ownerId)
        fields.insert(QStringLiteral("assigned_at"), m_store.clock().nowMs());
    if (auto updated = writer.updateExpecting(QStringLiteral("customers"), edited.id, fields, expect);
        !updated) {
        return updated;
    }
    if (edited.stage != stored->stage) {
        if (auto event = addEvent(edited.id, QStringLiteral("stage"), stored->stage, edited.stage);
            !event) {
            return event;
        }
    }
    if (edited.ownerId != stored->ownerId) {
        if (auto event = addEvent(edited.id, QStringLiteral("owner"), stored->ownerId,
                                  edited.ownerId);
            !event) {
            return event;
        }
    }
    if (auto contacts = writeContacts(edited.id, edited.contacts, stored->contacts); !contacts)
        return contacts;
    if (auto tags = writeTags(edited.id, edited.tags, stored->tags); !tags)
        return tags;
    announceChanges(*stored, edited);
    return transaction ? transaction->commit() : Status{};
}

void CustomerRepository::announceChanges(const Customer &stored, const Customer &edited)
{
    announceFields(m_store, edited.id, watchedFields(stored, edited, true),
                   stored.tags != edited.tags);
}

Status CustomerRepository::changeExpecting(const QString &id, const QVariantMap &changes,
                                           const QVariantMap &expect)
{
    const auto stored = loadProfile(id);
    if (!stored)
        return stored.error();
    Customer edited = *stored;
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        if (!setColumn(edited, it.key(), it.value()))
            return Error{tr("A rule cannot change the field %1.").arg(it.key()), it.key()};
    }
    if (auto valid = firstValidationError(edited); !valid)
        return valid;
    const bool ownerChanges = edited.ownerId != stored->ownerId;
    if (auto owner = checkOwnerChange(permissions(), m_store.currentAgentId(), stored->ownerId,
                                      edited.ownerId);
        !owner) {
        return owner;
    }

    std::optional<Transaction> transaction;
    if (m_guard == ChangeWriter::Guard::Savepoint || m_store.transactionDepth() == 0)
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();
    // The row's values for the changed columns only, typed as save() writes them.
    const QVariantMap profile = profileFields(edited);
    QVariantMap fields;
    for (auto it = changes.cbegin(); it != changes.cend(); ++it)
        fields.insert(it.key(), profile.value(it.key()));
    if (ownerChanges)
        fields.insert(QStringLiteral("assigned_at"), m_store.clock().nowMs());
    if (auto updated = ChangeWriter(m_store, m_guard)
                           .updateExpecting(QStringLiteral("customers"), id, fields, expect);
        !updated) {
        return updated;
    }
    if (edited.stage != stored->stage) {
        if (auto event = addEvent(id, QStringLiteral("stage"), stored->stage, edited.stage); !event)
            return event;
    }
    if (ownerChanges) {
        if (auto event = addEvent(id, QStringLiteral("owner"), stored->ownerId, edited.ownerId);
            !event) {
            return event;
        }
    }
    announceFields(m_store, id, watchedFields(*stored, edited, false), false);
    return transaction ? transaction->commit() : Status{};
}

Status CustomerRepository::addTag(const QString &id, const QString &tag)
{
    const QString name = tag.trimmed();
    const auto stored = loadProfile(id);
    if (!stored)
        return stored.error();
    if (auto valid = firstValidationError(*stored); !valid)
        return valid;
    const auto has = hasTag(id, name);
    if (!has)
        return has.error();
    if (*has || name.isEmpty())
        return {};
    std::optional<Transaction> transaction;
    if (m_guard == ChangeWriter::Guard::Savepoint || m_store.transactionDepth() == 0)
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();
    if (auto tags = writeTags(id, {name}, {}); !tags)
        return tags;
    announceFields(m_store, id, {}, true);
    return transaction ? transaction->commit() : Status{};
}

Status CustomerRepository::removeTag(const QString &id, const QString &tag)
{
    const auto stored = loadProfile(id);
    if (!stored)
        return stored.error();
    if (auto valid = firstValidationError(*stored); !valid)
        return valid;
    const auto has = hasTag(id, tag);
    if (!has)
        return has.error();
    if (!*has)
        return {};
    std::optional<Transaction> transaction;
    if (m_guard == ChangeWriter::Guard::Savepoint || m_store.transactionDepth() == 0)
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();
    if (auto tags = writeTags(id, {}, {tag}); !tags)
        return tags;
    announceFields(m_store, id, {}, true);
    return transaction ? transaction->commit() : Status{};
}

Result<bool> CustomerRepository::hasTag(const QString &id, const QString &tag) const
{
    QSqlQuery &query = StatementCache::prepared(
        m_store, QStringLiteral("SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                                "WHERE ct.customer_id = ? AND t.name = ? AND ct.deleted = 0 "
                                "AND t.deleted = 0 LIMIT 1"));
    query.addBindValue(id);
    query.addBindValue(tag);
    if (!query.exec())
        return readError(query, tr("The customer's tags"));
    const bool found = query.next();
    query.finish();
    return found;
}

Permissions CustomerRepository::permissions() const
{
    return m_permissions ? *m_permissions : Permissions(m_store);
}

Status CustomerRepository::remove(const QString &id)
{
    const auto stored = load(id);
    if (!stored)
        return stored.error();
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    if (auto contacts = writeContacts(id, {}, stored->contacts); !contacts)
        return contacts;
    if (auto removed = ChangeWriter(m_store).remove(QStringLiteral("customers"), id); !removed)
        return removed;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    return {};
}

Status CustomerRepository::writeContacts(const QString &customerId, const QList<Contact> &edited,
                                         const QList<Contact> &stored)
{
    ChangeWriter writer(m_store, m_guard);
    QStringList kept;
    for (const Contact &contact : edited) {
        const QVariantMap fields = {{QStringLiteral("name"), contact.name.trimmed()},
                                    {QStringLiteral("title"), contact.title.trimmed()},
                                    {QStringLiteral("email"), contact.email.trimmed()},
                                    {QStringLiteral("is_primary"), contact.isPrimary ? 1 : 0}};
        const auto previous = std::find_if(stored.cbegin(), stored.cend(), [&](const Contact &c) {
            return !contact.id.isEmpty() && c.id == contact.id;
        });
        QString contactId = contact.id;
        if (previous == stored.cend()) {
            QVariantMap row = fields;
            row.insert(QStringLiteral("customer_id"), customerId);
            if (!contactId.isEmpty())
                row.insert(QStringLiteral("id"), contactId);
            auto inserted = writer.insert(QStringLiteral("contacts"), row);
            if (!inserted)
                return inserted.error();
            contactId = *inserted;
            if (auto phones = writePhones(customerId, contactId, contact.phones, {}); !phones)
                return phones;
        } else {
            if (auto updated = writer.update(QStringLiteral("contacts"), contactId, fields); !updated)
                return updated;
            if (auto phones = writePhones(customerId, contactId, contact.phones, previous->phones);
                !phones) {
                return phones;
            }
        }
        kept.append(contactId);
    }
    for (const Contact &contact : stored) {
        if (kept.contains(contact.id))
            continue;
        if (auto phones = writePhones(customerId, contact.id, {}, contact.phones); !phones)
            return phones;
        if (auto removed = writer.remove(QStringLiteral("contacts"), contact.id); !removed)
            return removed;
    }
    return {};
}

Status CustomerRepository::writePhones(const QString &customerId, const QString &contactId,
                                       const QList<ContactPhone> &edited,
                                       const QList<ContactPhone> &stored)
{
    ChangeWriter writer(m_store, m_guard);
    QStringList kept;
    for (const ContactPhone &phone : edited) {
        const auto parsed = PhoneNumbers::parse(phone.e164);
        if (!parsed)
            return parsed.error();
        const QVariantMap fields = {{QStringLiteral("e164"), parsed->e164},
                                    {QStringLiteral("e164_digits"), parsed->e164Digits},
                                    {QStringLiteral("national"), parsed->national},
                                    {QStringLiteral("national_rev"), parsed->nationalRev},
                                    {QStringLiteral("label"), phone.label}};
        const bool existed = std::any_of(stored.cbegin(), stored.cend(), [&](const ContactPhone &p) {
            return !phone.id.isEmpty() && p.id == phone.id;
        });
        if (existed) {
            if (auto updated = writer.update(QStringLiteral("phones"), phone.id, fields); !updated)
                return updated;
            kept.append(phone.id);
        } else {
            QVariantMap row = fields;
            row.insert(QStringLiteral("contact_id"), contactId);
            row.insert(QStringLiteral("customer_id"), customerId);
            if (!phone.id.isEmpty())
                row.insert(QStringLiteral("id"), phone.id);
            auto inserted = writer.insert(QStringLiteral("phones"), row);
            if (!inserted)
                return inserted.error();
            kept.append(*inserted);
        }
    }
    for (const ContactPhone &phone : stored) {
        if (kept.contains(phone.id))
            continue;
        if (auto removed = writer.remove(QStringLiteral("phones"), phone.id); !removed)
            return removed;
    }
    return {};
}

Status CustomerRepository::writeTags(const QString &customerId, const QStringList &edited,
                                     const QStringList &stored)
{
    ChangeWriter writer(m_store, m_guard);
    for (const QString &rawName : edited) {
        const QString name = rawName.trimmed();
        if (name.isEmpty() || stored.contains(name))
            continue;
        QSqlQuery &find = StatementCache::prepared(m_store, QStringLiteral("SELECT id FROM tags WHERE name = ?"));
        find.addBindValue(name);
        QString tagId;
        if (find.exec() && find.next())
            tagId = find.value(0).toString();
        find.finish();
        const QString linkId = m_tagLinkIds.value(name);
        if (tagId.isEmpty()) {
            QVariantMap tag{{QStringLiteral("name"), name}};
            if (!linkId.isEmpty()) {
                // Two clients creating the tag for the same rule write one row. An id already
                // taken (a deleted tag of that name) leaves the choice to ChangeWriter.
                const QString named = derivedTagId(name);
                QSqlQuery &taken = StatementCache::prepared(
                    m_store, QStringLiteral("SELECT 1 FROM tags WHERE id = ?"));
                taken.addBindValue(named);
                const bool used = taken.exec() && taken.next();
                taken.finish();
                if (!used)
                    tag.insert(QStringLiteral("id"), named);
            }
            auto inserted = writer.insert(QStringLiteral("tags"), tag);
            if (!inserted)
                return inserted.error();
            tagId = *inserted;
        }
        QVariantMap row{{QStringLiteral("customer_id"), customerId},
                        {QStringLiteral("tag_id"), tagId}};
        if (!linkId.isEmpty())
            row.insert(QStringLiteral("id"), linkId);
        auto link = writer.insert(QStringLiteral("customer_tags"), row);
        if (!link)
            return link.error();
    }
    for (const QString &name : stored) {
        if (edited.contains(name))
            continue;
        QSqlQuery find(m_store.database());
        find.prepare(QStringLiteral("SELECT ct.id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                                    "WHERE ct.customer_id = ? AND t.name = ? AND ct.deleted = 0"));
        find.addBindValue(customerId);
        find.addBindValue(name);
        if (!find.exec())
            continue;
        QStringList links;
        while (find.next())
            links.append(find.value(0).toString());
        for (const QString &link : links) {
            if (auto removed = writer.remove(QStringLiteral("customer_tags"), link); !removed)
                return removed;
        }
    }
    return {};
}

Status CustomerRepository::addEvent(const QString &customerId, const QString &kind,
                                    const QString &from, const QString &to)
{
    auto inserted = ChangeWriter(m_store, m_guard).insert(
        QStringLiteral("stage_changes"),
        {{QStringLiteral("customer_id"), customerId},
         {QStringLiteral("agent_id"), m_store.currentAgentId()},
         {QStringLiteral("kind"), kind},
         {QStringLiteral("from_value"), from},
         {QStringLiteral("to_value"), to},
         {QStringLiteral("at"), m_store.clock().nowMs()}});
    if (!inserted)
        return inserted.error();
    return {};
}

Result<Customer> CustomerRepository::loadProfile(const QString &id) const
{
    const QString what = tr("The customer");
    QSqlQuery &query = StatementCache::prepared(m_store, QStringLiteral(
        "SELECT id, name, company, title, email, industry, region, source, intent, stage, "
        "customer_type, owner_id, score, score_reasons, custom_fields, amount, created_at, "
        "assigned_at, last_contact_at, row_version, updated_at FROM customers "
        "WHERE id = ? AND deleted = 0"));
    query.addBindValue(id);
    if (!query.exec())
        return readError(query, what);
    if (!query.next()) {
        query.finish();
        return Error::notFound(
            tr("The customer no longer exists (it may have been deleted, merged or reassigned)."));
    }
    Customer c;
    c.id = query.value(0).toString();
    c.name = query.value(1).toString();
    c.company = query.value(2).toString();
    c.title = query.value(3).toString();
    c.email = query.value(4).toString();
    c.industry = query.value(5).toString();
    c.region = query.value(6).toString();
    c.source = query.value(7).toString();
    c.intent = query.value(8).toString();
    c.stage = query.value(9).toString();
    c.customerType = query.value(10).toString();
    c.ownerId = query.value(11).toString();
    c.score = query.value(12).toInt();
    c.scoreReasons = query.value(13).toString();
    c.customFields = QJsonDocument::fromJson(query.value(14).toString().toUtf8()).object().toVariantMap();
    c.amount = query.value(15).toDouble();
    c.createdAt = query.value(16).toLongLong();
    c.assignedAt = optionalTime(query.value(17));
    c.lastContactAt = optionalTime(query.value(18));
    c.rowVersion = query.value(19).toLongLong();
    c.updatedAt = query.value(20).toLongLong();
    query.finish();
    return c;
}

Result<Customer> CustomerRepository::load(const QString &id) const
{
    const QString what = tr("The customer");
    auto profile = loadProfile(id);
    if (!profile)
        return profile;
    Customer &c = profile.value();

    QSqlQuery contacts(m_store.database());
    contacts.prepare(QStringLiteral("SELECT id, name, title, email, is_primary FROM contacts "
                                    "WHERE customer_id = ? AND deleted = 0 "
                                    "ORDER BY is_primary DESC, name, id"));
    contacts.addBindValue(id);
    if (!contacts.exec())
        return readError(contacts, what);
    while (contacts.next()) {
        Contact contact;
        contact.id = contacts.value(0).toString();
        contact.name = contacts.value(1).toString();
        contact.title = contacts.value(2).toString();
        contact.email = contacts.value(3).toString();
        contact.isPrimary = contacts.value(4).toBool();
        c.contacts.append(contact);
    }
    QSqlQuery phones(m_store.database());
    phones.prepare(QStringLiteral("SELECT id, contact_id, e164, label FROM phones "
                                  "WHERE customer_id = ? AND deleted = 0 ORDER BY label, e164, id"));
    phones.addBindValue(id);
    if (!phones.exec())
        return readError(phones, what);
    while (phones.next()) {
        const QString contactId = phones.value(1).toString();
        for (Contact &contact : c.contacts) {
            if (contact.id == contactId) {
                contact.phones.append({phones.value(0).toString(), phones.value(2).toString(),
                                       phones.value(3).toString()});
                break;
            }
        }
    }
    QSqlQuery tags(m_store.database());
    tags.prepare(QStringLiteral("SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                                "WHERE ct.customer_id = ? AND ct.deleted = 0 AND t.deleted = 0 "
                                "ORDER BY t.name"));
    tags.addBindValue(id);
    if (!tags.exec())
        return readError(tags, what);
    while (tags.next())
        c.tags.append(tags.value(0).toString());
    // A page that breaks half-way through a list is a failed read, not a shorter list.
    for (const QSqlQuery *read : {&contacts, &phones, &tags}) {
        if (read->lastError().isValid())
            return readError(*read, what);
    }
    return profile;
}

} // namespace Leadline
