#include "syncfixture.h"

#include "core/storage/changewriter.h"
#include "core/sync/outboxpusher.h"
#include "core/sync/serverconnection.h"
#include "core/sync/syncround.h"
#include "tests/support/testworkspace.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// What one simulated desktop did in the run.
struct LoadTally
{
    qint64 pushed = 0;
    qint64 pulled = 0;
    qint64 notes = 0;
    qint64 failedRounds = 0;
    qint64 rejected = 0;
    std::vector<qint64> roundMs;
    QString firstError;
};

// One simulated desktop on a thread of its own: its own workspace file and its one server
// connection, kept open as the desktop keeps it. It edits its own customers and writes notes on
// the pool's customers (which every agent sees, so each note is pulled by every client), then
// syncs, with a short pause as an agent between calls.
void runClient(const ServerUrl &url, const QString &agentId, quint32 seed, qint64 seconds,
               std::atomic<int> &ready, int clients, LoadTally &tally)
{
    TestWorkspace workspace;
    workspace.store().setCurrentAgentId(agentId);
    {
        QSqlQuery query(workspace.store().database());
        query.exec(QStringLiteral("PRAGMA synchronous=OFF"));
    }
    ChangeWriter writer(workspace.store());
    QRandomGenerator random(seed);
    auto connection = ServerConnection::open(url);
    const auto round = [&](bool counted) {
        if (!connection) {
            connection = ServerConnection::open(url);
            if (!connection) {
                ++tally.failedRounds;
                if (tally.firstError.isEmpty())
                    tally.firstError = connection.message();
                return;
            }
        }
        QElapsedTimer timer;
        timer.start();
        SyncRound syncRound(workspace.store(), **connection);
        auto report = syncRound.run();
        if (!report) {
            ++tally.failedRounds;
            if (tally.firstError.isEmpty())
                tally.firstError = report.message();
            if (syncRound.failure() == SyncFailure::Unreachable)
                connection = Error{report.message()};
            return;
        }
        if (!counted)
            return;
        tally.roundMs.push_back(timer.elapsed());
        tally.pushed += report->pushed;
        tally.pulled += report->pulled;
        tally.rejected += report->rejected;
    };
    round(false); // the first sync: the pool and the reference data
    std::vector<QString> own;
    for (int i = 0; i < 5; ++i) {
        auto id = writer.insert(QStringLiteral("customers"),
                                {{QStringLiteral("name"), QStringLiteral("L%1-%2").arg(seed).arg(i)},
                                 {QStringLiteral("owner_id"), agentId},
                                 {QStringLiteral("created_at"), workspace.clock().nowMs()}});
        if (id)
            own.push_back(*id);
    }
    round(false);
    ++ready;
    while (ready.load() < clients)
        QThread::msleep(10);
    const QStringList stages = {QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                                QStringLiteral("方案提供"), QStringLiteral("报价阶段")};
    QElapsedTimer run;
    run.start();
    int step = 0;
    while (run.elapsed() < seconds * 1000) {
        if (!own.empty())
            (void)writer.update(QStringLiteral("customers"), own.at(random.bounded(quint32(own.size()))),
                                {{QStringLiteral("stage"), stages.at(random.bounded(4))},
                                 {QStringLiteral("company"), QStringLiteral("Co %1").arg(step)}});
        QSqlQuery pool(workspace.store().database());
        pool.exec(QStringLiteral("SELECT id FROM customers WHERE owner_id IS NULL AND deleted = 0 "
                                 "ORDER BY random() LIMIT 1"));
        if (pool.next()
            && writer.insert(QStringLiteral("notes"),
                             {{QStringLiteral("customer_id"), pool.value(0).toString()},
                              {QStringLiteral("body"), QStringLiteral("load %1-%2").arg(seed).arg(step)},
                              {QStringLiteral("created_at"), workspace.clock().nowMs()}})) {
            ++tally.notes;
        }
        round(true);
        ++step;
        QThread::msleep(200 + random.bounded(800)); // an agent between two calls
    }
    // Online at the end: everything written reaches the server.
    for (int i = 0; i < 3 && OutboxPusher::pendingCount(workspace.store()) > 0; ++i)
        round(false);
    if (OutboxPusher::pendingCount(workspace.store()) > 0 && tally.firstError.isEmpty())
        tally.firstError = QStringLiteral("outbox not drained");
}

} // namespace

