#pragma once

#include "customerfacts.h"

#include "core/domain/result.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

namespace Leadline {

class LocalStore;

/// Reads what conditions see about every live customer of a workspace: its fields and tags,
/// its calls since a window's start (for count_calls), its latest call whatever its age and its
/// latest todo. The dry run and the sweep decide on these, with the same evaluator as an event.
/// Customers are read a chunk at a time in rowid order, so memory stays flat whatever the
/// workspace's size; nothing holds a read open between two chunks.
class CustomerFactsReader final
{
public:
    static constexpr int defaultChunkSize = 500;
    using ChunkVisit = std::function<bool(const QList<CustomerFacts> &)>;

    /// callsSinceMs: calls from this instant on are listed (the longest window rules count over).
    /// chunkSize: customers per read; 0 reads every customer at once.
    CustomerFactsReader(LocalStore &store, qint64 callsSinceMs,
                        int chunkSize = defaultChunkSize);

    /// Calls visit for each customer, oldest first; visit returns false to stop. A failed read
    /// is an error, never an empty workspace.
    Status forEach(const std::function<bool(const CustomerFacts &)> &visit) const;
    /// The same a chunk of customers at a time (in order); visit returns false to stop.
    Status forEachChunk(const ChunkVisit &visit) const;
    /// Calls visit for each live customer of ids (in the order forEach would), reading only
    /// those: what an incremental sweep decides on.
    Status forEachOf(const QStringList &ids,
                     const std::function<bool(const CustomerFacts &)> &visit) const;
    /// The same a chunk of customers at a time.
    Status forEachChunkOf(const QStringList &ids, const ChunkVisit &visit) const;
    /// The facts of one live customer (nullopt when it is deleted or unknown), as forEach
    /// would give them; reads the connection's current transaction.
    Result<std::optional<CustomerFacts>> read(const QString &customerId) const;

private:
    enum class Scope { All, One, Listed };
    Status scan(Scope scope, const QStringList &only, const ChunkVisit &visit) const;
    Status fill(Scope scope, const QString &ids, QList<CustomerFacts> &chunk) const;

    LocalStore &m_store;
    qint64 m_callsSince;
    int m_chunkSize;
};

} // namespace Leadline
