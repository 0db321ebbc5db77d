// The §7 sync benchmarks, run against the server named by `leadline bench --db URL` (an
// administrator's URL of a database the bench may fill):
//  - sync.initial: a new, empty workspace fills itself from a server holding the benchmark's
//    customers (contacts, phones, tags, todos; no call history), beside the bare read of the
//    same tables over the same connection;
//  - sync.initial_with_calls: the same with ten calls per customer, from a second database on
//    the same server (the --db database's name + "_calls", created and filled once);
//  - sync.push_backlog: 10,000 edits made offline are pushed in one round;
//  - sync.propagation: two workspaces with their background engines, online and idle; an edit
//    on one, until it is in the other's file, beside the same edit carried by two bare rounds.
// An empty server is first seeded from a demo workspace of the benchmark's size.
#include "benchregistry.h"
#include "commands.h"

#include "core/domain/clock.h"
#include "core/storage/changewriter.h"
#include "core/storage/demoworkspace.h"
#include "core/storage/localstore.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"
#include "core/sync/serverconnection.h"
#include "core/sync/serverschema.h"
#include "core/sync/serverurl.h"
#include "core/sync/syncengine.h"
#include "core/sync/syncround.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>

#include <cstdio>
#include <functional>

namespace Leadline::Cli {

namespace {

constexpr int backlogEdits = 10000;
constexpr int callsPerCustomer = 10;
constexpr int propagationCustomers = 2000; // the idle system needs no more to be realistic
constexpr int propagationRuns = 20;
constexpr int propagationWarmUps = 2;
constexpr int propagationTimeoutMs = 30000;
constexpr int engineStartTimeoutMs = 600000; // a first sync of whatever the server holds

// Ten calls per customer, as an agent's history looks: a disposition of the server's list, the
// customer's first phone, the owner (or any agent for the pool) as caller, spread over the last
// hundred days. The triggers stamp row_version and feed the change log as for any write.
const char *const insertCallsSql = R"(
WITH dialled AS (
    SELECT DISTINCT ON (p.customer_id) p.customer_id, p.contact_id, p.e164
    FROM phones p WHERE p.deleted = 0 ORDER BY p.customer_id, p.id),
choices AS (
    SELECT (SELECT array_agg(id ORDER BY sort_order, id) FROM dispositions WHERE deleted = 0) AS ids,
           (SELECT array_agg(is_connect ORDER BY sort_order, id) FROM dispositions
            WHERE deleted = 0) AS connects,
           (SELECT array_agg(id ORDER BY id) FROM agents WHERE deleted = 0) AS agents)
INSERT INTO calls (id, customer_id, contact_id, phone_e164, agent_id, direction, started_at,
                   connected_at, ended_at, duration_s, outcome, disposition_id, updated_at,
                   updated_by)
SELECT gen_random_uuid()::text, c.id, d.contact_id, coalesce(d.e164, ''),
       coalesce(c.owner_id, o.agents[1 + (n % cardinality(o.agents))]), 'out', r.started,
       CASE WHEN r.connected THEN r.started + 10000 END,
       r.started + CASE WHEN r.connected THEN 10000 + r.talk * 1000 ELSE 30000 END,
       CASE WHEN r.connected THEN r.talk ELSE 0 END,
       CASE WHEN r.connected THEN 'connected' ELSE 'no_answer' END, o.ids[p.pick],
       r.started + 60000, coalesce(c.owner_id, o.agents[1 + (n % cardinality(o.agents))])
FROM customers c
LEFT JOIN dialled d ON d.customer_id = c.id
CROSS JOIN choices o
CROSS JOIN generate_series(1, ?) n
CROSS JOIN LATERAL (
    SELECT 1 + floor(random() * coalesce(cardinality(o.ids), 1))::int AS pick, n AS call_number) p
CROSS JOIN LATERAL (
    SELECT ? - n * 864000000::bigint - floor(random() * 28800000)::bigint AS started,
           coalesce(o.connects[p.pick] = 1, false) AS connected,
           (30 + floor(random() * 870))::bigint AS talk) r
WHERE c.deleted = 0
)";

void progressLine(const QString &line)
{
    const QByteArray text = line.toUtf8();
    std::fprintf(stderr, "%s\n", text.constData());
    std::fflush(stderr);
}

// Processes events until the condition holds; false when timeoutMs passed first.
bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        QThread::msleep(2);
    }
    return true;
}

