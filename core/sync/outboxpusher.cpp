#include "outboxpusher.h"

#include "refusalreason.h"
#include "rowapplier.h"
#include "servergateway.h"
#include "core/storage/localstore.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

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
                "created_at, expect FROM outbox ORDER BY seq LIMIT ?"));
            query.addBindValue(batchSize);
            if (!query.exec())
                return sqlError(query);
            while (query.next()) {
                entries.append({query.value(0).toLongLong(), query.value(1).toString(),
                                query.value(2).toString(), query.value(3).toString(),
                                query.value(4).toString(), query.value(5).toLongLong(),
                                query.value(6).toString(), query.value(7).toLongLong(),
                                query.value(8).toString()});
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
        if (status == QLatin1String("rejected")) {
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
                "base_row_version, fields, created_at, expect, sent_at) SELECT seq, mutation_id, "
                "table_name, row_id, op, base_row_version, fields, created_at, expect, ? "
                "FROM outbox WHERE seq = ?"));
            kept.addBindValue(now);
            kept.addBindValue(entry.seq);
            if (!kept.exec())
                return sqlError(kept);
        }
        QSqlQuery done(m_store.database());
        done.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
        done.addBindValue(entry.seq);
        if (!done.exec())
            return sqlError(done);
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

Result<int> OutboxPusher::requeueSent(LocalStore &store)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral(
            "INSERT OR IGNORE INTO outbox(seq, mutation_id, table_name, row_id, op, base_row_version, "
            "fields, created_at, expect) SELECT seq, mutation_id, table_name, row_id, op, "
            "base_row_version, fields, created_at, expect FROM outbox_sent ORDER BY seq"))) {
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
