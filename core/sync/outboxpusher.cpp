#include "outboxpusher.h"

#include "changepuller.h"
#include "refusalreason.h"
#include "rowapplier.h"
#include "servergateway.h"
#include "core/storage/localstore.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"
#include "core/domain/ids.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace Leadline {

namespace {

Error sqlError(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::OutboxPusher", "The workspace could not record the server's answer: %1")
                     .arg(query.lastError().text())};
}

const QString seedKey = QStringLiteral("seed_pending");
const QString restoredKey = QStringLiteral("server_restored_at");
// How long acknowledged entries are kept for a restored server: the offline window.
constexpr qint64 offlineWindowMs = 90LL * 24 * 3600 * 1000;

} // namespace

OutboxPusher::OutboxPusher(LocalStore &store, ServerGateway &gateway)
    : m_store(store)
    , m_gateway(gateway)
{}

int OutboxPusher::pendingCount(const LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("SELECT count(*) FROM outbox")) && query.next())
        return query.value(0).toInt();
    return 0;
}

Result<PushStats> OutboxPusher::pushAll(int batchSize)
{
    PushStats stats;
    for (;;) {
        QList<Entry> entries;
        {
            QSqlQuery query(m_store.database());
            query.prepare(QStringLiteral(
                "SELECT seq, mutation_id, table_name, row_id, op, base_row_version, fields, "
                "created_at, expect, import_batch FROM outbox WHERE waiting_for IS NULL "
                "ORDER BY seq LIMIT ?"));
            query.addBindValue(batchSize);
            if (!query.exec())
                return sqlError(query);
            while (query.next()) {
                entries.append({query.value(0).toLongLong(), query.value(1).toString(),
                                query.value(2).toString(), query.value(3).toString(),
                                query.value(4).toString(), query.value(5).toLongLong(),
                                query.value(6).toString(), query.value(7).toLongLong(),
                                query.value(8).toString(), query.value(9).toString()});
            }
        }
        if (entries.isEmpty())
            return stats;
        QJsonArray batch;
        for (const Entry &entry : entries) {
            QJsonObject mutation{
                {QStringLiteral("mutation_id"), entry.mutationId},
                {QStringLiteral("table"), entry.table},
                {QStringLiteral("row_id"), entry.rowId},
                {QStringLiteral("op"), entry.op},
                {QStringLiteral("base_row_version"), entry.baseRowVersion},
                {QStringLiteral("fields"), QJsonDocument::fromJson(entry.fields.toUtf8()).object()},
                // The outbox order, never reused: the server refuses to apply a mutation twice
                // even after its stored answer was purged (see docs/sync.md).
                {QStringLiteral("client_seq"), entry.seq}};
            if (!entry.expect.isEmpty()) {
                mutation.insert(QStringLiteral("expect"),
                                QJsonDocument::fromJson(entry.expect.toUtf8()).object());
            }
            // An import's work: the server refuses it to agents (docs/sync.md).
            if (!entry.importBatch.isEmpty())
                mutation.insert(QStringLiteral("import_batch"), entry.importBatch);
            batch.append(mutation);
        }
        auto results = m_gateway.push(m_store.clientId(), batch);
        if (!results)
            return results.error();
        if (auto settled = settle(entries, *results, false, stats); !settled)
            return settled.error();
    }
}

