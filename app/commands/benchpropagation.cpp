// sync.propagation (§7: a change made on one client visible on another, both online, < 2 s):
// two workspaces with their background engines, online and idle; an edit on one, until it is
// in the other's file, beside the same edit carried by two bare rounds.
#include "benchregistry.h"
#include "benchserver.h"
#include "commands.h"

#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/sync/syncengine.h"
#include "core/sync/syncround.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int propagationCustomers = 2000; // the idle system needs no more to be realistic
constexpr int propagationRuns = 20;
constexpr int propagationWarmUps = 2;
constexpr int propagationTimeoutMs = 30000;
constexpr int engineStartTimeoutMs = 600000; // a first sync of whatever the server holds

// A workspace for the propagation benchmark, opened (and migrated) before its engine opens it.
Result<std::unique_ptr<LocalStore>> propagationWorkspace(const BenchInput &input,
                                                         const QString &suffix)
{
    const QString path = scratchPath(input.store, suffix);
    removeWorkspace(path);
    return LocalStore::open(path);
}

// True when the customer's title in the workspace file is value (read with its own connection,
// as another process would see it).
bool titleIs(LocalStore &store, const QString &id, const QString &value)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT title FROM customers WHERE id = ?"));
    query.addBindValue(id);
    return query.exec() && query.next() && query.value(0).toString() == value;
}

Result<BenchSamples> propagation(BenchInput &input)
{
    auto connection = adminConnection(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureServerData(input, **connection, std::min(input.size, propagationCustomers));
        !seeded) {
        return seeded.error();
    }
    const ServerUrl url = (*connection)->url();
    auto a = propagationWorkspace(input, QStringLiteral(".sync-propagation-a.leadline"));
    if (!a)
        return a.error();
    auto b = propagationWorkspace(input, QStringLiteral(".sync-propagation-b.leadline"));
    if (!b)
        return b.error();
    LocalStore &storeA = **a;
    LocalStore &storeB = **b;

    // Two desktops as the app runs them: each fills itself on its engine's first round, then
    // both sit online and idle.
    SyncEngine engineA(storeA.path(), url);
    SyncEngine engineB(storeB.path(), url);
    engineA.start();
    engineB.start();
    auto settled = [&](const SyncEngine &engine) {
        return engine.status().state == SyncStatus::State::Online
               || engine.status().state == SyncStatus::State::Refused;
    };
    if (!waitFor([&] { return settled(engineA) && settled(engineB); }, engineStartTimeoutMs))
        return Error{tr("the sync engines did not come online: %1").arg(engineA.status().message)};
    for (const SyncEngine *engine : {&engineA, &engineB}) {
        if (engine->status().state != SyncStatus::State::Online)
            return Error{engine->status().message};
    }

    QSqlQuery first(storeA.database());
    if (!first.exec(QStringLiteral("SELECT id FROM customers WHERE deleted = 0 ORDER BY id LIMIT 1"))
        || !first.next()) {
        return Error{tr("the server holds no customers to edit")};
    }
    const QString id = first.value(0).toString();
    first.finish();

    // Values no earlier run on this server wrote, so every edit is a change.
    const QString stamp = QString::number(QDateTime::currentMSecsSinceEpoch());
    ChangeWriter writer(storeA);
    QRandomGenerator random(input.seed);
    BenchSamples samples;
    const int runs = std::min(input.runs, propagationRuns);
    for (int run = 0; run < propagationWarmUps + runs; ++run) {
        // Idle, and at a varying point of the engines' timers.
        pauseFor(300 + int(random.bounded(700)));
        const QString value = QStringLiteral("传播 %1-%2").arg(stamp).arg(run);
        QElapsedTimer timer;
        timer.start();
        if (auto edited = writer.update(QStringLiteral("customers"), id,
                                        {{QStringLiteral("title"), value}});
            !edited) {
            return edited.error();
        }
        if (!waitFor([&] { return titleIs(storeB, id, value); }, propagationTimeoutMs)) {
            return Error{tr("the edit did not reach the second workspace within %1 s")
                             .arg(propagationTimeoutMs / 1000)};
        }
        if (run >= propagationWarmUps)
            samples.appMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    engineA.stop();
    engineB.stop();

    // The floor: the same edit carried by one bare round on each side, with no timers between.
    auto serverA = ServerConnection::open(url);
    if (!serverA)
        return serverA.error();
    auto serverB = ServerConnection::open(url);
    if (!serverB)
        return serverB.error();
    for (int run = 0; run < runs; ++run) {
        const QString value = QStringLiteral("传播 %1-floor-%2").arg(stamp).arg(run);
        Status outcome;
        const double ms = timeMs([&] {
            if (auto edited = writer.update(QStringLiteral("customers"), id,
                                            {{QStringLiteral("title"), value}});
                !edited) {
                outcome = edited.error();
                return;
            }
            if (auto pushed = SyncRound(storeA, **serverA).run(); !pushed) {
                outcome = pushed.error();
                return;
            }
            // A transaction that began before the push and is still open anywhere on the server
            // holds the feed back (the horizon is cluster-wide): pull again until it ends.
            QElapsedTimer waited;
            waited.start();
            while (!titleIs(storeB, id, value) && waited.elapsed() < propagationTimeoutMs) {
                if (auto pulled = SyncRound(storeB, **serverB).run(); !pulled) {
                    outcome = pulled.error();
                    return;
                }
            }
        });
        if (!outcome)
            return outcome.error();
        if (!titleIs(storeB, id, value))
            return Error{tr("a bare round did not bring the edit to the second workspace")};
        samples.floorMs.append(ms);
    }
    const QString pathA = storeA.path();
    const QString pathB = storeB.path();
    a.value().reset();
    b.value().reset();
    removeWorkspace(pathA);
    removeWorkspace(pathB);
    return samples;
}

const bool registeredPropagation = BenchRegistry::add(
    {QStringLiteral("sync.propagation"), 2000, propagation, true});

} // namespace

} // namespace Leadline::Cli
