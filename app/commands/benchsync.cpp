// The §7 sync benchmarks, run against the server named by `leadline bench --db URL` (an
// administrator's URL of a database the bench may fill):
//  - sync.initial: a new, empty workspace fills itself from a server holding the benchmark's
//    customers (contacts, phones, tags, todos; no call history), beside the bare read of the
//    same tables over the same connection;
//  - sync.push_backlog: 10,000 edits made offline are pushed in one round.
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
#include "core/sync/syncround.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int backlogEdits = 10000;

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

Result<std::unique_ptr<ServerConnection>> adminConnection(const BenchInput &input)
{
    auto connection = ServerConnection::open(input.serverUrl);
    if (!connection)
        return connection.error();
    if (auto migrated = ServerSchema::migrate(**connection); !migrated)
        return migrated.error();
    return connection;
}

// Seeds an empty server with a demo workspace of the benchmark's size (once per server).
Status ensureServerData(const BenchInput &input, ServerConnection &connection)
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
    DemoOptions options;
    options.customers = input.size;
    options.seed = input.seed;
    options.callsPerCustomer = 0;
    if (auto generated = DemoWorkspace::generate(**seed, options); !generated)
        return generated.error();
    SyncRound round(**seed, connection);
    round.setBatchSize(2000);
    auto pushed = round.run();
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

Result<BenchSamples> initialSync(BenchInput &input)
{
    auto connection = adminConnection(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureServerData(input, **connection); !seeded)
        return seeded.error();
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
            SyncRound round(**fresh, **connection);
            auto report = round.run();
            if (!report)
                outcome = report.error();
        }));
        if (!outcome)
            return outcome.error();
        samples.floorMs.append(timeMs([&] { bareRead(**connection); }));
    }
    removeWorkspace(path);
    return samples;
}

Result<BenchSamples> pushBacklog(BenchInput &input)
{
    auto connection = adminConnection(input);
    if (!connection)
        return connection.error();
    if (auto seeded = ensureServerData(input, **connection); !seeded)
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
const bool registeredBacklog = BenchRegistry::add(
    {QStringLiteral("sync.push_backlog"), 10000, pushBacklog, true});

} // namespace

} // namespace Leadline::Cli
