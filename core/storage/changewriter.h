#pragma once

#include "core/domain/result.h"

#include <QString>
#include <QVariantMap>

namespace Leadline {

class LocalStore;

/// The one way to write a synced table: the row and its outbox entry go into the workspace in
/// the same transaction, so neither can exist without the other. Column names are checked
/// against the table's schema; values are always bound, never spliced into SQL.
class ChangeWriter final
{
public:
    /// How a write inside a caller's transaction keeps itself whole.
    enum class Guard {
        /// Each write is all or nothing on its own (a savepoint when nested), so a caller may
        /// go on after one failed.
        Savepoint,
        /// No savepoint: a batch writer (an import) that rolls its whole transaction back when
        /// any write fails. Outside a transaction a write still opens its own.
        CallersTransaction,
    };

    explicit ChangeWriter(LocalStore &store, Guard guard = Guard::Savepoint);

    /// Inserts a new row (an id is generated when row has none) and returns its id.
    Result<QString> insert(const QString &table, QVariantMap row);
    /// Updates the given fields of a row; fields whose value does not change are left out of
    /// the outbox entry, and an update that changes nothing writes nothing.
    Status update(const QString &table, const QString &id, const QVariantMap &changes);
    /// Updates the row only while it still holds the values of expect ({column: value}): a
    /// change decided on a state (a rule's assignment or field change). The outbox entry carries
    /// expect, so the server refuses it as stale when another client changed the row first.
    /// Returns an error with field "stale" when the local row no longer holds expect.
    Status updateExpecting(const QString &table, const QString &id, const QVariantMap &changes,
                           const QVariantMap &expect);
    /// Marks a row deleted (a tombstone the server propagates).
    Status remove(const QString &table, const QString &id);

private:
    Status checkColumns(const QString &table, const QVariantMap &fields) const;
    Status appendOutbox(const QString &table, const QString &rowId, const QString &op,
                        qint64 baseRowVersion, const QVariantMap &fields,
                        const QVariantMap &expect = {});

    LocalStore &m_store;
    Guard m_guard;
};

} // namespace Leadline
