#include "localstore.h"

#include "statementcache.h"

#include "changebus.h"
#include "migrations.h"
#include "searchtokens.h"
#include "core/domain/clock.h"
#include "core/domain/ids.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::LocalStore", text);
}

QString nextConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("leadline-local-%1").arg(++counter);
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error = nullptr)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

} // namespace

LocalStore::~LocalStore()
{
    StatementCache::forget(m_connectionName); // statements must go before their connection
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(const QString &path)
{
    return openImpl(path, true);
}

Result<std::unique_ptr<LocalStore>> LocalStore::openExisting(const QString &path)
{
    return openImpl(path, false);
}

Result<std::unique_ptr<LocalStore>> LocalStore::openImpl(const QString &path, bool create)
{
    const QFileInfo info(path);
    if (!create && !info.exists())
        return Error{tr("Workspace %1 does not exist.").arg(path)};
    if (info.exists() && !info.isFile())
        return Error{tr("Workspace %1 is not a file.").arg(path)};
    if (info.exists() && !info.isReadable())
        return Error{tr("Workspace %1 cannot be read (permission denied).").arg(path)};
    if (!info.exists() && !QDir().mkpath(info.absolutePath()))
        return Error{tr("Cannot create the folder %1.").arg(info.absolutePath())};

    std::unique_ptr<LocalStore> store(new LocalStore);
    store->m_path = info.absoluteFilePath();
    store->m_clock = &SystemClock::instance();
    store->m_changeBus = std::make_unique<ChangeBus>();
    store->m_connectionName = nextConnectionName();
    store->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store->m_connectionName);
    store->m_db.setDatabaseName(store->m_path);
    store->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!store->m_db.open()) {
        return Error{tr("Cannot open workspace %1: %2")
                         .arg(path, store->m_db.lastError().databaseText())};
    }

    // The search tables and triggers use leadline_grams (tokenizer and function); both must
    // exist before any migration or write.
    if (auto installed = SearchTokens::install(store->m_db); !installed)
        return installed.error();

    // A file that is not SQLite (or is damaged in its header) fails on the first read.
    QString error;
    QSqlDatabase &db = store->m_db;
    if (!exec(db, QStringLiteral("PRAGMA user_version"), &error)) {
        return Error{tr("Workspace %1 is damaged or is not a Leadline workspace (%2).")
                         .arg(path, error)};
    }
    const QStringList pragmas = {QStringLiteral("PRAGMA journal_mode=WAL"),
                                 QStringLiteral("PRAGMA synchronous=FULL"),
                                 QStringLiteral("PRAGMA foreign_keys=ON"),
                                 QStringLiteral("PRAGMA temp_store=MEMORY"),
                                 QStringLiteral("PRAGMA cache_size=-65536"),
                                 QStringLiteral("PRAGMA mmap_size=268435456")};
    for (const QString &pragma : pragmas) {
        if (!exec(db, pragma, &error))
            return Error{tr("Cannot prepare workspace %1: %2").arg(path, error)};
    }

    if (auto migrated = Migrations::apply(*store); !migrated)
        return migrated.error();

    if (store->stateValue(QStringLiteral("client_id")).isEmpty()) {
        if (auto saved = store->setStateValue(QStringLiteral("client_id"), newId()); !saved)
            return saved.error();
    }
    return store;
}

void LocalStore::noteChange(const QString &table, const QString &customerId)
{
    m_pendingChanges.add(table, customerId);
    if (m_transactionDepth == 0)
        publishPendingChanges();
}

void LocalStore::noteChanges(const ChangeSet &changes)
{
    m_pendingChanges.merge(changes);
    if (m_transactionDepth == 0)
        publishPendingChanges();
}

void LocalStore::publishPendingChanges()
{
    ChangeSet changes;
    std::swap(changes, m_pendingChanges);
    m_changeBus->publish(changes);
}

void LocalStore::discardPendingChanges()
{
    m_pendingChanges = ChangeSet();
}

QString LocalStore::clientId() const
{
    return stateValue(QStringLiteral("client_id"));
}

QString LocalStore::currentAgentId() const
{
    if (m_transactionDepth > 0 && m_agentIdSerial == m_transactionSerial)
        return m_agentId;
    const QString id = stateValue(QStringLiteral("agent_id"));
    if (m_transactionDepth > 0) {
        m_agentId = id;
        m_agentIdSerial = m_transactionSerial;
    }
    return id;
}

void LocalStore::setCurrentAgentId(const QString &agentId)
{
    if (agentId == currentAgentId())
        return;
    if (setStateValue(QStringLiteral("agent_id"), agentId))
        noteChange(QStringLiteral("agents")); // who is signed in decides what every view shows
}

QString LocalStore::stateValue(const QString &key, const QString &fallback) const
{
    // Asked for on every write (who is signed in): prepared once per connection.
    const QString sql = QStringLiteral("SELECT value FROM sync_state WHERE key = ?");
    QSqlQuery &query = StatementCache::prepared(*this, sql);
    query.addBindValue(key);
    if (!query.exec()) {
        // Prepared before the table existed (a workspace being created): prepare it again.
        query.prepare(sql);
        query.addBindValue(key);
        if (!query.exec())
            return fallback;
    }
    const QString value = query.next() ? query.value(0).toString() : fallback;
    query.finish();
    return value;
}

Status LocalStore::setStateValue(const QString &key, const QString &value)
{
    if (key == QLatin1String("agent_id"))
        m_agentIdSerial = 0;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "INSERT INTO sync_state(key, value) VALUES(?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return Error{tr("Cannot save workspace setting %1: %2").arg(key, query.lastError().text())};
    return {};
}

QStringList LocalStore::columns(const QString &table) const
{
    auto it = m_columns.constFind(table);
    if (it != m_columns.cend())
        return *it;
    QStringList names;
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT name FROM pragma_table_info(?)"));
    query.addBindValue(table);
    if (query.exec()) {
        while (query.next())
            names.append(query.value(0).toString());
    }
    m_columns.insert(table, names);
    return names;
}

void LocalStore::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

} // namespace Leadline
