#include "localstore.h"

#include "statementcache.h"

#include "changebus.h"
#include "migrations.h"
#include "searchtokens.h"
#include "workspacecheck.h"
#include "workspacemark.h"
#include "core/domain/clock.h"
#include "core/domain/ids.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <atomic>
#include <functional>

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

// This process's open connections per workspace file. Closing any descriptor of a file drops
// every POSIX lock the process holds on it, SQLite's included: another process could then take
// the workspace for unused and delete its log. So the checks that read the files directly run
// only while no connection of this process has the workspace open.
QMutex openersMutex;
QHash<QString, int> openers;

Status enterOpeners(const QString &key, const std::function<Status()> &checkFirst)
{
    const QMutexLocker locker(&openersMutex);
    int &count = openers[key];
    if (count == 0) {
        if (auto checked = checkFirst(); !checked) {
            openers.remove(key);
            return checked;
        }
    }
    ++count;
    return {};
}

void leaveOpeners(const QString &key)
{
    const QMutexLocker locker(&openersMutex);
    if (--openers[key] <= 0)
        openers.remove(key);
}

} // namespace

LocalStore::~LocalStore()
{
    StatementCache::forget(m_connectionName); // statements must go before their connection
    if (m_db.isValid()) {
        if (m_markedOpen && m_db.isOpen())
            WorkspaceMark::markClosedIfLast(m_db);
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    if (!m_openerKey.isEmpty())
        leaveOpeners(m_openerKey);
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
    if (!info.exists() && !create) {
        return Error{tr("Workspace %1 does not exist.").arg(path), WorkspaceCheck::missingProblem};
    }
    if (info.exists() && !info.isFile())
        return Error{tr("Workspace %1 is not a file.").arg(path)};
    if (info.exists() && !info.isReadable())
        return Error{tr("Workspace %1 cannot be read (permission denied).").arg(path)};
    if (!info.exists() && !QDir().mkpath(info.absolutePath()))
        return Error{tr("Cannot create the folder %1.").arg(info.absolutePath())};
    // A 0-byte file is what an interrupted copy or a full disk leaves: never silently a workspace.
    const bool emptyFile = info.exists() && info.size() == 0;
    if (emptyFile && !create) {
        return Error{tr("Workspace %1 is an empty file, not a workspace. Nothing was changed; "
                        "create a new workspace there only if that is what you want.")
                         .arg(path),
                     WorkspaceCheck::emptyProblem};
    }

    std::unique_ptr<LocalStore> store(new LocalStore);
    const QString openerKey = QFileInfo(info.absolutePath()).canonicalFilePath()
                              + QLatin1Char('/') + info.fileName();
    const bool checkFiles = info.exists() && !emptyFile;
    if (auto entered = enterOpeners(openerKey, [&] {
            return checkFiles ? WorkspaceCheck::checkFiles(path) : Status{};
        });
        !entered) {
        return entered.error();
    }
    store->m_openerKey = openerKey;
    store->m_path = info.absoluteFilePath();
    store->m_clock = &SystemClock::instance();
    store->m_changeBus = std::make_unique<ChangeBus>();
    store->m_connectionName = nextConnectionName();
    store->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store->m_connectionName);
    store->m_db.setDatabaseName(store->m_path);
    // A file or folder this user may not write is opened read-only: SQLite then reads a WAL
    // workspace without creating its -shm file, and every write is refused up front.
    const bool writable = !info.exists()
                          || (info.isWritable() && QFileInfo(info.absolutePath()).isWritable());
    store->m_db.setConnectOptions(writable ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000")
                                           : QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000;"
                                                            "QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    if (!writable && !QFileInfo::exists(store->m_path + QStringLiteral("-wal"))) {
        // Nobody can have a log beside it (the folder is not writable): read the file as it is.
        QUrl url = QUrl::fromLocalFile(store->m_path);
        url.setQuery(QStringLiteral("immutable=1"));
        store->m_db.setDatabaseName(url.toString(QUrl::FullyEncoded));
    }
    if (!store->m_db.open()) {
        const QSqlError error = store->m_db.lastError();
        return WorkspaceCheck::fromSqlite(error.nativeErrorCode().toInt(), path,
                                          error.databaseText());
    }
    // Until this connection writes "closed" (WorkspaceMark), SQLite keeps the log when it closes.
    WorkspaceMark::keepLog(store->m_db, true);

    // The search tables and triggers use leadline_grams (tokenizer and function); both must
    // exist before any migration or write.
    if (auto installed = SearchTokens::install(store->m_db); !installed)
        return installed.error();

    // A file that is not SQLite (or is damaged in its header) fails on the first read.
    QSqlDatabase &db = store->m_db;
    QSqlQuery probe(db);
    if (!probe.exec(QStringLiteral("SELECT (SELECT user_version FROM pragma_user_version), "
                                   "(SELECT application_id FROM pragma_application_id), "
                                   "(SELECT count(*) FROM sqlite_schema)"))
        || !probe.next()) {
        const QSqlError probeError = probe.lastError();
        if (const int code = probeError.nativeErrorCode().toInt();
            WorkspaceCheck::isFileProblem(code)) {
            return WorkspaceCheck::fromSqlite(code, path, probeError.databaseText());
        }
        return Error{tr("Workspace %1 is damaged or is not a Leadline workspace (%2).")
                         .arg(path, probe.lastError().text()),
                     WorkspaceCheck::damagedProblem};
    }
    const int version = probe.value(0).toInt();
    const int applicationId = probe.value(1).toInt();
    const int schemaObjects = probe.value(2).toInt();
    probe.finish();
    const bool foreign = (applicationId != 0 && !WorkspaceMark::isWorkspaceId(applicationId))
                         || (version == 0 && schemaObjects > 0);
    if (foreign) {
        return Error{tr("%1 is a database of another program, not a Leadline workspace. It was "
                        "left unchanged.")
                         .arg(path),
                     WorkspaceCheck::foreignProblem};
    }
    const bool fresh = version == 0;
    if (fresh && !create) {
        return Error{tr("Workspace %1 is an empty database, not a workspace. Nothing was changed; "
                        "create a new workspace there only if that is what you want.")
                         .arg(path),
                     WorkspaceCheck::emptyProblem};
    }
    if (!fresh) {
        if (auto checked = WorkspaceCheck::checkOpened(db, path); !checked)
            return checked.error();
    }

    QString error;
    const QStringList pragmas = {QStringLiteral("PRAGMA busy_timeout=10000"),
                                 QStringLiteral("PRAGMA journal_mode=WAL"),
                                 QStringLiteral("PRAGMA synchronous=FULL"),
                                 QStringLiteral("PRAGMA foreign_keys=ON"),
                                 QStringLiteral("PRAGMA temp_store=MEMORY"),
                                 QStringLiteral("PRAGMA cache_size=-65536"),
                                 QStringLiteral("PRAGMA mmap_size=268435456")};
    for (const QString &pragma : pragmas) {
        QSqlQuery query(db);
        if (!query.exec(pragma)) {
            const QSqlError sqlError = query.lastError();
            return WorkspaceCheck::fromSqlite(sqlError.nativeErrorCode().toInt(), path,
                                              sqlError.databaseText());
        }
    }
    const bool readOnly = WorkspaceCheck::isReadOnly(*store);
    if (!readOnly) {
        // Before any other write: from now on the file alone may lack commits in the log.
        if (auto marked = WorkspaceMark::markOpen(db, applicationId); !marked)
            return marked.error();
        store->m_markedOpen = true;
    }

    if (auto migrated = Migrations::apply(*store); !migrated)
        return migrated.error();

    if (!readOnly) {
        QSqlQuery query(db);
        // Several processes may create the workspace at once: the first id written stays.
        query.prepare(QStringLiteral("INSERT INTO sync_state(key, value) VALUES('client_id', ?) "
                                     "ON CONFLICT(key) DO NOTHING"));
        query.addBindValue(newId());
        if (!query.exec()) {
            const QSqlError sqlError = query.lastError();
            return WorkspaceCheck::fromSqlite(sqlError.nativeErrorCode().toInt(), path,
                                              sqlError.databaseText());
        }
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

bool LocalStore::hasColumn(const QString &table, const QString &column) const
{
    auto it = m_columnSets.constFind(table);
    if (it == m_columnSets.cend()) {
        const QStringList names = columns(table);
        it = m_columnSets.insert(table, QSet<QString>(names.cbegin(), names.cend()));
    }
    return it->contains(column);
}

void LocalStore::setClock(const Clock *clock)
{
    m_clock = clock ? clock : &SystemClock::instance();
}

} // namespace Leadline
