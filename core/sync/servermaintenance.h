#pragma once

#include "core/domain/result.h"

namespace Leadline {

class ServerConnection;

/// What trimming the server to the offline window removed.
struct PurgeReport
{
    qint64 tombstones = 0; ///< deleted rows (and the rows that referred to them) gone for good
    qint64 feed = 0;       ///< change feed entries
    qint64 answers = 0;    ///< stored push answers
};

/// An administrator's upkeep of the shared server (SPEC §5 Deletes): tombstones, feed entries
/// and stored push answers older than the offline window are removed. A client whose cursor is
/// older than what was removed pushes its outbox, then resyncs in full.
class ServerMaintenance final
{
public:
    static constexpr int defaultOfflineWindowDays = 90;

    static Result<PurgeReport> purge(ServerConnection &connection,
                                     int keepDays = defaultOfflineWindowDays);
};

} // namespace Leadline
