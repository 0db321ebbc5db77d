#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>

namespace Leadline {

class LocalStore;

/// Merges a duplicate customer into the one that survives (supervisors and admins only): its
/// contacts, phones, calls, notes, todos, timeline events and tags move to the survivor, blank
/// profile fields of the survivor are filled from it, it is tombstoned, and a 'merge' event
/// goes on the survivor's timeline — all with outbox entries, in one transaction. Until those
/// entries are pushed, undo() restores the state before the merge as if it never happened.
class CustomerMerger final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::CustomerMerger)
    Q_DISABLE_COPY_MOVE(CustomerMerger)

public:
    explicit CustomerMerger(LocalStore &store);

    /// Merges mergedId into survivorId; returns the merge's id (for undo).
    Result<QString> merge(const QString &survivorId, const QString &mergedId);
    /// Whether the merge can still be undone (none of its outbox entries has been sent).
    bool canUndo(const QString &mergeId) const;
    /// Restores both customers and every moved record to their state before the merge.
    Status undo(const QString &mergeId);

private:
    LocalStore &m_store;
};

} // namespace Leadline