Result<PushStats> OutboxPusher::pushSeed(int batchSize)
{
    PushStats stats;
    if (m_store.stateValue(seedKey) != QLatin1String("1"))
        return stats;
    for (const SyncedTable &table : SyncedTables::all()) {
        if (m_store.columns(table.name).isEmpty())
            continue;
        QString after = QStringLiteral("");
        for (;;) {
            QList<Entry> entries;
            QJsonArray batch;
            {
                QSqlQuery query(m_store.database());
                query.prepare(QStringLiteral(
                    "SELECT * FROM %1 t WHERE t.row_version = 0 AND t.id > ? AND NOT EXISTS "
                    "(SELECT 1 FROM outbox o WHERE o.table_name = ? AND o.row_id = t.id) "
                    "ORDER BY t.id LIMIT ?")
                                  .arg(table.name));
                query.addBindValue(after);
                query.addBindValue(table.name);
                query.addBindValue(batchSize);
                if (!query.exec())
                    return sqlError(query);
                while (query.next()) {
                    const QSqlRecord record = query.record();
                    QJsonObject fields;
                    for (int i = 0; i < record.count(); ++i) {
                        if (record.fieldName(i) != QLatin1String("row_version"))
                            fields.insert(record.fieldName(i),
                                          record.isNull(i) ? QJsonValue()
                                                           : QJsonValue::fromVariant(record.value(i)));
                    }
                    const QString id = record.value(QStringLiteral("id")).toString();
                    Entry entry;
                    entry.mutationId = QStringLiteral("seed:%1:%2").arg(table.name, id);
                    entry.table = table.name;
                    entry.rowId = id;
                    entry.op = QStringLiteral("insert");
                    entries.append(entry);
                    batch.append(QJsonObject{{QStringLiteral("mutation_id"), entry.mutationId},
                                             {QStringLiteral("table"), table.name},
                                             {QStringLiteral("row_id"), id},
                                             {QStringLiteral("op"), entry.op},
                                             {QStringLiteral("base_row_version"), 0},
                                             {QStringLiteral("fields"), fields}});
                    after = id;
                }
            }
            if (entries.isEmpty())
                break;
            auto results = m_gateway.push(m_store.clientId(), batch);
            if (!results)
                return results.error();
            if (auto settled = settle(entries, *results, true, stats); !settled)
                return settled.error();
        }
    }
    if (auto cleared = m_store.setStateValue(seedKey, QStringLiteral("0")); !cleared)
        return cleared.error();
    return stats;
}

Status OutboxPusher::settle(const QList<Entry> &entries, const QJsonArray &results, bool seeding,
                            PushStats &stats)
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery defer(m_store.database());
    defer.exec(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
    RowApplier applier(m_store);
    const qint64 now = m_store.clock().nowMs();
    for (int i = 0; i < entries.size(); ++i) {
        const Entry &entry = entries.at(i);
        const QJsonObject result = results.at(i).toObject();
        const QString status = result.value(QStringLiteral("status")).toString();
        bool waits = false;
        if (status == QLatin1String("rejected") && !seeding) {
            auto lost = lostRecord(entry, result.value(QStringLiteral("code")).toString());
            if (!lost)
                return lost.error();
            if (!lost->isEmpty()) {
                waits = true;
                ++stats.waiting;
                QSqlQuery wait(m_store.database());
                wait.prepare(QStringLiteral("UPDATE outbox SET waiting_for = ?, waiting_since = ?, "
                                            "waiting_reason = ? WHERE seq = ?"));
                wait.addBindValue(*lost);
                wait.addBindValue(now);
                wait.addBindValue(RefusalReason::explain(result.value(QStringLiteral("code")).toString(),
                                                         result.value(QStringLiteral("reason")).toString()));
                wait.addBindValue(entry.seq);
                if (!wait.exec())
                    return sqlError(wait);
            }
        }
        if (waits) {
            // Kept in the outbox, not sent again until its record is back (releaseWaiting).
        } else if (status == QLatin1String("rejected")) {
            ++stats.rejected;
            QSqlQuery aside(m_store.database());
            aside.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO outbox_rejected(seq, mutation_id, table_name, row_id, op, "
                "base_row_version, fields, created_at, reason, rejected_at) "
                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            aside.addBindValue(seeding ? QVariant() : QVariant(entry.seq));
            aside.addBindValue(entry.mutationId);
            aside.addBindValue(entry.table);
            aside.addBindValue(entry.rowId);
            aside.addBindValue(entry.op);
            aside.addBindValue(entry.baseRowVersion);
            aside.addBindValue(seeding ? QStringLiteral("{}") : entry.fields);
            aside.addBindValue(seeding ? now : entry.createdAt);
            aside.addBindValue(RefusalReason::explain(result.value(QStringLiteral("code")).toString(),
                                                      result.value(QStringLiteral("reason")).toString()));
            aside.addBindValue(now);
            if (!aside.exec())
                return sqlError(aside);
            m_store.noteChange(QStringLiteral("outbox_rejected"));
        } else {
            ++stats.pushed;
            // This client's value won; the client whose value it replaced is told (see
            // ChangePuller::pullLostConflicts).
            stats.conflicts += int(result.value(QStringLiteral("conflicts")).toArray().size());
        }
        if (seeding)
            continue;
        if (status != QLatin1String("rejected")) {
            // Kept for the offline window, in case the server is restored from an older dump.
            QSqlQuery kept(m_store.database());
            kept.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO outbox_sent(seq, mutation_id, table_name, row_id, op, "
                "base_row_version, fields, created_at, expect, import_batch, sent_at) SELECT seq, "
                "mutation_id, table_name, row_id, op, base_row_version, fields, created_at, "
                "expect, import_batch, ? FROM outbox WHERE seq = ?"));
            kept.addBindValue(now);
            kept.addBindValue(entry.seq);
            if (!kept.exec())
                return sqlError(kept);
        }
        if (!waits) {
            QSqlQuery done(m_store.database());
            done.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
            done.addBindValue(entry.seq);
            if (!done.exec())
                return sqlError(done);
        }
        // A mutation the server had applied before (its answer since purged) was not applied
        // again: like a refused one, the row is put back as the server has it now.
        const bool replayed = result.value(QStringLiteral("replayed")).toBool();
        if (status != QLatin1String("rejected") && !replayed)
            continue;
        // Put the row back as the server has it (or drop it when the server has none for us).
        auto pending = applier.hasPending(entry.table, entry.rowId);
        if (!pending)
            return pending.error();
        if (*pending)
            continue;
        const QJsonValue serverRow = result.value(QStringLiteral("server_row"));
        Status restored = serverRow.isObject()
                              ? applier.restore(entry.table, serverRow.toObject())
                              : applier.forget(entry.table, entry.rowId);
        if (!restored)
            return restored;
    }
    QSqlQuery trim(m_store.database());
    trim.prepare(QStringLiteral("DELETE FROM outbox_sent WHERE sent_at < ?"));
    trim.addBindValue(now - offlineWindowMs);
    if (!trim.exec())
        return sqlError(trim);
    return transaction.commit();
}

