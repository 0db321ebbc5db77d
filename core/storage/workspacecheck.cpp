#include "workspacecheck.h"

#include "localstore.h"
#include "workspacemark.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <cstring>

#include <sqlite3.h>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::WorkspaceCheck", text);
}

Error damaged(const QString &path, const QString &detail)
{
    return Error{QCoreApplication::translate(
                     "Leadline::WorkspaceCheck",
                     "Workspace %1 is damaged (%2). Nothing was changed. Rebuild it from the "
                     "server (leadline workspace recover, or Recover when Leadline starts): the "
                     "changes not synced yet are saved beside it and sent again, and the damaged "
                     "file is kept. Or restore a backup (leadline workspace backup makes one).")
                     .arg(path, detail),
                 WorkspaceCheck::damagedProblem};
}

Error walLost(const QString &path, const QString &detail)
{
    return Error{QCoreApplication::translate(
                     "Leadline::WorkspaceCheck",
                     "Workspace %1 is inconsistent: its write-ahead log (%2-wal) %3, so changes "
                     "that were saved, and may not be synced yet, are not in the file. Nothing was "
                     "changed; put the original -wal file back next to the workspace.")
                     .arg(path, QFileInfo(path).fileName(), detail),
                 WorkspaceCheck::walProblem};
}

Error walMissingWhileOpen(const QString &path)
{
    return Error{QCoreApplication::translate(
                     "Leadline::WorkspaceCheck",
                     "Workspace %1 was in use when this file was copied, or its write-ahead log "
                     "(%2-wal) was removed: changes saved since it was opened, which may not be "
                     "synced yet, are in that log and not in this file. Nothing was changed. If the "
                     "original workspace still exists, copy it together with its -wal file, or "
                     "with leadline workspace backup. Otherwise rebuild it from the server "
                     "(leadline workspace recover, or Recover when Leadline starts): the changes "
                     "not synced yet that this file holds are saved beside it and sent again.")
                     .arg(path, QFileInfo(path).fileName()),
                 WorkspaceCheck::walProblem};
}

quint32 be32(const char *bytes)
{
    return qFromBigEndian<quint32>(bytes);
}

// SQLite's write-ahead log checksum over n bytes (a multiple of 8), continuing from s.
void walChecksum(bool bigEndianWords, const char *data, int n, quint32 s[2])
{
    for (int i = 0; i + 8 <= n; i += 8) {
        const quint32 x0 = bigEndianWords ? qFromBigEndian<quint32>(data + i)
                                          : qFromLittleEndian<quint32>(data + i);
        const quint32 x1 = bigEndianWords ? qFromBigEndian<quint32>(data + i + 4)
                                          : qFromLittleEndian<quint32>(data + i + 4);
        s[0] += x0 + s[1];
        s[1] += x1 + s[0];
    }
}

struct WalState
{
    bool present = false;
    bool headerValid = false;
    quint32 salt[2] = {0, 0};
    quint32 lastCommitFrame = 0; // 1-based index of the last frame of the last whole commit
    bool committedAfterDamage = false;
};

WalState readWal(const QString &walPath)
{
    WalState state;
    QFile file(walPath);
    if (!file.exists() || !file.open(QIODevice::ReadOnly))
        return state;
    state.present = true;
    const QByteArray header = file.read(32);
    if (header.size() < 32)
        return state;
    const quint32 magic = be32(header.constData());
    if (magic != 0x377f0682 && magic != 0x377f0683)
        return state;
    const bool bigEndianWords = magic & 1;
    const quint32 pageSize = be32(header.constData() + 8);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return state;
    quint32 sum[2] = {0, 0};
    walChecksum(bigEndianWords, header.constData(), 24, sum);
    if (sum[0] != be32(header.constData() + 24) || sum[1] != be32(header.constData() + 28))
        return state;
    state.headerValid = true;
    state.salt[0] = be32(header.constData() + 16);
    state.salt[1] = be32(header.constData() + 20);

    const qint64 frameSize = 24 + qint64(pageSize);
    bool chainIntact = true;
    for (quint32 frame = 1;; ++frame) {
        const QByteArray bytes = file.read(frameSize);
        if (bytes.size() < frameSize)
            break;
        const char *h = bytes.constData();
        const bool saltMatches = be32(h + 8) == state.salt[0] && be32(h + 12) == state.salt[1];
        const bool commit = be32(h + 4) != 0;
        if (chainIntact) {
            quint32 next[2] = {sum[0], sum[1]};
            walChecksum(bigEndianWords, h, 8, next);
            walChecksum(bigEndianWords, h + 24, int(pageSize), next);
            if (saltMatches && be32(h) != 0 && next[0] == be32(h + 16) && next[1] == be32(h + 20)) {
                sum[0] = next[0];
                sum[1] = next[1];
                if (commit)
                    state.lastCommitFrame = frame;
                continue;
            }
            chainIntact = false;
        }
        // A write cut short by a crash leaves at most the last, unacknowledged commit broken; a
        // commit of this log's generation after a broken frame means a saved change is unreadable.
        if (saltMatches && commit)
            state.committedAfterDamage = true;
    }
    return state;
}

