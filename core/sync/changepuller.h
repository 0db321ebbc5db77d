#pragma once

#include "core/domain/result.h"
#include "servergateway.h"

namespace Leadline {

class LocalStore;

/// Reads the change feed page by page and applies it to the cache. Each page and the cursor
/// after it are stored in one local transaction, so a crash repeats at most one page.
class ChangePuller final
{
public:
    ChangePuller(LocalStore &store, ServerGateway &gateway);

    /// Pulls until the feed is exhausted; returns the number of rows written locally.
    Result<int> pullAll(int pageSize = 2000);
    /// Records the conflicts this client lost since the last call; returns how many.
    Result<int> pullLostConflicts();
    /// True when the last pull found changes held back by an older open server transaction.
    bool feedWaiting() const { return m_waiting; }

    static SyncCursor loadCursor(const LocalStore &store);

private:
    Result<int> pullPages(int pageSize);
    Result<int> applyPage(const PullPage &page);
    Status startOver(const QString &generation);

    LocalStore &m_store;
    ServerGateway &m_gateway;
    bool m_waiting = false;
};

} // namespace Leadline
