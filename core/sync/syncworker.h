#pragma once

#include "backoff.h"
#include "serverurl.h"
#include "syncstatus.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace Leadline {

class LocalStore;
class ServerConnection;

/// Timing of background sync.
struct SyncSchedule
{
    int intervalMs = 1500;  ///< between rounds while online (pulls what others changed)
    int debounceMs = 300;   ///< after a local change, before pushing it
    int pollMs = 500;       ///< how often the outbox is checked for local changes
    int backoffInitialMs = 1000;
    int backoffMaxMs = 60000;
};

/// Runs sync rounds on the thread it lives on, with its own workspace and server connections.
/// Created and driven by SyncEngine; not used directly.
class SyncWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncWorker)

public:
    SyncWorker(const QString &workspacePath, const ServerUrl &url, const SyncSchedule &schedule);
    ~SyncWorker() override;

    /// Opens the workspace on this thread and starts the first round.
    void begin();
    /// Stops timers and closes both connections.
    void finish();
    /// A local change or the user asked: sync soon (debounced; not while backing off).
    void trigger();
    /// Connectivity came back: try now, whatever the back-off said.
    void retryNow();

signals:
    /// The state, counts or message changed.
    void statusChanged(const Leadline::SyncStatus &status);
    /// A round wrote rows from the server into the workspace.
    void remoteChangesApplied(int rows);

private:
    void onRoundDue();
    void onPoll();
    void schedule(int delayMs);
    void publish();
    qint64 outboxHead() const;

    QString m_path;
    ServerUrl m_url;
    SyncSchedule m_schedule;
    Backoff m_backoff;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ServerConnection> m_connection;
    QTimer *m_roundTimer = nullptr;
    QTimer *m_pollTimer = nullptr;
    qint64 m_lastOutboxHead = -1;
    SyncStatus m_status;
};

} // namespace Leadline