Result<QString> OutboxPusher::lostRecord(const Entry &entry, const QString &code)
{
    // An edit of a record that is gone, or a new row whose parent is gone.
    QString table;
    QString id;
    if (code == QLatin1String("missing") && entry.op != QLatin1String("insert")) {
        table = entry.table;
        id = entry.rowId;
    } else if (code == QLatin1String("reference") && entry.op == QLatin1String("insert")) {
        const QJsonObject fields = QJsonDocument::fromJson(entry.fields.toUtf8()).object();
        for (const auto &[column, parent] : {std::pair{QStringLiteral("customer_id"), QStringLiteral("customers")},
                                             std::pair{QStringLiteral("contact_id"), QStringLiteral("contacts")}}) {
            if (!fields.value(column).toString().isEmpty()) {
                table = parent;
                id = fields.value(column).toString();
                break;
            }
        }
    }
    if (id.isEmpty() || !SyncedTables::isSynced(table))
        return QString();
    const QString record = table + QLatin1Char('|') + id;
    // Waiting already for the same record (the cache has dropped it since, as the server asked).
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT 1 FROM outbox WHERE waiting_for = ? LIMIT 1"));
    query.addBindValue(record);
    if (!query.exec())
        return sqlError(query);
    if (query.next())
        return record;
    // The server once had it (this cache holds its version of a row that is live, or that only
    // this client's own unsent delete removes): it lost it.
    const bool softDeleted = m_store.columns(table).contains(QStringLiteral("deleted"));
    query.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE id = ? AND row_version > 0%2")
                      .arg(table, softDeleted ? QStringLiteral(
                                                    " AND (deleted = 0 OR EXISTS (SELECT 1 FROM outbox o "
                                                    "WHERE o.table_name = ? AND o.row_id = ? AND o.op = 'delete'))")
                                              : QString()));
    query.addBindValue(id);
    if (softDeleted) {
        query.addBindValue(table);
        query.addBindValue(id);
    }
    if (!query.exec())
        return sqlError(query);
    return query.next() ? record : QString();
}

