#pragma once

#include "serverurl.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSqlDriver>
#include <QString>
#include <QThread>

#include <memory>
#include <optional>

class QTimer;

namespace Leadline {

class ServerConnection;

/// What an agent's client tells the live floor (§2.6): his state ("Ready", "NotReady" with a
/// reason, "OnCall", "WrapUp", or "Offline" when signing off) and, on a call or in its wrap-up,
/// the customer and his number masked. The server keeps only the caller's own row.
struct PresenceState
{
    QString state;
    QString reason;
    QString customerId;
    QString phoneMasked;

    bool operator==(const PresenceState &other) const = default;
};

/// One agent on the floor as the server sent it: offline when he never published, signed off or
/// stopped beating. Times are the server's milliseconds since the epoch.
struct PresenceEntry
{
    QString agentId;
    QString agentName;
    QString teamId;
    QString state;
    QString reason;
    QString customerId;
    QString phoneMasked;
    qint64 sinceMs = 0;     ///< when the state began (for "Offline": the last beat, or now)
    qint64 heartbeatMs = 0; ///< the last publication; 0 if never
};

/// The floor the signed-in user may see, read at one moment.
struct PresenceFloor
{
    QList<PresenceEntry> entries;
    qint64 serverNowMs = 0;    ///< the server's clock when it was read
    qint64 receivedAtMs = 0;   ///< this machine's clock when it arrived (QDateTime, UTC ms)
    QString error;             ///< why the floor could not be read, if it could not
};

/// Timing of presence: the heartbeat that keeps a client on the floor (the server counts him
/// gone after 15 s without one) and the re-read that notices those who stopped beating.
struct PresenceSchedule
{
    int heartbeatMs = 5000;
    int floorRefreshMs = 5000;
    int notifiedMs = 20;       ///< after the server's notification, before reading
    int reconnectMs = 3000;
};

class PresenceWorker;

/// The client's side of the live floor, on its own thread and PostgreSQL connection: publishes
/// the agent's state as it changes and as a heartbeat, and (when watching) listens on the
/// server's leadline_presence channel and reads the floor again at each change, so a state change
/// on an agent's client reaches the supervisor's within a fraction of a second. Signals arrive on
/// the owner's thread.
class PresenceLink final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresenceLink)

public:
    explicit PresenceLink(const PresenceSchedule &schedule = {}, QObject *parent = nullptr);
    ~PresenceLink() override;

    /// Connects as that login (again, if the server or login changed). The last state set is
    /// published at once.
    void start(const ServerUrl &url);
    /// Publishes "Offline" and stops the thread.
    void stop();
    /// Read the floor (supervisors and admins): listen for changes and re-read regularly.
    void setWatching(bool watching);
    /// The agent's state to publish now and with every heartbeat.
    void publish(const PresenceState &state);
    /// Asks the server for the median of the user's team over [fromMs, toMs) (My performance);
    /// answered by teamMedianRead.
    void requestTeamMedian(qint64 fromMs, qint64 toMs);
    bool isRunning() const { return m_running; }
    const PresenceFloor &floor() const { return m_floor; }

signals:
    /// A new reading of the floor (or why it could not be read).
    void floorChanged(const Leadline::PresenceFloor &floor);
    /// Publishing failed (message) or works again (empty).
    void publishStatusChanged(const QString &message);
    /// The team median over [fromMs, toMs): agents, dials, connects, effective_talk_s,
    /// connect_rate; empty when the policy does not allow it or the server cannot say.
    void teamMedianRead(qint64 fromMs, qint64 toMs, const QJsonObject &median);

private:
    QThread m_thread;
    PresenceWorker *m_worker = nullptr;
    PresenceSchedule m_schedule;
    std::optional<PresenceState> m_state;
    bool m_watching = false;
    bool m_running = false;
    std::optional<std::pair<qint64, qint64>> m_median; ///< the last period asked for
    PresenceFloor m_floor;
};

/// Runs on PresenceLink's thread; not used directly.
class PresenceWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresenceWorker)

public:
    explicit PresenceWorker(const PresenceSchedule &schedule);
    ~PresenceWorker() override;

    void begin(const Leadline::ServerUrl &url);
    void finish();
    void setWatching(bool watching);
    void publish(const Leadline::PresenceState &state);
    void readTeamMedian(qint64 fromMs, qint64 toMs);

signals:
    void floorRead(const Leadline::PresenceFloor &floor);
    void publishStatusChanged(const QString &message);
    void teamMedianRead(qint64 fromMs, qint64 toMs, const QJsonObject &median);

private:
    bool ensureConnection();
    void dropConnection();
    void sendState();
    void readFloor();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);

    PresenceSchedule m_schedule;
    ServerUrl m_url;
    std::unique_ptr<ServerConnection> m_connection;
    std::optional<PresenceState> m_state;
    QString m_myTeam;
    bool m_admin = false;
    bool m_watching = false;
    bool m_listening = false;
    QString m_publishError;
    QTimer *m_heartbeat = nullptr;
    QTimer *m_refresh = nullptr;
    QTimer *m_notified = nullptr;
};

} // namespace Leadline

Q_DECLARE_METATYPE(Leadline::PresenceState)
Q_DECLARE_METATYPE(Leadline::PresenceFloor)
