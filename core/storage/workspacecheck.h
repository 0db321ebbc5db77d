#pragma once

#include "core/domain/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// The checks that keep a damaged, foreign, missing or unwritable workspace from being used as if
/// it were whole. An Error from these checks names its kind in Error::field (one of the *Problem
/// constants), so the GUI can offer the matching way out (create, recover, pick another file).
class WorkspaceCheck final
{
public:
    /// Whether writes to the workspace are refused: the file is not writable, or SQLite opened it
    /// read-only (file or folder not writable for this user).
    static bool isReadOnly(const LocalStore &store);

    static inline const QString missingProblem = QStringLiteral("workspace-missing");
    static inline const QString emptyProblem = QStringLiteral("workspace-empty");
    static inline const QString foreignProblem = QStringLiteral("workspace-foreign");
    static inline const QString damagedProblem = QStringLiteral("workspace-damaged");
    static inline const QString walProblem = QStringLiteral("workspace-wal");
    static inline const QString readOnlyProblem = QStringLiteral("workspace-read-only");
    static inline const QString fullProblem = QStringLiteral("workspace-full");

    /// Up to this size the open check reads every page (PRAGMA quick_check); above it, only the
    /// file header, the write-ahead log, the schema and every table's first pages.
    static constexpr qint64 fullCheckLimitBytes = 64LL * 1024 * 1024;

    /// Before SQLite opens the file: the header (magic, page size, truncation), the write-ahead
    /// log against its index (committed changes that the log no longer holds, damaged frames), and
    /// a file marked in use (WorkspaceMark) whose log is gone.
    static Status checkFiles(const QString &path);
    /// After opening: the schema is readable, every table's first pages read, and (up to
    /// fullCheckLimitBytes) every page is checked.
    static Status checkOpened(QSqlDatabase &db, const QString &path,
                              qint64 fullCheckLimit = fullCheckLimitBytes);
    /// Every page of the file (PRAGMA quick_check, or integrity_check when thorough); the problems
    /// found, empty when the file is whole.
    static Result<QStringList> checkAllPages(QSqlDatabase &db, bool thorough = false);

    /// The error for a failed SQLite statement at open or in use: damaged, read-only and full disk
    /// get their own messages and kinds.
    static Error fromSqlite(int nativeCode, const QString &path, const QString &detail);
    static bool isDamageCode(int nativeCode);
    /// Damaged, read-only or full: the file's state, not the statement, is the problem.
    static bool isFileProblem(int nativeCode);
};

} // namespace Leadline
