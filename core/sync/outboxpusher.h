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
};

/// Sends the outbox to the server in order, in batches; each batch is one server transaction
/// and is idempotent by (client_id, mutation_id), so after a lost reply the same batch is
/// simply sent again. Also performs the one-time seeding push of a demo workspace.
class OutboxPusher final
{
public:
    OutboxPusher(LocalStore &store, ServerGateway &gateway);

    /// Pushes until the outbox is empty.
    Result<PushStats> pushAll(int batchSize = 500);
    /// When sync_state seed_pending is 1: sends every never-synced row that has no outbox
    /// entry (parents first, in batches), then clears the flag.
    Result<PushStats> pushSeed(int batchSize = 500);

    /// Number of outbox entries waiting.
    static int pendingCount(const LocalStore &store);
    /// Queues every acknowledged entry of the offline window again, under its own mutation id
    /// and number, for a server restored from a dump (see outbox_sent); returns how many.
    static Result<int> requeueSent(LocalStore &store);

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
    };

    Status settle(const QList<Entry> &entries, const QJsonArray &results, bool seeding,
                  PushStats &stats);

    LocalStore &m_store;
    ServerGateway &m_gateway;
};

} // namespace Leadline