struct WalIndex
{
    bool valid = false;
    quint32 maxFrame = 0;
    quint32 backfilled = 0;
    quint32 salt[2] = {0, 0};
};

// The -shm file: SQLite's index of the log, in native byte order; two copies of its header that
// agree when no writer is between updates.
WalIndex readWalIndex(const QString &shmPath)
{
    WalIndex index;
    QFile file(shmPath);
    if (!file.open(QIODevice::ReadOnly))
        return index;
    const QByteArray bytes = file.read(136);
    if (bytes.size() < 100)
        return index;
    const char *d = bytes.constData();
    if (std::memcmp(d, d + 48, 48) != 0)
        return index;
    quint32 version = 0;
    std::memcpy(&version, d, 4);
    if (version != 3007000 || d[12] == 0) // iVersion, isInit
        return index;
    std::memcpy(&index.maxFrame, d + 16, 4);
    // The salts are the log header's bytes, copied as they are (big-endian).
    index.salt[0] = be32(d + 32);
    index.salt[1] = be32(d + 36);
    std::memcpy(&index.backfilled, d + 96, 4);
    index.valid = true;
    return index;
}

// The mark in the file's header (WorkspaceMark), read from the file itself.
quint32 markOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray header = file.read(72);
    return header.size() == 72 ? be32(header.constData() + 68) : 0;
}

// Whether the log holds anything SQLite would read: missing, empty or a header of nothing.
bool logIsGone(const QString &walPath)
{
    return !readWal(walPath).headerValid;
}

} // namespace

bool WorkspaceCheck::isReadOnly(const LocalStore &store)
{
    if (!QFileInfo(store.path()).isWritable())
        return true;
    const QSqlDatabase db = store.database();
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
        if (sqlite && sqlite3_db_readonly(sqlite, "main") == 1)
            return true;
    }
    return false;
}

bool WorkspaceCheck::isDamageCode(int nativeCode)
{
    const int primary = nativeCode & 0xff;
    constexpr int corrupt = 11;
    constexpr int notADatabase = 26;
    return primary == corrupt || primary == notADatabase;
}

bool WorkspaceCheck::isFileProblem(int nativeCode)
{
    const int primary = nativeCode & 0xff;
    constexpr int readOnly = 8;
    constexpr int full = 13;
    return isDamageCode(nativeCode) || primary == readOnly || primary == full;
}

Error WorkspaceCheck::fromSqlite(int nativeCode, const QString &path, const QString &detail)
{
    const int primary = nativeCode & 0xff;
    constexpr int readOnly = 8;
    constexpr int ioError = 10;
    constexpr int full = 13;
    constexpr int cannotOpen = 14;
    if (isDamageCode(nativeCode))
        return damaged(path, detail);
    if (primary == readOnly) {
        return Error{tr("Workspace %1 is read-only: its file or folder may not be written (%2). "
                        "You can look, but not change anything.")
                         .arg(path, detail),
                     readOnlyProblem};
    }
    if (primary == full) {
        return Error{tr("The disk holding workspace %1 is full (%2). Nothing was saved; free some "
                        "space and try again.")
                         .arg(path, detail),
                     fullProblem};
    }
    if (primary == cannotOpen) {
        return Error{tr("Workspace %1 cannot be opened (%2): check that the folder exists and may "
                        "be read and written.")
                         .arg(path, detail)};
    }
    if (primary == ioError) {
        return Error{tr("Workspace %1 could not be read or written: the disk reported an error "
                        "(%2).")
                         .arg(path, detail)};
    }
    return Error{tr("Workspace %1: %2").arg(path, detail)};
}

