#pragma once

#include "core/domain/result.h"

namespace Leadline {

class LocalStore;

/// Loading hundreds of thousands of rows into the synced tables (a workspace's first sync):
/// the secondary indexes are dropped and the search and KPI rollup triggers paused, and all are
/// built once, in one pass each, at the end. The dropped indexes are remembered in the
/// workspace, so a load interrupted by a crash or a lost server is finished by the next one.
class BulkLoad final
{
public:
    /// Drops the secondary indexes of the synced tables and pauses the search index, in one
    /// transaction (nothing to do when a load is already under way).
    static Status begin(LocalStore &store);
    /// When the search index is built: with the rest, or left paused for the caller to build
    /// once the rows are in use (SearchIndex::rebuild; a search meanwhile scans the rows).
    enum class Search { Build, Later };
    /// Builds the dropped indexes, then the KPI rollups and (unless Later) the search index, in
    /// transactions of their own (call it outside any transaction); an index an interrupted
    /// finish already built is kept.
    static Status finish(LocalStore &store, Search search = Search::Build);
    /// True between begin() and finish(), across restarts.
    static bool isActive(const LocalStore &store);
};

} // namespace Leadline
