#pragma once

#include "core/domain/result.h"

#include <QObject>

namespace Leadline {

class LocalStore;

/// Merges a duplicate customer into the one that survives (supervisors and admins only): its
/// contacts, phones, calls, notes, todos, timeline events and tags move to the survivor, blank
/// profile fields of the survivor are filled from it, it is tombstoned, and a 'merge' event
/// goes on the survivor's timeline — all with outbox entries, in one transaction. Until those
/// entries are pushed, undo() restores the state before the merge as if it never happened.
class CustomerMerger final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerMerger)

public:
    explicit CustomerMerger(LocalStore &store, QObject *parent = nullptr);

    /// Merges mergedId into survivorId; returns the merge's id (for undo).
    Result<QString> merge(const QString &survivorId, const QString &mergedId);
    /// Whether the merge can still be undone (none of its outbox entries has been sent).
    bool canUndo(const QString &mergeId) const;
    /// Restores both customers and every moved record to their state before the merge.
    Status undo(const QString &mergeId);
    /// Whether the signed-in agent may merge (role supervisor or admin).
    bool mayMerge() const;

signals:
    /// Two customers were merged; the merged one no longer exists.
    void customersMerged(const QString &survivorId, const QString &mergedId);
    /// A merge was undone; both customers exist again.
    void mergeUndone(const QString &survivorId, const QString &mergedId);

private:
    LocalStore &m_store;
};

} // namespace Leadline
