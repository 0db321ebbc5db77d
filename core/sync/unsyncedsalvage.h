#pragma once

#include "core/domain/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Leadline {

/// What could be read of a damaged workspace's unsynced changes (SPEC §8: "keeping unsynced
/// changes aside").
struct SalvagedOutbox
{
    QString clientId; ///< the workstation the entries were numbered by (empty: unreadable)
    QString agentId;  ///< the agent the workspace worked as (empty: unreadable)
    /// One object per outbox entry, in outbox order: seq, mutation_id, table, row_id, op,
    /// base_row_version, fields (object), created_at, expect (object, when set).
    QList<QJsonObject> entries;
    int unreadable = 0; ///< entries (or runs of them) that the damage made unreadable
};

/// Reads the unsynced outbox of a workspace that may be damaged, without writing to it, and keeps
/// it in a side file: JSON lines next to the workspace, one header line then one line per entry.
/// A side file is written once under a new name and never overwritten.
class UnsyncedSalvage final
{
public:
    /// Reads every outbox entry that can still be read; reads past damaged pages entry by entry.
    static Result<SalvagedOutbox> read(const QString &workspacePath);
    /// Writes the side file at a new name beside the workspace; returns its path.
    static Result<QString> write(const QString &workspacePath, const SalvagedOutbox &salvaged);
    /// Reads a side file back.
    static Result<SalvagedOutbox> load(const QString &sideFile);
};

} // namespace Leadline
