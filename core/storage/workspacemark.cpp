#include "workspacemark.h"

#include "workspacecheck.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

#include <sqlite3.h>

namespace Leadline {

namespace {

sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Status execute(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return {};
    const QSqlError error = query.lastError();
    return WorkspaceCheck::fromSqlite(error.nativeErrorCode().toInt(), db.databaseName(),
                                      error.databaseText());
}

} // namespace

Status WorkspaceMark::markOpen(QSqlDatabase &db, int currentId)
{
    // Another connection open (or one that crashed) marked it already.
    if (currentId == openId)
        return {};
    if (auto marked = execute(db, QStringLiteral("PRAGMA application_id = %1").arg(openId));
        !marked) {
        return marked;
    }
    // The mark counts only once it is in the file itself. A passive checkpoint never waits; if a
    // reader holds it back, the next checkpoint copies the mark.
    QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    return {};
}

bool WorkspaceMark::markClosedIfLast(QSqlDatabase &db)
{
    // In WAL mode every open connection holds a shared lock on the file, so the exclusive lock
    // that locking_mode=EXCLUSIVE takes with the next write succeeds only for the last one.
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA busy_timeout = 0"));
    query.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE"));
    if (query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        if (query.exec(QStringLiteral("PRAGMA application_id = %1").arg(closedId))
            && query.exec(QStringLiteral("COMMIT"))) {
            // Closing now folds the log into the file, with the mark, and deletes the log.
            keepLog(db, false);
            return true;
        }
        query.exec(QStringLiteral("ROLLBACK"));
    }
    query.exec(QStringLiteral("PRAGMA locking_mode = NORMAL"));
    return false;
}

void WorkspaceMark::keepLog(QSqlDatabase &db, bool keep)
{
    if (sqlite3 *sqlite = handleOf(db)) {
        int flag = keep ? 1 : 0;
        sqlite3_file_control(sqlite, "main", SQLITE_FCNTL_PERSIST_WAL, &flag);
    }
}

Status WorkspaceMark::markCopyClosed(const QString &path)
{
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("leadline-mark-%1").arg(++counter);
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            const QSqlError error = db.lastError();
            status = WorkspaceCheck::fromSqlite(error.nativeErrorCode().toInt(), path,
                                                error.databaseText());
        } else {
            status = execute(db, QStringLiteral("PRAGMA application_id = %1").arg(closedId));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return status;
}

} // namespace Leadline
