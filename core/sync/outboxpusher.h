#pragma once

#include "core/domain/result.h"

#include <QJsonArray>
#include <QString>

namespace Leadline {

class LocalStore;
class ServerGateway;

/// What a push did.
struct PushStats
{
    int pushed = 0;    ///< mutations the server accepted (applied, duplicate or unchanged)
    int rejected = 0;  ///< mutations set aside in outbox_rejected
    int conflicts = 0; ///< field conflicts this client's changes won (the loser is told)
    int waiting = 0;   ///< mutations kept back until a record the server lost comes back
};

/// Sends the outbox to the server in order, in batches; each batch is one server transaction
/// and is idempotent by (client_id, mutation_id), so after a lost reply the same batch is
/// simply sent again. Also performs the one-time seeding push of a demo workspace.
class OutboxPusher final
{
public:
    OutboxPusher(LocalStore &store, ServerGateway &gateway);

    /// Pushes until no outbox entry is left to send (entries waiting for a record the server
    /// lost stay; see releaseWaiting).
    Result<PushStats> pushAll(int batchSize = 500);
    /// When sync_state seed_pending is 1: sends every never-synced row that has no outbox
    /// entry (parents first, in batches), then clears the flag.
    Result<PushStats> pushSeed(int batchSize = 500);

    /// Number of outbox entries waiting.
    static int pendingCount(const LocalStore &store);
    /// Queues every acknowledged entry of the offline window again, under its own mutation id
    /// and number, for a server restored from a dump (see outbox_sent); returns how many.
    static Result<int> requeueSent(LocalStore &store);
    /// requeueSent() when the generation a handshake reported is not the one this cache last
    /// pulled from (a restored server), before anything is pushed to it: so an entry that
    /// depends on an earlier one the restored server lost (the delete of a record it created)
    /// goes out after that one, never alone. Returns how many were queued again.
    static Result<int> requeueIfRestored(LocalStore &store, const QString &serverGeneration);
    /// Entries refused because the server lost a record this cache had from it (a restore from
    /// a dump taken before another client created it) wait in the outbox for that record instead
    /// of being set aside. Frees for sending those whose record is back in the cache and sets
    /// aside, with the server's reason, those that waited longer than the offline window;
    /// returns how many were freed.
    static Result<int> releaseWaiting(LocalStore &store);

private:
    struct Entry
    {
        qint64 seq = 0;
        QString mutationId;
        QString table;
        QString rowId;
        QString op;
        qint64 baseRowVersion = 0;
        QString fields;
        qint64 createdAt = 0;
        QString expect; ///< JSON {column: value} the server must still find, or empty
        QString importBatch; ///< the import batch that wrote it, or empty
    };

    Status settle(const QList<Entry> &entries, const QJsonArray &results, bool seeding,
                  PushStats &stats);
    /// The record ('table|id') a refused entry waits for, or empty when it is refused for good.
    Result<QString> lostRecord(const Entry &entry, const QString &code);

    LocalStore &m_store;
    ServerGateway &m_gateway;
};

} // namespace Leadline
