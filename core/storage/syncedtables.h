#pragma once

#include <QList>
#include <QString>

namespace Leadline {

/// How the server resolves concurrent writes to a table (§5).
enum class ConflictPolicy {
    FieldMerge,     ///< customers, contacts: per-field versions, conflicts logged
    InsertOnly,     ///< calls, notes, timeline events: never updated, never conflict
    TodoCompletion, ///< todos: first completion kept, other fields last-write-wins
    LastWriteWins,  ///< reference data: the last write by server arrival wins
};

/// One table that syncs with the server.
struct SyncedTable
{
    QString name;
    ConflictPolicy policy;
};

/// The registry of synced tables. Adding a synced table is: a migration that creates it with
/// the common columns (id, row_version, updated_at, updated_by, deleted), one line here, and
/// the matching server migration.
class SyncedTables final
{
public:
    /// All synced tables, parents before children (the order a full push must follow).
    static const QList<SyncedTable> &all();
    static const SyncedTable *find(const QString &name);
    static bool isSynced(const QString &name) { return find(name) != nullptr; }
    /// Columns every synced table has, maintained by the writer and the sync engine.
    static bool isBookkeepingColumn(const QString &column);
};

} // namespace Leadline
