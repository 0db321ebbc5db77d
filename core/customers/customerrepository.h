#pragma once

#include "core/domain/customer.h"
#include "core/domain/result.h"
#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"

#include <QCoreApplication>
#include <QHash>

#include <optional>

namespace Leadline {

class LocalStore;

/// Writes and loads whole customers (profile, contacts, phones, tags). Every write is one
/// transaction with its outbox entries; stage and owner changes add a timeline event.
class CustomerRepository final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::CustomerRepository)
    Q_DISABLE_COPY_MOVE(CustomerRepository)

public:
    /// guard: ChangeWriter::Guard::CallersTransaction for a batch writer (an import) whose own
    /// transaction is rolled back whole when a write fails: then create and save open no
    /// savepoint of their own.
    explicit CustomerRepository(LocalStore &store,
                                ChangeWriter::Guard guard = ChangeWriter::Guard::Savepoint);

    /// Validates and inserts a new customer; returns its id. Phones may be typed in any format.
    Result<QString> create(Customer customer);
    /// Validates and saves the differences between edited and the stored customer.
    Status save(const Customer &edited);
    /// The same, for a change decided on a state (a rule's assignment or field change): saved
    /// only while the stored customer still holds expect ({column: value}); the outbox entry
    /// carries expect so the server refuses it when another client changed it first.
    Status saveExpecting(const Customer &edited, const QVariantMap &expect);
    /// A change decided on a state (a rule's set-field, stage or assignment action), written
    /// alone: only these columns of the customer's row (industry, region, source,
    /// customer_type, intent, stage, amount, owner_id; assigned_at follows the owner) with their
    /// outbox entry carrying expect, the stage or owner timeline event and the events save()
    /// announces. Checked as save() checks it (the profile's validation with the change made,
    /// the owner permission) and only while the stored row still holds expect; contacts, phones
    /// and tags are neither read nor written.
    Status changeExpecting(const QString &id, const QVariantMap &changes,
                           const QVariantMap &expect);
    /// Links the tag to the customer (a tag the workspace lacks is created; the link's id comes
    /// from setTagLinkIds), as save() with the tag added writes it; nothing when it has it.
    Status addTag(const QString &id, const QString &tag);
    /// Unlinks the tag from the customer, as save() with the tag removed; nothing when it has
    /// none of that name.
    Status removeTag(const QString &id, const QString &tag);
    /// The permissions the writes are checked with (a sweep reads the role once for all of
    /// its writes); by default each write reads them.
    void setPermissions(const Permissions &permissions) { m_permissions.emplace(permissions); }
    /// Tombstones the customer and everything under it.
    Status remove(const QString &id);
    /// The customer with its contacts, phones and tags. A customer that does not exist (or no
    /// longer) is Error::notFound; a workspace that cannot be read is any other Error.
    Result<Customer> load(const QString &id) const;

    /// The ids the next writes give the tag links they add, by tag name (a rule's action gives
    /// an id derived from its run, so two clients adding the same tag for the same cause write
    /// the same row and the server keeps the first). A tag the workspace does not have yet is
    /// created with an id derived from its name, the same on every client. Links for other
    /// names get new ids.
    void setTagLinkIds(const QHash<QString, QString> &linkIds) { m_tagLinkIds = linkIds; }

private:
    Status writeContacts(const QString &customerId, const QList<Contact> &edited,
                         const QList<Contact> &stored);
    Status writePhones(const QString &customerId, const QString &contactId,
                       const QList<ContactPhone> &edited, const QList<ContactPhone> &stored);
    Status writeTags(const QString &customerId, const QStringList &edited,
                     const QStringList &stored);
    Status addEvent(const QString &customerId, const QString &kind, const QString &from,
                    const QString &to);
    void announceChanges(const Customer &stored, const Customer &edited);
    /// The customer's row alone (no contacts, phones or tags), as load() reads it.
    Result<Customer> loadProfile(const QString &id) const;
    Result<bool> hasTag(const QString &id, const QString &tag) const;
    Permissions permissions() const;

    LocalStore &m_store;
    ChangeWriter::Guard m_guard;
    QHash<QString, QString> m_tagLinkIds;
    std::optional<Permissions> m_permissions;
};

/// Returns the first validation error as an Error (or success) for callers that want one.
Status firstValidationError(const Customer &customer);

} // namespace Leadline
