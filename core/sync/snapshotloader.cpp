#include "snapshotloader.h"

#include "changepuller.h"
#include "serverconnection.h"
#include "servergateway.h"
#include "snapshotreader.h"
#include "core/storage/bulkload.h"
#include "core/storage/localstore.h"
#include "core/storage/syncedtables.h"
#include "core/storage/textrowwriter.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

namespace Leadline {

namespace {

// A bulk load commits this often, so the write-ahead log stays small.
constexpr int defaultRowsPerCommit = 50000;

// Where the load under way started (sync_state), until its cursor is saved.
const QString startGenerationKey = QStringLiteral("snapshot_start_generation");
const QString startXidKey = QStringLiteral("snapshot_start_xid");

Error storeError(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::SnapshotLoader",
                                             "The workspace could not store the server's data: %1")
                     .arg(query.lastError().text())};
}

// Rows whose parent the cache does not hold: children of a customer deleted on the server, or
// of one created while the pages were read (the feed brings both again).
Result<int> dropOrphans(LocalStore &store)
{
    QList<QPair<QString, qint64>> orphans;
    QSqlQuery check(store.database());
    for (const SyncedTable &table : SyncedTables::all()) {
        if (!check.exec(QStringLiteral("PRAGMA foreign_key_check(\"%1\")").arg(table.name)))
            return storeError(check);
        while (check.next())
            orphans.append({check.value(0).toString(), check.value(1).toLongLong()});
        check.finish();
    }
    QSqlQuery remove(store.database());
    for (const auto &[table, rowid] : std::as_const(orphans)) {
        remove.prepare(QStringLiteral("DELETE FROM \"%1\" WHERE rowid = ?").arg(table));
        remove.addBindValue(rowid);
        if (!remove.exec())
            return storeError(remove);
    }
    return int(orphans.size());
}

bool cacheIsEmpty(LocalStore &store)
{
    QSqlQuery query(store.database());
    return query.exec(QStringLiteral("SELECT NOT EXISTS (SELECT 1 FROM customers)")) && query.next()
           && query.value(0).toBool();
}

} // namespace

SnapshotLoader::SnapshotLoader(LocalStore &store, ServerGateway &gateway)
    : m_store(store)
    , m_gateway(gateway)
    , m_rowsPerCommit(defaultRowsPerCommit)
{}

void SnapshotLoader::setCommitEvery(int rowsPerCommit, std::function<bool(int)> onCommit)
{
    m_rowsPerCommit = std::max(1, rowsPerCommit);
    m_onCommit = std::move(onCommit);
}

std::optional<SyncCursor> SnapshotLoader::startOfBrokenLoad(const QString &generation) const
{
    const QString xid = m_store.stateValue(startXidKey);
    if (xid.isEmpty() || m_store.stateValue(startGenerationKey) != generation)
        return std::nullopt;
    return SyncCursor{generation, xid, 0};
}

Status SnapshotLoader::rememberStart(const SyncCursor &start)
{
    if (auto saved = m_store.setStateValue(startGenerationKey, start.generation); !saved)
        return saved;
    return m_store.setStateValue(startXidKey, start.xid);
}

Result<int> SnapshotLoader::load(Mode mode, int pageSize)
{
    auto start = m_gateway.snapshotStart();
    if (!start)
        return start.error();
    // An empty cache (or one a broken-off first load left behind) is filled in bulk.
    const bool bulk = mode == Mode::Initial && (BulkLoad::isActive(m_store) || cacheIsEmpty(m_store));
    if (bulk) {
        // A load that broke off committed rows as they were then: it resumes from the feed
        // position of its first attempt, so the feed brings whatever changed on them since
        // (a deletion, a move out of sight). An older position is always safe; a purged one
        // makes the server ask for a full resync.
        if (auto earlier = startOfBrokenLoad(start->generation))
            start = *earlier;
        else if (auto remembered = rememberStart(*start); !remembered)
            return remembered.error();
    }
    auto loaded = bulk ? loadInBulk(*start, pageSize) : loadInOneTransaction(mode, *start, pageSize);
    if (loaded) {
        // Every table may have changed: announce them once, after the last commit.
        ChangeSet change;
        change.fromServer = true;
        change.anyCustomer = true;
        for (const SyncedTable &table : SyncedTables::all())
            change.add(table.name);
        m_store.noteChanges(change);
    }
    return loaded;
}

Result<int> SnapshotLoader::readTables(bool withTombstones, bool overwrite, int pageSize,
                                       const std::function<Status(const QString &, const QString &)> &afterRow)
{
    // Rows with changes not yet pushed keep the local version until the server answers (an
    // entry waiting for a record the server lost does not: the server's rows decide).
    QSet<QString> pending;
    QSqlQuery outbox(m_store.database());
    if (!outbox.exec(QStringLiteral(
            "SELECT table_name || '|' || row_id FROM outbox WHERE waiting_for IS NULL")))
        return storeError(outbox);
    while (outbox.next())
        pending.insert(outbox.value(0).toString());
    outbox.finish();

    QList<SnapshotTable> plan;
    for (const SyncedTable &table : SyncedTables::all()) {
        const QStringList local = m_store.columns(table.name);
        if (local.isEmpty())
            continue;
        auto remote = m_gateway.serverColumns(table.name);
        if (!remote)
            return remote.error();
        QStringList columns;
        for (const QString &column : local) {
            if (remote->contains(column))
                columns.append(column);
        }
        if (columns.contains(QLatin1String("id")) && columns.contains(QLatin1String("row_version")))
            plan.append({table.name, columns}); // else: not on this server yet
    }
    std::vector<std::unique_ptr<TextRowWriter>> writers;
    for (const SnapshotTable &table : std::as_const(plan)) {
        auto writer = TextRowWriter::prepare(m_store, table.name, table.columns, overwrite);
        if (!writer)
            return writer.error();
        writers.push_back(std::move(writer).value());
    }

    SnapshotReader reader(m_gateway.connection().url(), plan, pageSize, withTombstones);
    int written = 0;
    SnapshotRow row;
    for (;;) {
        auto batch = reader.next();
        if (!batch)
            return batch.error();
        if (batch->table < 0)
            return written;
        const SnapshotTable &table = plan.at(batch->table);
        const int idColumn = int(table.columns.indexOf(QLatin1String("id")));
        const QString prefix = table.name + QLatin1Char('|');
        TextRowWriter &writer = *writers.at(batch->table);
        for (int i = 0; i < batch->rows(); ++i) {
            batch->row(i, row);
            const QString id = QString::fromUtf8(row.at(idColumn));
            if (!pending.isEmpty() && pending.contains(prefix + id))
                continue;
            auto applied = writer.write(row);
            if (!applied)
                return applied.error();
            written += *applied ? 1 : 0;
            if (auto next = afterRow(table.name, id); !next)
                return next.error();
        }
    }
}

