#include "changepuller.h"

#include "outboxpusher.h"
#include "rowapplier.h"
#include "snapshotloader.h"
#include "core/storage/bulkload.h"
#include "core/storage/localstore.h"
#include "core/storage/searchindex.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ChangePuller", text);
}

const QString generationKey = QStringLiteral("server_generation");
const QString xidKey = QStringLiteral("cursor_xid");
const QString seqKey = QStringLiteral("cursor_seq");
const QString conflictKey = QStringLiteral("conflict_cursor");

QString jsonText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

int tableOrder(const QString &table)
{
    const QList<SyncedTable> &tables = SyncedTables::all();
    for (int i = 0; i < tables.size(); ++i) {
        if (tables.at(i).name == table)
            return i;
    }
    return -1;
}

} // namespace

ChangePuller::ChangePuller(LocalStore &store, ServerGateway &gateway)
    : m_store(store)
    , m_gateway(gateway)
{}

SyncCursor ChangePuller::loadCursor(const LocalStore &store)
{
    SyncCursor cursor;
    cursor.generation = store.stateValue(generationKey);
    cursor.xid = store.stateValue(xidKey, QStringLiteral("0"));
    cursor.seq = store.stateValue(seqKey, QStringLiteral("0")).toLongLong();
    return cursor;
}

Status ChangePuller::saveCursor(LocalStore &store, const SyncCursor &cursor)
{
    for (const auto &[key, value] : {std::pair{generationKey, cursor.generation},
                                     std::pair{xidKey, cursor.xid},
                                     std::pair{seqKey, QString::number(cursor.seq)}}) {
        if (auto saved = store.setStateValue(key, value); !saved)
            return saved;
    }
    return {};
}

Result<int> ChangePuller::pullAll(int pageSize)
{
    auto pulled = pullPages(pageSize);
    if (!pulled)
        return pulled.error();
    // The search index a first sync leaves paused (its rows are announced and in use by then),
    // or an interrupted demo load left paused, is built last. Until then a search scans the
    // rows (CustomerSearch) and says the index is being built.
    if (SearchIndex::isPaused(m_store) && !BulkLoad::isActive(m_store)) {
        if (auto rebuilt = SearchIndex::rebuild(m_store, SearchIndex::Merge::AsWritten); !rebuilt)
            return rebuilt.error();
        ChangeSet change;
        change.fromServer = true;
        change.anyCustomer = true;
        change.add(QStringLiteral("customers"));
        m_store.noteChanges(change);
    }
    return pulled;
}

Result<int> ChangePuller::pullPages(int pageSize)
{
    int applied = 0;
    // A workspace that never pulled starts from a snapshot of the current rows rather than
    // replaying every change the feed still holds.
    if (loadCursor(m_store).generation.isEmpty()) {
        auto loaded = SnapshotLoader(m_store, m_gateway).load(SnapshotLoader::Mode::Initial, m_snapshotPageSize);
        if (!loaded)
            return loaded.error();
        applied += *loaded;
    }
    for (bool resynced = false;;) {
        auto page = m_gateway.pull(loadCursor(m_store), pageSize);
        if (!page)
            return page.error();
        if (page->reset || page->resync) {
            // A restored server (new generation) or a cursor older than the offline window.
            if (resynced)
                return Error{tr("The server asked for a full resync twice during one sync.")};
            resynced = true;
            if (page->reset) {
                // A restored server may lack writes it had acknowledged: they are sent again
                // (it answers those it has from its stored answers and applies the others),
                // then its rows replace the cached ones.
                auto requeued = OutboxPusher::requeueSent(m_store);
                if (!requeued)
                    return requeued.error();
                auto pushed = OutboxPusher(m_store, m_gateway).pushAll();
                if (!pushed)
                    return pushed.error();
            }
            auto loaded = SnapshotLoader(m_store, m_gateway)
                              .load(page->reset ? SnapshotLoader::Mode::Restored : SnapshotLoader::Mode::Resync,
                                    m_snapshotPageSize);
            if (!loaded)
                return loaded.error();
            applied += *loaded;
            continue;
        }
        auto written = applyPage(*page);
        if (!written)
            return written.error();
        applied += *written;
        m_waiting = page->waiting;
        if (!page->more)
            return applied;
    }
}

Result<int> ChangePuller::pullLostConflicts()
{
    const qint64 after = m_store.stateValue(conflictKey, QStringLiteral("0")).toLongLong();
    auto entries = m_gateway.lostConflicts(m_store.clientId(), after);
    if (!entries)
        return entries.error();
    if (entries->isEmpty())
        return 0;
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    qint64 last = after;
    for (const QJsonValue &value : *entries) {
        const QJsonObject entry = value.toObject();
        QSqlQuery logged(m_store.database());
        logged.prepare(QStringLiteral(
            "INSERT INTO conflicts(table_name, row_id, field, mine, theirs, their_agent_id, at) "
            "VALUES(?, ?, ?, ?, ?, ?, ?)"));
        logged.addBindValue(entry.value(QStringLiteral("table")).toString());
        logged.addBindValue(entry.value(QStringLiteral("row_id")).toString());
        logged.addBindValue(entry.value(QStringLiteral("field")).toString());
        logged.addBindValue(jsonText(entry.value(QStringLiteral("mine"))));
        logged.addBindValue(jsonText(entry.value(QStringLiteral("theirs"))));
        logged.addBindValue(entry.value(QStringLiteral("their_agent_id")).toString());
        logged.addBindValue(qint64(entry.value(QStringLiteral("at")).toDouble()));
        if (!logged.exec())
            return Error{tr("Cannot record a conflict: %1").arg(logged.lastError().text())};
        last = std::max(last, qint64(entry.value(QStringLiteral("id")).toDouble()));
    }
    if (auto saved = m_store.setStateValue(conflictKey, QString::number(last)); !saved)
        return saved.error();
    m_store.noteChange(QStringLiteral("conflicts"));
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return int(entries->size());
}

Result<int> ChangePuller::applyPage(const PullPage &page)
{
    // Parents before children, so foreign keys hold at every step.
    QList<QPair<QString, QJsonArray>> tables;
    for (const auto &table : page.tables) {
        if (tableOrder(table.first) >= 0)
            tables.append(table);
    }
    std::stable_sort(tables.begin(), tables.end(), [](const auto &a, const auto &b) {
        return tableOrder(a.first) < tableOrder(b.first);
    });

    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery defer(m_store.database());
    defer.exec(QStringLiteral("PRAGMA defer_foreign_keys = ON"));
    RowApplier applier(m_store);
    if (auto snapshot = applier.snapshotPending(); !snapshot)
        return snapshot.error();
    int written = 0;
    for (const auto &[table, rows] : tables) {
        for (const QJsonValue &row : rows) {
            auto applied = applier.applyIfNewer(table, row.toObject());
            if (!applied)
                return applied.error();
            written += *applied ? 1 : 0;
        }
    }
    for (const auto &[table, id] : page.gone) {
        if (tableOrder(table) < 0)
            continue;
        if (auto forgotten = applier.forget(table, id); !forgotten)
            return forgotten.error();
        ++written;
    }
    if (auto saved = saveCursor(m_store, page.next); !saved)
        return saved.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return written;
}

} // namespace Leadline
