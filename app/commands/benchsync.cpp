// The §7 sync benchmarks, run against the server named by `leadline bench --db URL` (an
// administrator's URL of a database the bench may fill):
//  - sync.initial: a new, empty workspace fills itself from a server holding the benchmark's
//    customers (contacts, phones, tags, todos; no call history), beside the bare read of the
//    same tables over the same connection;
//  - sync.initial_with_calls: the same with ten calls per customer, from a second database on
//    the same server (the --db database's name + "_calls", created and filled once);
//  - sync.push_backlog: 10,000 edits made offline are pushed in one round.
// An empty server is first seeded from a demo workspace of the benchmark's size
// (benchserver.h); sync.propagation is in benchpropagation.cpp.
#include "benchregistry.h"
#include "benchserver.h"
#include "commands.h"

#include "core/domain/clock.h"
#include "core/storage/changebus.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"
#include "core/sync/serverconnection.h"
#include "core/sync/serverurl.h"
#include "core/sync/syncround.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlDriver>
#include <QSqlQuery>


namespace Leadline::Cli {

namespace {

constexpr int backlogEdits = 10000;
constexpr int callsPerCustomer = 10;

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
    QJsonArray usable;
    for (int i = 0; i < runs; ++i) {
        removeWorkspace(path);
        auto fresh = LocalStore::open(path);
        if (!fresh)
            return fresh.error();
        Status outcome;
        // When the window would show the customers: their first announcement (the search index
        // is built after it).
        QElapsedTimer started;
        qint64 announcedMs = -1;
        QObject::connect(&(*fresh)->changeBus(), &ChangeBus::changed,
                         [&](const ChangeSet &change) {
                             if (announcedMs < 0 && change.tables.contains(QStringLiteral("customers")))
                                 announcedMs = started.elapsed();
                         });
        started.start();
        samples.appMs.append(timeMs([&] {
            SyncRound round(**fresh, connection);
            auto report = round.run();
            if (!report)
                outcome = report.error();
        }));
        if (!outcome)
            return outcome.error();
        usable.append(double(announcedMs));
        samples.extra.insert(QStringLiteral("usable_ms"), usable);
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

const bool registeredInitial = BenchRegistry::add(
    {QStringLiteral("sync.initial"), 10000, initialSync, true});
const bool registeredInitialWithCalls = BenchRegistry::add(
    {QStringLiteral("sync.initial_with_calls"), 30000, initialSyncWithCalls, true});
const bool registeredBacklog = BenchRegistry::add(
    {QStringLiteral("sync.push_backlog"), 10000, pushBacklog, true});

} // namespace

} // namespace Leadline::Cli
