#pragma once

#include "core/storage/changeset.h"

#include <QObject>
#include <QThread>
#include <QTimer>

namespace Leadline {

class RuleSweepWorker;

/// Runs the time rules' sweep (§2.5) at start-up and every five minutes, on a thread of its own
/// with its own connection to the workspace, so a sweep over many customers never holds up the
/// window. A sweep asked for while one runs is not queued twice. What the sweep writes is
/// announced through workspaceChanged, for the window's change bus.
class RuleScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleScheduler)

public:
    explicit RuleScheduler(const QString &workspacePath, QObject *parent = nullptr);
    ~RuleScheduler() override;

    /// Sweeps once now (on the sweep thread) and then every interval.
    void start();
    /// Stops the timer and the thread; a running sweep stops at its next customer or action.
    void stop();
    /// Sweeps now unless a sweep is already under way.
    void sweepNow();

signals:
    /// A sweep ended; message is empty on success.
    void swept(int applied, qint64 lateMs, const QString &message);
    /// The sweep wrote into the workspace (committed).
    void workspaceChanged(const Leadline::ChangeSet &changes);

private:
    void onSwept(int applied, qint64 lateMs, const QString &message);

    QThread m_thread;
    RuleSweepWorker *m_worker = nullptr;
    QTimer m_timer;
    bool m_running = false;
    bool m_sweeping = false;
};

} // namespace Leadline