// On demand only (a hidden tag): 50 desktops syncing against one PostgreSQL for 60 s,
// reporting throughput, the 95th percentile of a round's time and the errors. docs/sync.md,
// "Load"; LEADLINE_LOAD_CLIENTS and LEADLINE_LOAD_SECONDS change the size.
TEST_CASE("load: fifty desktops sync against one server for a minute without an error",
          "[.][load]")
{
    const int clients = qEnvironmentVariableIntValue("LEADLINE_LOAD_CLIENTS") > 0
                            ? qEnvironmentVariableIntValue("LEADLINE_LOAD_CLIENTS")
                            : 50;
    const qint64 seconds = qEnvironmentVariableIntValue("LEADLINE_LOAD_SECONDS") > 0
                               ? qEnvironmentVariableIntValue("LEADLINE_LOAD_SECONDS")
                               : 60;
    SyncServer server;
    SyncClient boss(server, QStringLiteral("boss"), server.addUser(QStringLiteral("boss"), QStringLiteral("admin")));
    for (int i = 0; i < 20; ++i) {
        REQUIRE(boss.writer().insert(QStringLiteral("customers"),
                                     {{QStringLiteral("name"), QStringLiteral("Pool %1").arg(i)},
                                      {QStringLiteral("created_at"), boss.workspace().clock().nowMs()}})
                    .message() == QString());
    }
    REQUIRE(boss.sync().message() == QString());
    std::vector<QString> agents;
    for (int i = 0; i < clients; ++i) {
        const QString login = QStringLiteral("agent%1").arg(i);
        agents.push_back(server.addUser(login, QStringLiteral("agent"),
                                        QStringLiteral("Team %1").arg(i % 5)));
    }
    TestWorkspace warm; // the template workspace is made once, on this thread
    std::vector<LoadTally> tallies(clients);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    QElapsedTimer wall;
    wall.start();
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back(runClient, server.urlFor(QStringLiteral("agent%1").arg(i)), agents.at(i),
                             quint32(i + 1), seconds, std::ref(ready), clients, std::ref(tallies.at(i)));
    }
    for (auto &thread : threads)
        thread.join();
    const double elapsed = wall.elapsed() / 1000.0;
    LoadTally total;
    for (const LoadTally &tally : tallies) {
        total.pushed += tally.pushed;
        total.pulled += tally.pulled;
        total.notes += tally.notes;
        total.failedRounds += tally.failedRounds;
        total.rejected += tally.rejected;
        total.roundMs.insert(total.roundMs.end(), tally.roundMs.begin(), tally.roundMs.end());
        if (!tally.firstError.isEmpty())
            std::printf("load: a client's first error: %s\n", qPrintable(tally.firstError));
    }
    std::sort(total.roundMs.begin(), total.roundMs.end());
    const auto percentile = [&total](double p) {
        return total.roundMs.empty() ? 0 : total.roundMs.at(std::min(total.roundMs.size() - 1,
                                                                 size_t(p * double(total.roundMs.size()))));
    };
    const qint64 notesOnServer = server.value(QStringLiteral("SELECT count(*) FROM notes")).toLongLong();
    std::printf("load: %d clients, %lld s of rounds (%.0f s in all), %zu rounds, pushed %lld "
                "(%.1f/s), pulled %lld (%.1f/s), round median %lld ms, p95 %lld ms, max %lld ms, "
                "failed rounds %lld, rejected %lld, notes written %lld, on the server %lld\n",
                clients, seconds, elapsed, total.roundMs.size(), total.pushed,
                double(total.pushed) / double(seconds), total.pulled,
                double(total.pulled) / double(seconds), percentile(0.5), percentile(0.95),
                total.roundMs.empty() ? 0 : total.roundMs.back(), total.failedRounds, total.rejected,
                total.notes, notesOnServer);
    std::fflush(stdout);
    CHECK(total.failedRounds == 0);
    CHECK(total.rejected == 0);
    CHECK(notesOnServer == total.notes);
    CHECK(total.roundMs.size() >= size_t(clients));
}