Result<int> OutboxPusher::releaseWaiting(LocalStore &store)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QStringList records;
    {
        QSqlQuery query(store.database());
        if (!query.exec(QStringLiteral(
                "SELECT DISTINCT waiting_for FROM outbox WHERE waiting_for IS NOT NULL")))
            return sqlError(query);
        while (query.next())
            records.append(query.value(0).toString());
    }
    if (records.isEmpty())
        return 0;
    int freed = 0;
    for (const QString &record : std::as_const(records)) {
        const QString table = record.section(QLatin1Char('|'), 0, 0);
        const QString id = record.section(QLatin1Char('|'), 1);
        bool back = false;
        if (SyncedTables::isSynced(table)) {
            QSqlQuery present(store.database());
            present.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE id = ? AND row_version > 0").arg(table));
            present.addBindValue(id);
            if (!present.exec())
                return sqlError(present);
            back = present.next();
        }
        if (!back)
            continue;
        // Queued again under a new mutation id and number: the server keeps its refusal as the
        // answer to the old id, and the refused mutation was never applied.
        QList<qint64> seqs;
        QSqlQuery waiting(store.database());
        waiting.prepare(QStringLiteral("SELECT seq FROM outbox WHERE waiting_for = ? ORDER BY seq"));
        waiting.addBindValue(record);
        if (!waiting.exec())
            return sqlError(waiting);
        while (waiting.next())
            seqs.append(waiting.value(0).toLongLong());
        for (const qint64 seq : std::as_const(seqs)) {
            QSqlQuery again(store.database());
            again.prepare(QStringLiteral(
                "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, fields, "
                "created_at, expect, import_batch) SELECT ?, table_name, row_id, op, "
                "base_row_version, fields, created_at, expect, import_batch FROM outbox "
                "WHERE seq = ?"));
            again.addBindValue(newId());
            again.addBindValue(seq);
            if (!again.exec())
                return sqlError(again);
            again.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
            again.addBindValue(seq);
            if (!again.exec())
                return sqlError(again);
            ++freed;
        }
    }
    // Only a server restored from a dump loses records it had; without a restore within the
    // offline window, the record is gone for another reason (deleted for good, or out of this
    // login's sight) and the entry is set aside at once, as any refusal. After waiting longer
    // than the offline window, the record is not coming back either.
    const qint64 now = store.clock().nowMs();
    const qint64 restoredAt = store.stateValue(restoredKey, QStringLiteral("0")).toLongLong();
    const bool restoredLately = restoredAt > 0 && now - restoredAt < offlineWindowMs;
    const qint64 cutoff = restoredLately ? now - offlineWindowMs : now + 1;
    QSqlQuery expired(store.database());
    expired.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO outbox_rejected(seq, mutation_id, table_name, row_id, op, "
        "base_row_version, fields, created_at, reason, rejected_at) SELECT seq, mutation_id, "
        "table_name, row_id, op, base_row_version, fields, created_at, waiting_reason, ? "
        "FROM outbox WHERE waiting_for IS NOT NULL AND waiting_since < ?"));
    expired.addBindValue(now);
    expired.addBindValue(cutoff);
    if (!expired.exec())
        return sqlError(expired);
    if (expired.numRowsAffected() > 0) {
        store.noteChange(QStringLiteral("outbox_rejected"));
        expired.prepare(QStringLiteral("DELETE FROM outbox WHERE waiting_for IS NOT NULL AND waiting_since < ?"));
        expired.addBindValue(cutoff);
        if (!expired.exec())
            return sqlError(expired);
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return freed;
}

Result<int> OutboxPusher::requeueIfRestored(LocalStore &store, const QString &serverGeneration)
{
    const QString known = ChangePuller::loadCursor(store).generation;
    if (known.isEmpty() || serverGeneration.isEmpty() || known == serverGeneration)
        return 0;
    return requeueSent(store);
}

Result<int> OutboxPusher::requeueSent(LocalStore &store)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    // Remembered for releaseWaiting: records the server lost may come back from other clients.
    if (auto noted = store.setStateValue(restoredKey, QString::number(store.clock().nowMs())); !noted)
        return noted.error();
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral(
            "INSERT OR IGNORE INTO outbox(seq, mutation_id, table_name, row_id, op, base_row_version, "
            "fields, created_at, expect, import_batch) SELECT seq, mutation_id, table_name, "
            "row_id, op, base_row_version, fields, created_at, expect, import_batch "
            "FROM outbox_sent ORDER BY seq"))) {
        return sqlError(query);
    }
    const int queued = query.numRowsAffected();
    if (!query.exec(QStringLiteral("DELETE FROM outbox_sent")))
        return sqlError(query);
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return queued;
}

} // namespace Leadline