Result<int> SnapshotLoader::loadInBulk(const SyncCursor &start, int pageSize)
{
    if (auto begun = BulkLoad::begin(m_store); !begun)
        return begun.error();
    // Foreign keys are checked once at the end (orphans dropped) instead of row by row, and the
    // intermediate commits need not reach the disk: an interrupted load is simply done again.
    QSqlQuery pragma(m_store.database());
    pragma.exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
    pragma.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    auto restore = qScopeGuard([&pragma] {
        pragma.exec(QStringLiteral("PRAGMA synchronous = FULL"));
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    });

    std::optional<Transaction> transaction;
    transaction.emplace(m_store);
    if (!transaction->isActive())
        return transaction->error();
    int rows = 0;
    auto written = readTables(false, false, pageSize, [&](const QString &, const QString &) -> Status {
        if (++rows % m_rowsPerCommit != 0)
            return {};
        if (auto committed = transaction->commit(); !committed)
            return committed;
        if (m_onCommit && !m_onCommit(rows)) {
            return Status(Error{QCoreApplication::translate("Leadline::SnapshotLoader",
                                                            "The first sync was stopped.")});
        }
        transaction.emplace(m_store);
        return transaction->isActive() ? Status() : Status(transaction->error());
    });
    if (!written)
        return written.error();
    if (auto orphans = dropOrphans(m_store); !orphans)
        return orphans.error();
    if (auto committed = transaction->commit(); !committed)
        return committed.error();
    // The indexes are built in transactions of their own; the search index after the rows are
    // announced, so the list and the 360 view are in use while it is built (ChangePuller).
    if (auto finished = BulkLoad::finish(m_store, BulkLoad::Search::Later); !finished)
        return finished.error();
    pragma.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    transaction.emplace(m_store);
    if (!transaction->isActive())
        return transaction->error();
    if (auto saved = ChangePuller::saveCursor(m_store, start); !saved)
        return saved.error();
    for (const QString &key : {startGenerationKey, startXidKey}) {
        if (auto cleared = m_store.setStateValue(key, QStringLiteral("")); !cleared)
            return cleared.error();
    }
    if (auto committed = transaction->commit(); !committed)
        return committed.error();
    return *written;
}

Result<int> SnapshotLoader::loadInOneTransaction(Mode mode, const SyncCursor &start, int pageSize)
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery statement(m_store.database());
    statement.exec(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
    const bool resync = mode != Mode::Initial;
    QSqlQuery seen(m_store.database());
    if (resync) {
        if (!statement.exec(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS snapshot_seen("
                                           "table_name TEXT, id TEXT, PRIMARY KEY(table_name, id)) "
                                           "WITHOUT ROWID"))
            || !statement.exec(QStringLiteral("DELETE FROM temp.snapshot_seen"))
            || !seen.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.snapshot_seen(table_name, id) "
                                            "VALUES(?, ?)"))) {
            return storeError(statement);
        }
    }
    // The cache already holds rows: tombstones tell it which of them are gone.
    auto written = readTables(true, mode == Mode::Restored, pageSize, [&](const QString &table, const QString &id) -> Status {
        if (!resync)
            return {};
        seen.bindValue(0, table);
        seen.bindValue(1, id);
        return seen.exec() ? Status() : Status(storeError(seen));
    });
    if (!written)
        return written.error();
    int changed = *written;
    if (resync) {
        // What the server no longer has goes, unless it was never synced or waits to be pushed.
        const QList<SyncedTable> &tables = SyncedTables::all();
        for (auto table = tables.crbegin(); table != tables.crend(); ++table) {
            if (m_store.columns(table->name).isEmpty())
                continue;
            if (!statement.exec(
                    QStringLiteral("DELETE FROM %1 WHERE row_version > 0 AND id NOT IN "
                                   "(SELECT id FROM temp.snapshot_seen WHERE table_name = '%1') "
                                   "AND NOT EXISTS (SELECT 1 FROM outbox o "
                                   "WHERE o.table_name = '%1' AND o.row_id = %1.id "
                                   "AND o.waiting_for IS NULL)")
                        .arg(table->name))) {
                return storeError(statement);
            }
            changed += statement.numRowsAffected();
        }
        statement.exec(QStringLiteral("DROP TABLE temp.snapshot_seen"));
    }
    auto orphans = dropOrphans(m_store);
    if (!orphans)
        return orphans.error();
    if (auto saved = ChangePuller::saveCursor(m_store, start); !saved)
        return saved.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return changed + *orphans;
}

} // namespace Leadline
