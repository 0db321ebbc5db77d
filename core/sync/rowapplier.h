#pragma once

#include "core/domain/result.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QString>

namespace Leadline {

class LocalStore;

/// Writes server copies of rows into the local cache (never through the outbox). Call inside a
/// Transaction; prepared statements are reused for the lifetime of the applier.
class RowApplier final
{
public:
    explicit RowApplier(LocalStore &store);

    /// Applies the server copy when it is newer than the local row and the row has no pending
    /// outbox entry. Returns whether the row was written. A row whose parent (a customer, a
    /// contact, a tag) the cache does not hold is not written: the first sync loads live rows
    /// only, so a record added later to a customer deleted before it is not this cache's to
    /// hold (it comes with its customer if that is ever brought back).
    Result<bool> applyIfNewer(const QString &table, const QJsonObject &row);
    /// Replaces the local row by the server copy unconditionally (a rejected change restored).
    Status restore(const QString &table, const QJsonObject &row);
    /// Removes a row (and, through the foreign keys, its children) from the cache.
    Status forget(const QString &table, const QString &id);
    /// Whether the outbox holds a pending change for the row.
    Result<bool> hasPending(const QString &table, const QString &id);
    /// Reads the outbox once; later pending checks use this snapshot (for a whole page applied
    /// in one transaction, during which nothing else writes the outbox).
    Status snapshotPending();

private:
    Result<bool> upsert(const QString &table, const QJsonObject &row, bool onlyIfNewer);
    Result<bool> parentsHeld(const QString &table, const QJsonObject &row);

    struct Parent
    {
        QString column;
        QString table;
    };

    LocalStore &m_store;
    QHash<QString, QSqlQuery> m_statements;
    QHash<QString, QList<Parent>> m_parents; ///< each table's foreign keys, read once
    bool m_snapshot = false;
    QSet<QString> m_pending; ///< "table|id" of outbox entries, when m_snapshot
};

} // namespace Leadline
