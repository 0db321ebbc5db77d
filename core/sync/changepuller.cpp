#include "changepuller.h"

#include "rowapplier.h"
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

Result<int> ChangePuller::pullAll(int pageSize)
{
    // A first sync into an empty cache indexes customers for search once, at the end, rather
    // than row by row; an index left paused by an interrupted first sync is rebuilt here too.
    QSqlQuery empty(m_store.database());
    const bool bulk = SearchIndex::isPaused(m_store)
                      || (empty.exec(QStringLiteral("SELECT NOT EXISTS (SELECT 1 FROM customers)"))
                          && empty.next() && empty.value(0).toBool());
    empty.finish();
    if (bulk) {
        if (auto paused = SearchIndex::pause(m_store); !paused)
            return paused.error();
    }
    auto applied = pullPages(pageSize);
    if (bulk) {
        if (auto rebuilt = SearchIndex::rebuild(m_store); !rebuilt && applied)
            return rebuilt.error();
    }
    return applied;
}

Result<int> ChangePuller::pullPages(int pageSize)
{
    int applied = 0;
    for (int round = 0;; ++round) {
        auto page = m_gateway.pull(loadCursor(m_store), pageSize);
        if (!page)
            return page.error();
        if (page->reset) {
            if (round > 0)
                return Error{tr("The server changed its generation twice during one sync.")};
            if (auto reset = startOver(page->generation); !reset)
                return reset.error();
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
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return int(entries->size());
}

Status ChangePuller::startOver(const QString &generation)
{
    // A server restored from a dump: read the whole feed again and let every server copy win
    // over local rows that have no pending change.
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    for (const SyncedTable &table : SyncedTables::all()) {
        if (m_store.columns(table.name).isEmpty())
            continue;
        QSqlQuery query(m_store.database());
        if (!query.exec(QStringLiteral("UPDATE %1 SET row_version = 0 WHERE row_version > 0")
                            .arg(table.name))) {
            return Error{tr("Cannot prepare the resync: %1").arg(query.lastError().text())};
        }
    }
    for (const auto &[key, value] : {std::pair{generationKey, generation},
                                     std::pair{xidKey, QStringLiteral("0")},
                                     std::pair{seqKey, QStringLiteral("0")}}) {
        if (auto saved = m_store.setStateValue(key, value); !saved)
            return saved;
    }
    return transaction.commit();
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
    for (const auto &[key, value] : {std::pair{generationKey, page.next.generation},
                                     std::pair{xidKey, page.next.xid},
                                     std::pair{seqKey, QString::number(page.next.seq)}}) {
        if (auto saved = m_store.setStateValue(key, value); !saved)
            return saved.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return written;
}

} // namespace Leadline
