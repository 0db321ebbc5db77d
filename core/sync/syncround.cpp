#include "syncround.h"

#include "changepuller.h"
#include "outboxpusher.h"
#include "serverconnection.h"
#include "servergateway.h"
#include "core/storage/localstore.h"

namespace Leadline {

SyncRound::SyncRound(LocalStore &store, ServerConnection &connection)
    : m_store(store)
    , m_connection(connection)
{}

Result<SyncReport> SyncRound::run()
{
    m_failure = SyncFailure::None;
    auto fail = [this](const Error &error) {
        m_failure = m_connection.isAlive() ? SyncFailure::Other : SyncFailure::Unreachable;
        return error;
    };
    ServerGateway gateway(m_connection);
    auto hello = gateway.hello(m_store.clientId());
    if (!hello) {
        if (!m_connection.isAlive()) {
            m_failure = SyncFailure::Unreachable;
            return hello.error();
        }
        m_failure = SyncFailure::VersionMismatch;
        return hello.error();
    }
    // A new, empty workspace works as the agent its login belongs to.
    if (m_store.currentAgentId().isEmpty() && !hello->agentId.isEmpty())
        m_store.setCurrentAgentId(hello->agentId);

    // A restored server (a new generation) gets every write it acknowledged again, first.
    if (auto requeued = OutboxPusher::requeueIfRestored(m_store, hello->generation); !requeued)
        return fail(requeued.error());

    SyncReport report;
    OutboxPusher pusher(m_store, gateway);
    auto seeded = pusher.pushSeed(m_batchSize);
    if (!seeded)
        return fail(seeded.error());
    auto pushed = pusher.pushAll(m_batchSize);
    if (!pushed)
        return fail(pushed.error());
    report.pushed = seeded->pushed + pushed->pushed;
    report.rejected = seeded->rejected + pushed->rejected;
    report.conflicts = seeded->conflicts + pushed->conflicts;

    ChangePuller puller(m_store, gateway);
    puller.setSnapshotPageSize(m_snapshotPageSize);
    auto pulled = puller.pullAll(m_pageSize);
    if (!pulled)
        return fail(pulled.error());
    report.pulled = *pulled;
    auto lost = puller.pullLostConflicts();
    if (!lost)
        return fail(lost.error());
    report.conflicts += *lost;
    // Entries that waited for a record the server had lost go out once it is back, and the
    // server's answer comes back in the same round.
    auto freed = OutboxPusher::releaseWaiting(m_store);
    if (!freed)
        return fail(freed.error());
    if (*freed > 0) {
        auto again = pusher.pushAll(m_batchSize);
        if (!again)
            return fail(again.error());
        report.pushed += again->pushed;
        report.rejected += again->rejected;
        report.conflicts += again->conflicts;
        auto after = puller.pullAll(m_pageSize);
        if (!after)
            return fail(after.error());
        report.pulled += *after;
    }
    report.feedWaiting = puller.feedWaiting();
    report.pending = OutboxPusher::pendingCount(m_store);
    return report;
}

} // namespace Leadline
