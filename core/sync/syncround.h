#pragma once

#include "core/domain/result.h"

#include <QString>

namespace Leadline {

class LocalStore;
class ServerConnection;

/// What one sync round did (the JSON of "leadline sync").
struct SyncReport
{
    int pushed = 0;
    int pulled = 0;
    int conflicts = 0;
    int rejected = 0;
    int pending = 0;      ///< outbox entries still waiting after the round
    bool feedWaiting = false; ///< newer server changes are held back by an open transaction
};

/// Why a round failed: the engine retries an unreachable server with back-off but not a
/// version mismatch, which needs an update.
enum class SyncFailure { None, Unreachable, VersionMismatch, Other };

/// One sync round on an open server connection: handshake, seeding push (once), push of the
/// outbox, pull of the change feed. The outbox is left untouched when the handshake fails.
class SyncRound final
{
public:
    SyncRound(LocalStore &store, ServerConnection &connection);

    Result<SyncReport> run();
    SyncFailure failure() const { return m_failure; }

    /// Batch and page sizes (tests use small ones to cross page boundaries).
    void setBatchSize(int size) { m_batchSize = size; }
    void setPageSize(int size) { m_pageSize = size; }
    void setSnapshotPageSize(int rows) { m_snapshotPageSize = rows; }

private:
    LocalStore &m_store;
    ServerConnection &m_connection;
    SyncFailure m_failure = SyncFailure::None;
    int m_batchSize = 500;
    int m_pageSize = 2000;
    int m_snapshotPageSize = 100000;
};

} // namespace Leadline
