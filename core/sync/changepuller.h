#pragma once

#include "core/domain/result.h"
#include "servergateway.h"

namespace Leadline {

class LocalStore;

/// Reads the change feed page by page and applies it to the cache. Each page and the cursor
/// after it are stored in one local transaction, so a crash repeats at most one page. A first
/// pull, a restored server and a cursor older than the offline window start from a snapshot
/// (SnapshotLoader) instead.
class ChangePuller final
{
public:
    ChangePuller(LocalStore &store, ServerGateway &gateway);

    /// Pulls until the feed is exhausted, then builds a search index left paused (a first
    /// sync's); returns the number of rows written locally.
    Result<int> pullAll(int pageSize = 2000);
    /// Rows per snapshot page (a first sync, a resync).
    void setSnapshotPageSize(int rows) { m_snapshotPageSize = rows; }
    /// Records the conflicts this client lost since the last call; returns how many.
    Result<int> pullLostConflicts();
    /// True when the last pull found changes held back by an older open server transaction.
    bool feedWaiting() const { return m_waiting; }

    static SyncCursor loadCursor(const LocalStore &store);
    static Status saveCursor(LocalStore &store, const SyncCursor &cursor);

private:
    Result<int> pullPages(int pageSize);
    Result<int> applyPage(const PullPage &page);

    LocalStore &m_store;
    ServerGateway &m_gateway;
    bool m_waiting = false;
    int m_snapshotPageSize = 100000;
};

} // namespace Leadline
