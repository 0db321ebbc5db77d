#pragma once

#include "core/domain/result.h"

namespace Leadline {

class LocalStore;

/// The KPI rollups as a whole: calls and agent states (kpi_days, kpi_hours: schema step 9);
/// owners, leads created, stage entries and todos (kpi_owned, kpi_source_days, kpi_stage_days,
/// kpi_stage_keys, kpi_todo_days: step 13); 16-day blocks of leads created and stage entries
/// (kpi_source_blocks, kpi_stage_blocks: step 17). Triggers
/// keep them equal to the calls and agent states row by row; a bulk load of millions of calls
/// is faster with the triggers paused and one rebuild at the end.
class KpiRollups final
{
public:
    /// Stops the rollup triggers (for this workspace file, every connection) until rebuild().
    static Status pause(LocalStore &store);
    /// Sums every call and agent state again and resumes the triggers, in one transaction.
    static Status rebuild(LocalStore &store);
    static bool isPaused(const LocalStore &store);
    /// The UTC offset (ms) whose local days kpi_days counts (UTC+8 unless moved).
    static qint64 dayOffsetMs(const LocalStore &store);
    /// Counts kpi_days in the local days of another UTC offset (the teams' usual zone) from now
    /// on, summing it again.
    static Status setDayOffset(LocalStore &store, qint64 offsetMs);
    /// Rollup rows that differ from a computation from scratch (0 when they agree; rows whose
    /// sums are all zero, left by deletes, are ignored), or an Error when they cannot be read.
    static Result<int> differences(LocalStore &store);
};

} // namespace Leadline
