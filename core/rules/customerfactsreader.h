#pragma once

#include "customerfacts.h"

#include "core/domain/result.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace Leadline {

class LocalStore;

/// Reads what conditions see about every live customer of a workspace: its fields and tags,
/// its calls since a window's start (for count_calls), its latest call whatever its age and its
/// latest todo. The dry run and the sweep decide on these, with the same evaluator as an event.
class CustomerFactsReader final
{
public:
    /// callsSinceMs: calls from this instant on are listed (the longest window rules count over).
    CustomerFactsReader(LocalStore &store, qint64 callsSinceMs);

    /// Calls visit for each customer, oldest first; visit returns false to stop. A failed read
    /// is an error, never an empty workspace.
    Status forEach(const std::function<bool(const CustomerFacts &)> &visit) const;
    /// Calls visit for each live customer of ids (in the order forEach would), reading only
    /// those: what an incremental sweep decides on.
    Status forEachOf(const QStringList &ids,
                     const std::function<bool(const CustomerFacts &)> &visit) const;
    /// The facts of one live customer (nullopt when it is deleted or unknown), as forEach
    /// would give them; reads the connection's current transaction.
    Result<std::optional<CustomerFacts>> read(const QString &customerId) const;

private:
    enum class Scope { All, One, Listed };
    Status scan(Scope scope,
                const QString &only,
                const std::function<bool(const CustomerFacts &)> &visit) const;

    LocalStore &m_store;
    qint64 m_callsSince;
};

} // namespace Leadline
