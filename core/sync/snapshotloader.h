#pragma once

#include "core/domain/result.h"

#include <functional>
#include <optional>

namespace Leadline {

class LocalStore;
class ServerGateway;
struct SyncCursor;

/// Fills the cache from a snapshot of every live row the user may see, table by table in id
/// order, then sets the feed cursor to where the snapshot started, so the feed delivers
/// whatever changed while the pages were read.
///
/// Used for a workspace's first sync (reading the whole change feed would replay every
/// change ever made) and for a full resync: after a server restore (new generation) or when
/// the cursor is older than the server's offline window. A resync also drops cached rows the
/// server no longer has, unless they hold changes not yet pushed. An empty cache is filled in
/// bulk (BulkLoad), committing as it goes; a load broken off that way is finished by the next,
/// which keeps the feed position of the first attempt: what changed since then (deletions,
/// moves out of sight) comes from the feed, so nothing the first attempt wrote is left stale.
class SnapshotLoader final
{
public:
    /// Initial: a first sync. Resync: the cursor is older than the offline window (cached rows
    /// are replaced by newer ones). Restored: the server was restored from a dump (a new
    /// generation): its rows replace the cached ones whatever their version.
    enum class Mode { Initial, Resync, Restored };

    SnapshotLoader(LocalStore &store, ServerGateway &gateway);

    /// Returns the number of rows written to the cache.
    Result<int> load(Mode mode, int pageSize = 5000);

    /// A bulk load commits every rowsPerCommit rows and then asks onCommit (with the rows
    /// written so far) whether to go on; false stops the load with an Error, and the next load
    /// finishes it.
    void setCommitEvery(int rowsPerCommit, std::function<bool(int rows)> onCommit = {});

private:
    Result<int> loadInBulk(const SyncCursor &start, int pageSize);
    Result<int> loadInOneTransaction(Mode mode, const SyncCursor &start, int pageSize);
    /// Reads every synced table page by page into the cache; afterRow runs after each row.
    Result<int> readTables(bool withTombstones, bool overwrite, int pageSize,
                           const std::function<Status(const QString &table, const QString &id)> &afterRow);

    /// Where an interrupted first load started, when the server still has that generation.
    std::optional<SyncCursor> startOfBrokenLoad(const QString &generation) const;
    Status rememberStart(const SyncCursor &start);

    LocalStore &m_store;
    ServerGateway &m_gateway;
    int m_rowsPerCommit;
    std::function<bool(int)> m_onCommit;
};

} // namespace Leadline