void pauseFor(int ms)
{
    waitFor([] { return false; }, ms);
}

QString scratchPath(const LocalStore &bench, const QString &suffix)
{
    const QFileInfo info(bench.path());
    return info.dir().filePath(info.completeBaseName() + suffix);
}

void removeWorkspace(const QString &path)
{
    for (const QString &file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")})
        QFile::remove(file);
}

Result<std::unique_ptr<ServerConnection>> adminConnection(const ServerUrl &url)
{
    auto connection = ServerConnection::open(url);
    if (!connection)
        return connection.error();
    if (auto migrated = ServerSchema::migrate(**connection); !migrated)
        return migrated.error();
    return connection;
}

Result<std::unique_ptr<ServerConnection>> adminConnection(const BenchInput &input)
{
    auto url = ServerUrl::parse(input.serverUrl);
    if (!url)
        return url.error();
    return adminConnection(*url);
}

// Seeds an empty server with a demo workspace of the given size (once per server).
Status ensureServerData(const BenchInput &input, ServerConnection &connection, int customers)
{
    auto count = connection.scalar(QStringLiteral("SELECT count(*) FROM customers"));
    if (!count)
        return count.error();
    if (count->toInt() > 0)
        return {};
    const QString path = scratchPath(input.store, QStringLiteral(".sync-seed.leadline"));
    removeWorkspace(path);
    auto seed = LocalStore::open(path);
    if (!seed)
        return seed.error();
    progressLine(tr("Seeding the server %1 with %2 customers…")
                     .arg(connection.url().display())
                     .arg(customers));
    DemoOptions options;
    options.customers = customers;
    options.seed = input.seed;
    options.callsPerCustomer = 0;
    if (auto generated = DemoWorkspace::generate(**seed, options); !generated)
        return generated.error();
    SyncRound round(**seed, connection);
    round.setBatchSize(2000);
    auto pushed = round.run();
    seed.value().reset();
    removeWorkspace(path);
    if (!pushed)
        return pushed.error();
    return {};
}

// The bare read: every row of every synced table, over the same kind of connection.
void bareRead(ServerConnection &connection)
{
    for (const SyncedTable &table : SyncedTables::all()) {
        auto rows = connection.exec(QStringLiteral("SELECT * FROM %1").arg(table.name));
        if (!rows)
            continue;
        QSqlQuery query = std::move(rows).value();
        while (query.next()) {
        }
    }
}

// Times a new, empty workspace's first round against the server (with the bare read beside it).
Result<BenchSamples> timeFirstSync(const BenchInput &input, ServerConnection &connection)
{
    BenchSamples samples;
    const QString path = scratchPath(input.store, QStringLiteral(".sync-fresh.leadline"));
    const int runs = std::min(input.runs, 3);
    for (int i = 0; i < runs; ++i) {
        removeWorkspace(path);
        auto fresh = LocalStore::open(path);
        if (!fresh)
            return fresh.error();
        Status outcome;
        samples.appMs.append(timeMs([&] {
            SyncRound round(**fresh, connection);
            auto report = round.run();
            if (!report)
                outcome = report.error();
        }));
        if (!outcome)
            return outcome.error();
        samples.floorMs.append(timeMs([&] { bareRead(connection); }));
    }
    removeWorkspace(path);
    return samples;
}

Result<BenchSamples> initialSync(BenchInput &input)
{
    auto connection = adminConnection(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureServerData(input, **connection, input.size); !seeded)
        return seeded.error();
    return timeFirstSync(input, **connection);
}

// The second database on the --db server that holds a call history: created and migrated
// when missing.
Result<std::unique_ptr<ServerConnection>> callsServer(const BenchInput &input)
{
    auto main = adminConnection(input);
    if (!main)
        return main.error();
    ServerUrl url = (*main)->url();
    url.database += QStringLiteral("_calls");
    auto exists = (*main)->scalar(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = ?"),
                                  {url.database});
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0) {
        // CREATE DATABASE takes no bound values: the name goes in as a quoted identifier.
        const QString name =
            (*main)->database().driver()->escapeIdentifier(url.database, QSqlDriver::TableName);
        if (auto created = (*main)->execScript(QStringLiteral("CREATE DATABASE ") + name); !created)
            return created.error();
    }
    return adminConnection(url);
}

