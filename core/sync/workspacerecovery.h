#pragma once

#include "serverurl.h"
#include "core/domain/result.h"

#include <QString>

#include <functional>

namespace Leadline {

/// What a recovery did (the JSON of "leadline workspace recover").
struct RecoveryReport
{
    bool wasWhole = false;   ///< the workspace was whole and no recovery was under way
    QString sideFile;        ///< the saved unsynced changes (kept after the recovery)
    QString damagedFile;     ///< where the damaged workspace was moved (kept)
    int saved = 0;           ///< unsynced changes saved in the side file
    int unreadable = 0;      ///< outbox parts the damage made unreadable
    int pushed = 0;          ///< saved changes the server accepted (or had already)
    int rejected = 0;        ///< saved changes the server refused (shown with the conflicts)
    int pulled = 0;          ///< rows the new workspace received
};

/// Rebuilds a damaged workspace from the server without losing its unsynced changes (SPEC §8):
/// saves every outbox entry that can still be read in a side file, moves the damaged file aside,
/// builds a new workspace at the same path with a first sync, then pushes the saved entries under
/// the workstation's own id and numbers, so the server's replay rules keep any it already has
/// from applying twice. Each step is recorded in a journal beside the workspace: a recovery
/// stopped at any point (a crash, an unreachable server) continues when run again. Nothing is
/// deleted: the damaged file and the side file stay.
class WorkspaceRecovery final
{
public:
    enum class Stage { Saved, Moved, Built, Done };

    explicit WorkspaceRecovery(QString workspacePath);

    /// Runs (or continues) the recovery against the server.
    Result<RecoveryReport> run(const ServerUrl &server);
    /// Called after each step is on disk (a test stops the process there).
    void setStageListener(std::function<void(Stage)> listener) { m_listener = std::move(listener); }

    /// A recovery of this workspace was started and has not finished.
    static bool isUnderWay(const QString &workspacePath);
    static QString stageName(Stage stage);
    /// The Error::field when the server cannot be reached: run again later, nothing is lost.
    static inline const QString unreachableProblem = QStringLiteral("recovery-unreachable");

private:
    struct Journal;
    Result<Journal> start(RecoveryReport &report);
    Status moveAside(const Journal &journal);
    Result<int> pushSaved(const Journal &journal, const ServerUrl &server, RecoveryReport &report);
    Status saveJournal(const Journal &journal) const;
    void reached(Stage stage);

    QString m_path;
    std::function<void(Stage)> m_listener;
};

} // namespace Leadline
