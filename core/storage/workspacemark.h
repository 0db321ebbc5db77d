#pragma once

#include "core/domain/result.h"

#include <QSqlDatabase>
#include <QString>

namespace Leadline {

/// The mark in a workspace's file header (SQLite's application id) that says whether the file
/// alone holds every commit. While any connection has the workspace open it says "open": the
/// write-ahead log may hold commits the file does not. The last connection to close writes
/// "closed", and SQLite then folds the log into the file and deletes it. A file marked open whose
/// log is gone was copied, or had its log removed, while it was in use
/// (WorkspaceCheck::checkFiles).
class WorkspaceMark final
{
public:
    /// "LDLN": the file holds every commit (also the mark of workspaces made before the mark).
    static constexpr int closedId = 0x4C444C4E;
    /// "LDLW": in use; the write-ahead log beside the file may hold commits the file lacks.
    static constexpr int openId = 0x4C444C57;

    static bool isWorkspaceId(int id) { return id == closedId || id == openId; }

    /// Marks the workspace open and copies the mark into the file itself (a checkpoint), before
    /// this connection writes anything else. currentId is the application id the connection read.
    static Status markOpen(QSqlDatabase &db, int currentId);
    /// Marks the workspace closed when no other connection, of any process, has it open (an
    /// exclusive lock, tried without waiting); whether it did. Call it last before closing.
    static bool markClosedIfLast(QSqlDatabase &db);
    /// Whether SQLite keeps the write-ahead log when this connection is the last to close. Every
    /// connection keeps it unless it wrote "closed": one that could not (another connection was
    /// open) may still be the last to close, and a file marked open must not lose its log.
    static void keepLog(QSqlDatabase &db, bool keep);
    /// Marks a copy closed (a backup written by VACUUM INTO carries the mark of its source).
    static Status markCopyClosed(const QString &path);
};

} // namespace Leadline