Status WorkspaceCheck::checkFiles(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("Workspace %1 cannot be read (%2).").arg(path, file.errorString())};
    const qint64 size = file.size();
    const QByteArray header = file.read(100);
    file.close();
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0"))) {
        return Error{tr("Workspace %1 is damaged or is not a Leadline workspace (it has no SQLite "
                        "header). Nothing was changed.")
                         .arg(path),
                     damagedProblem};
    }
    const char *h = header.constData();
    quint32 pageSize = qFromBigEndian<quint16>(h + 16);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return damaged(path, tr("the header names an impossible page size"));
    if (size % pageSize != 0)
        return damaged(path, tr("the file is cut off in the middle of a page"));
    const quint32 changeCounter = be32(h + 24);
    const quint32 pageCount = be32(h + 28);
    if (changeCounter == be32(h + 92) && pageCount > 0 && qint64(pageCount) * pageSize > size) {
        return damaged(path, tr("the file has %1 of its %2 pages; it was cut short")
                                 .arg(size / pageSize)
                                 .arg(pageCount));
    }

    const WalState wal = readWal(path + QStringLiteral("-wal"));
    if (wal.committedAfterDamage)
        return walLost(path, tr("is damaged"));
    const WalIndex index = readWalIndex(path + QStringLiteral("-shm"));
    if (index.valid && index.maxFrame > index.backfilled) {
        // The index says the log holds committed pages not yet copied into the file.
        if (!wal.present)
            return walLost(path, tr("is missing"));
        if (!wal.headerValid || wal.salt[0] != index.salt[0] || wal.salt[1] != index.salt[1])
            return walLost(path, tr("was replaced or damaged"));
        if (wal.lastCommitFrame < index.maxFrame)
            return walLost(path, tr("is cut short or damaged"));
    }
    // Marked in use, in WAL mode (a copy made by VACUUM INTO is a rollback-journal file and
    // whole), without its log. Read again, mark then log: the last connection closing at this
    // moment writes "closed" into the file before SQLite deletes the log, and an opener creates
    // the log before it writes "open", so only a file that really lost its log is seen marked
    // open without one twice in a row.
    const bool walMode = h[18] == 2 && h[19] == 2;
    if (walMode && be32(h + 68) == quint32(WorkspaceMark::openId) && !wal.headerValid
        && markOf(path) == quint32(WorkspaceMark::openId)
        && logIsGone(path + QStringLiteral("-wal"))) {
        return walMissingWhileOpen(path);
    }
    return {};
}

Status WorkspaceCheck::checkOpened(QSqlDatabase &db, const QString &path, qint64 fullCheckLimit)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 "
            "AND name NOT LIKE 'sqlite_%'"))) {
        return fromSqlite(query.lastError().nativeErrorCode().toInt(), path,
                          query.lastError().databaseText());
    }
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());
    if (query.lastError().isValid()) {
        return fromSqlite(query.lastError().nativeErrorCode().toInt(), path,
                          query.lastError().databaseText());
    }
    // Each table's root and its first leaf: cheap, and catches a damaged schema or root page.
    for (const QString &table : std::as_const(tables)) {
        QString quoted = table;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        if (!query.exec(QStringLiteral("SELECT * FROM \"%1\" LIMIT 1").arg(quoted))
            || (query.next(), query.lastError().isValid())) {
            return fromSqlite(query.lastError().nativeErrorCode().toInt(), path,
                              query.lastError().databaseText());
        }
    }
    query.finish();
    if (QFileInfo(path).size() > fullCheckLimit)
        return {};
    auto problems = checkAllPages(db);
    if (!problems)
        return problems.error();
    if (!problems->isEmpty())
        return damaged(path, problems->first());
    return {};
}

Result<QStringList> WorkspaceCheck::checkAllPages(QSqlDatabase &db, bool thorough)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(thorough ? QStringLiteral("PRAGMA integrity_check(20)")
                             : QStringLiteral("PRAGMA quick_check(20)"))) {
        return fromSqlite(query.lastError().nativeErrorCode().toInt(), db.databaseName(),
                          query.lastError().databaseText());
    }
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line == QLatin1String("ok"))
            continue;
        for (const QString &part : line.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (!part.startsWith(QLatin1String("***"))) // "*** in database main ***"
                problems.append(part);
        }
    }
    if (query.lastError().isValid()) {
        return fromSqlite(query.lastError().nativeErrorCode().toInt(), db.databaseName(),
                          query.lastError().databaseText());
    }
    return problems;
}

} // namespace Leadline
