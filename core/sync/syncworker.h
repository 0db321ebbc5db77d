#pragma once

#include "backoff.h"
#include "serverurl.h"
#include "syncstatus.h"
#include "core/storage/changeset.h"

#include <QObject>
#include <QSqlDriver>
#include <QTimer>

class QTcpSocket;

#include <memory>

namespace Leadline {

class LocalStore;
class ServerConnection;

/// Timing of background sync.
struct SyncSchedule
{
    /// Between rounds while online: a safety net, since the server's "pull now" notification
    /// already starts a round soon after another client changes something.
    int intervalMs = 15000;
    int debounceMs = 300;   ///< after a local change, before pushing it (typing coalesces)
    int notifiedMs = 50;    ///< after the server's notification, before pulling
    int pollMs = 200;       ///< how often the outbox is checked for local changes
    int backoffInitialMs = 1000;
    int backoffMaxMs = 60000;
    /// While the server cannot be reached: how often its port is knocked on (a TCP connect,
    /// no login), so a returning link is noticed within about this long whatever the back-off.
    int probeMs = 1000;
    /// While an open transaction holds the feed back: its commit may not notify (it need not
    /// touch a synced table), so look again soon.
    int feedWaitingMs = 1000;
};

/// Runs sync rounds on the thread it lives on, with its own workspace and server connections.
/// Listens on the server's "pull now" channel, so another client's change starts a round here
/// without waiting for the interval. Created and driven by SyncEngine; not used directly.
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
    /// A local change or the user asked: sync soon (debounced; not while backing off, and not
    /// after the server refused the sign-in).
    void trigger();
    /// Connectivity came back: try now, whatever the back-off said.
    void retryNow();

signals:
    /// The state, counts or message changed.
    void statusChanged(const Leadline::SyncStatus &status);
    /// The sync wrote into the workspace (pulled rows, refused changes put back, conflicts);
    /// announced after each commit. The GUI's change bus takes it from here.
    void workspaceChanged(const Leadline::ChangeSet &changes);

private:
    void onRoundDue();
    void onPoll();
    void onServerNotification(const QString &name, QSqlDriver::NotificationSource source);
    Status openConnection();
    bool connectionLost() const;
    void schedule(int delayMs);
    void scheduleSoon(int delayMs);
    void probe();
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
    QTimer *m_probeTimer = nullptr;
    QTcpSocket *m_probe = nullptr;
    bool m_probeFoundDown = false; ///< a knock failed since the link was lost
    int m_probeRetries = 0;        ///< rounds the knocks started since the port answered again
    /// The server refused the sign-in: only the user's "sync now" or new credentials try again.
    bool m_signInRefused = false;
    qint64 m_lastOutboxHead = -1;
    SyncStatus m_status;
};

} // namespace Leadline
