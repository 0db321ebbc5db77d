#pragma once

#include "core/domain/result.h"

namespace Leadline {

class LocalStore;

/// The customer search indexes (customer_fts, customer_grams, phone_grams) as a whole. Triggers keep them
/// current row by row; a bulk load of many thousands of customers is faster with the triggers
/// paused and one rebuild at the end.
class SearchIndex final
{
public:
    /// Stops the search triggers (for this workspace file, every connection) until rebuild().
    static Status pause(LocalStore &store);
    /// How a rebuild leaves the index: merged into one segment per table (fastest to query;
    /// costs a pass over the whole index), or as written (a few segments, which FTS5 merges
    /// as it goes).
    enum class Merge { Fully, AsWritten };
    /// Indexes every live customer again in one pass and resumes the triggers.
    static Status rebuild(LocalStore &store, Merge merge = Merge::Fully);
    static bool isPaused(const LocalStore &store);
};

} // namespace Leadline
