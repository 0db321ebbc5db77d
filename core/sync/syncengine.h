#pragma once

#include "serverurl.h"
#include "syncstatus.h"
#include "core/storage/changeset.h"
#include "syncworker.h"

#include <QNetworkInformation>
#include <QObject>
#include <QThread>

namespace Leadline {

/// Background sync of one workspace with the shared server: its own thread, its own SQLite
/// and PostgreSQL connections, rounds on a timer and soon after local changes, exponential
/// back-off with jitter while the server is unreachable. Signals arrive on the owner's thread.
class SyncEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncEngine)

public:
    SyncEngine(const QString &workspacePath, const ServerUrl &url,
               const SyncSchedule &schedule = {}, QObject *parent = nullptr);
    ~SyncEngine() override;

    void start();
    /// Stops the thread (waits for a running round to end).
    void stop();
    /// Sync soon (debounced): after a local change or when the user asks.
    void requestSync();
    /// Try now, ignoring the back-off (the network came back).
    void retryNow();

    SyncStatus status() const { return m_status; }

signals:
    /// Sync state, counts or message changed.
    void statusChanged(const Leadline::SyncStatus &status);
    /// The sync wrote into the workspace (pulled rows, refused changes put back, conflicts);
    /// announced after each commit. The GUI's change bus takes it from here.
    void workspaceChanged(const Leadline::ChangeSet &changes);

private:
    void onStatusChanged(const Leadline::SyncStatus &status);
    void onReachabilityChanged(QNetworkInformation::Reachability reachability);

    QThread m_thread;
    SyncWorker *m_worker = nullptr;
    SyncStatus m_status;
    bool m_running = false;
};

} // namespace Leadline
