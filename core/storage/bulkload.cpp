#include "bulkload.h"

#include "localstore.h"
#include "searchindex.h"
#include "syncedtables.h"
#include "transaction.h"
#include "core/analytics/kpirollups.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const QString indexesKey = QStringLiteral("bulk_load_indexes");

Error storeError(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::BulkLoad",
                                             "The workspace could not prepare a bulk load: %1")
                     .arg(query.lastError().text())};
}

} // namespace

bool BulkLoad::isActive(const LocalStore &store)
{
    return !store.stateValue(indexesKey).isEmpty();
}

Status BulkLoad::begin(LocalStore &store)
{
    if (isActive(store))
        return {};
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QStringList tables;
    for (const SyncedTable &table : SyncedTables::all())
        tables.append(QLatin1Char('\'') + table.name + QLatin1Char('\''));
    // Unique indexes stay: they enforce rules, and they sit on small reference tables.
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                   "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' "
                                   "AND tbl_name IN (%1) ORDER BY name")
                        .arg(tables.join(QLatin1Char(','))))) {
        return storeError(query);
    }
    QStringList names;
    QJsonArray statements;
    while (query.next()) {
        names.append(query.value(0).toString());
        statements.append(query.value(1).toString());
    }
    query.finish();
    for (const QString &name : std::as_const(names)) {
        if (!query.exec(QStringLiteral("DROP INDEX \"%1\"").arg(name)))
            return storeError(query);
    }
    const QString remembered = QString::fromUtf8(QJsonDocument(statements).toJson(QJsonDocument::Compact));
    if (auto saved = store.setStateValue(indexesKey, remembered); !saved)
        return saved;
    if (auto paused = SearchIndex::pause(store); !paused)
        return paused;
    // The KPI rollup triggers look up each agent's neighbouring states: without the dropped
    // indexes that is a scan per row, so they wait for one pass at the end too.
    if (auto paused = KpiRollups::pause(store); !paused)
        return paused;
    return transaction.commit();
}

Status BulkLoad::finish(LocalStore &store, Search search)
{
    if (!isActive(store))
        return {};
    const QJsonArray statements = QJsonDocument::fromJson(store.stateValue(indexesKey).toUtf8()).array();
    QSqlQuery query(store.database());
    {
        // The indexes first, committed on their own: the search index then starts with a cache
        // free of their pages. An index built before an interruption is kept (IF NOT EXISTS).
        Transaction indexes(store);
        if (!indexes.isActive())
            return indexes.error();
        for (const QJsonValue &statement : statements) {
            QString sql = statement.toString();
            sql.replace(QStringLiteral("CREATE INDEX "), QStringLiteral("CREATE INDEX IF NOT EXISTS "));
            if (!query.exec(sql))
                return storeError(query);
        }
        if (auto committed = indexes.commit(); !committed)
            return committed;
    }
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    if (!query.exec(QStringLiteral("DELETE FROM sync_state WHERE key = '%1'").arg(indexesKey)))
        return storeError(query);
    // The first sync of a workspace should end soon; FTS5 merges the segments as it goes.
    if (search == Search::Build) {
        if (auto rebuilt = SearchIndex::rebuild(store, SearchIndex::Merge::AsWritten); !rebuilt)
            return rebuilt;
    }
    if (auto summed = KpiRollups::rebuild(store); !summed)
        return summed;
    return transaction.commit();
}

} // namespace Leadline