// Adds the call history once: customers first (as ensureServerData does), then ten calls each
// written straight into the server tables in one statement.
Status ensureCallHistory(const BenchInput &input, ServerConnection &connection)
{
    if (auto seeded = ensureServerData(input, connection, input.size); !seeded)
        return seeded.error();
    // The demo seeding brings a few calls of its own: fill up only a server short of the history.
    auto missing = connection.scalar(
        QStringLiteral("SELECT (SELECT count(*) FROM customers) * ? - (SELECT count(*) FROM calls)"),
        {callsPerCustomer});
    if (!missing)
        return missing.error();
    if (missing->toLongLong() <= 0)
        return {};
    progressLine(tr("Adding %1 calls per customer on the server…").arg(callsPerCustomer));
    auto inserted = connection.exec(QString::fromUtf8(insertCallsSql),
                                    {callsPerCustomer, input.store.clock().nowMs()});
    if (!inserted)
        return inserted.error();
    if (auto analyzed = connection.execScript(QStringLiteral("ANALYZE")); !analyzed)
        return analyzed.error();
    return {};
}

Result<BenchSamples> initialSyncWithCalls(BenchInput &input)
{
    auto connection = callsServer(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureCallHistory(input, **connection); !seeded)
        return seeded.error();
    return timeFirstSync(input, **connection);
}

Result<BenchSamples> pushBacklog(BenchInput &input)
{
    auto connection = adminConnection(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureServerData(input, **connection, input.size); !seeded)
        return seeded.error();
    const QString path = scratchPath(input.store, QStringLiteral(".sync-backlog.leadline"));
    removeWorkspace(path);
    auto client = LocalStore::open(path);
    if (!client)
        return client.error();
    if (auto filled = SyncRound(**client, **connection).run(); !filled)
        return filled.error();

    QStringList ids;
    QSqlQuery customers((*client)->database());
    customers.exec(QStringLiteral("SELECT id FROM customers WHERE deleted = 0 ORDER BY id"));
    while (customers.next())
        ids.append(customers.value(0).toString());
    if (ids.isEmpty())
        return Error{tr("the server holds no customers to edit")};

    BenchSamples samples;
    const int runs = std::min(input.runs, 2);
    for (int run = 0; run < runs; ++run) {
        // The offline backlog: 10,000 edits, written as an agent's edits are (row + outbox).
        {
            Transaction transaction(**client);
            if (!transaction.isActive())
                return transaction.error();
            ChangeWriter writer(**client);
            for (int i = 0; i < backlogEdits; ++i) {
                const QString id = ids.at(i % ids.size());
                if (auto edited = writer.update(QStringLiteral("customers"), id,
                                                {{QStringLiteral("title"),
                                                  QStringLiteral("基准 %1-%2").arg(run).arg(i)}});
                    !edited) {
                    return edited.error();
                }
            }
            if (auto committed = transaction.commit(); !committed)
                return committed.error();
        }
        Status outcome;
        samples.appMs.append(timeMs([&] {
            SyncRound round(**client, **connection);
            auto report = round.run();
            if (!report)
                outcome = report.error();
            else if (report->pending > 0)
                outcome = Error{tr("%1 edits were still pending after the round").arg(report->pending)};
        }));
        if (!outcome)
            return outcome.error();
    }
    client.value().reset();
    removeWorkspace(path);
    return samples;
}

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

const bool registeredInitial = BenchRegistry::add(
    {QStringLiteral("sync.initial"), 10000, initialSync, true});
const bool registeredInitialWithCalls = BenchRegistry::add(
    {QStringLiteral("sync.initial_with_calls"), 30000, initialSyncWithCalls, true});
const bool registeredBacklog = BenchRegistry::add(
    {QStringLiteral("sync.push_backlog"), 10000, pushBacklog, true});
const bool registeredPropagation = BenchRegistry::add(
    {QStringLiteral("sync.propagation"), 2000, propagation, true});

} // namespace

} // namespace Leadline::Cli
