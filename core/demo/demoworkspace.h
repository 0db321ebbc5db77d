#pragma once

#include "core/domain/result.h"

#include <QDate>

#include <functional>

namespace Leadline {

class LocalStore;

/// What the demo workspace holds.
struct DemoOptions
{
    int customers = 1000;
    quint32 seed = 1;
    QDate anchor; ///< "today" of the data (10:00 China time); null = the store clock's now
    int agents = 12;
    double callsPerCustomer = 8.0; ///< average over one year
};

/// Fills an empty workspace with realistic, deterministic data for the fictional 云鹊 CRM
/// product: teams, agents, customers with contacts and phones, a year of calls, todos, notes,
/// stage changes, the default dispositions and the knowledge base. Same options → the same
/// bytes in every synced table. Rows are written directly (no outbox) with row_version 0 and
/// sync_state seed_pending = 1, so the first sync pushes them as the server's initial seed.
class DemoWorkspace final
{
public:
    /// Counts of what generate() wrote.
    struct Summary
    {
        int customers = 0;
        int contacts = 0;
        int phones = 0;
        int calls = 0;
        int todos = 0;
        int notes = 0;
        int articles = 0;
        int agents = 0;
    };

    static Status generate(LocalStore &store, const DemoOptions &options,
                           const std::function<void(int done, int total)> &progress = {});
    /// As generate(), also reporting what was written.
    static Result<Summary> generateWithSummary(
        LocalStore &store, const DemoOptions &options,
        const std::function<void(int done, int total)> &progress = {});
};

} // namespace Leadline
