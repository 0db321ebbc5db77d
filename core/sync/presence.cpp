#include "presence.h"

#include "serverconnection.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMetaObject>
#include <QSqlQuery>
#include <QTimer>

namespace Leadline {

namespace {

// The server's notification (server step 14): the payload is the team of the agent who changed.
const QString presenceChannel = QStringLiteral("leadline_presence");

} // namespace

PresenceLink::PresenceLink(const PresenceSchedule &schedule, QObject *parent)
    : QObject(parent)
    , m_schedule(schedule)
{
    qRegisterMetaType<Leadline::PresenceState>();
    qRegisterMetaType<Leadline::PresenceFloor>();
    m_thread.setObjectName(QStringLiteral("leadline-presence"));
}

PresenceLink::~PresenceLink()
{
    stop();
}

void PresenceLink::start(const ServerUrl &url)
{
    stop();
    m_worker = new PresenceWorker(m_schedule);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PresenceWorker::floorRead, this, [this](const PresenceFloor &floor) {
        m_floor = floor;
        emit floorChanged(floor);
    });
    connect(m_worker, &PresenceWorker::publishStatusChanged, this,
            &PresenceLink::publishStatusChanged);
    connect(m_worker, &PresenceWorker::teamMedianRead, this, &PresenceLink::teamMedianRead);
    m_running = true;
    m_thread.start();
    PresenceWorker *worker = m_worker;
    const bool watching = m_watching;
    const std::optional<PresenceState> state = m_state;
    QMetaObject::invokeMethod(worker, [worker, url, watching, state] {
        worker->setWatching(watching);
        if (state)
            worker->publish(*state);
        worker->begin(url);
    }, Qt::QueuedConnection);
    if (m_median)
        requestTeamMedian(m_median->first, m_median->second);
}

void PresenceLink::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(m_worker, &PresenceWorker::finish, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr; // deleted by the finished thread
}

void PresenceLink::setWatching(bool watching)
{
    m_watching = watching;
    if (m_running) {
        PresenceWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, watching] { worker->setWatching(watching); },
                                  Qt::QueuedConnection);
    }
}

void PresenceLink::publish(const PresenceState &state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (m_running) {
        PresenceWorker *worker = m_worker;
        QMetaObject::invokeMethod(worker, [worker, state] { worker->publish(state); },
                                  Qt::QueuedConnection);
    }
}

void PresenceLink::requestTeamMedian(qint64 fromMs, qint64 toMs)
{
    m_median = {fromMs, toMs}; // asked again once connected
    if (!m_running)
        return;
    PresenceWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, fromMs, toMs] { worker->readTeamMedian(fromMs, toMs); },
                              Qt::QueuedConnection);
}

PresenceWorker::PresenceWorker(const PresenceSchedule &schedule)
    : m_schedule(schedule)
{}

PresenceWorker::~PresenceWorker() = default;

void PresenceWorker::begin(const ServerUrl &url)
{
    m_url = url;
    m_heartbeat = new QTimer(this);
    m_heartbeat->setInterval(m_schedule.heartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, [this] {
        if (m_state)
            sendState();
        else
            (void)ensureConnection();
    });
    m_refresh = new QTimer(this);
    m_refresh->setInterval(m_schedule.floorRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &PresenceWorker::readFloor);
    m_notified = new QTimer(this);
    m_notified->setSingleShot(true);
    m_notified->setInterval(m_schedule.notifiedMs);
    connect(m_notified, &QTimer::timeout, this, &PresenceWorker::readFloor);
    m_heartbeat->start();
    if (m_state)
        sendState();
    else
        (void)ensureConnection();
    setWatching(m_watching);
}

void PresenceWorker::finish()
{
    if (m_heartbeat)
        m_heartbeat->stop();
    if (m_refresh)
        m_refresh->stop();
    if (m_notified)
        m_notified->stop();
    // Signing off: the floor shows the agent offline at once rather than after the timeout.
    if (m_state && m_connection && m_connection->isAlive()) {
        (void)m_connection->exec(QStringLiteral("SELECT sync.presence_publish('Offline', '', NULL, '')"));
    }
    dropConnection();
}

void PresenceWorker::setWatching(bool watching)
{
    m_watching = watching;
    if (!m_refresh)
        return; // begin() applies it
    if (!watching) {
        m_refresh->stop();
        return;
    }
    m_refresh->start();
    readFloor();
}

void PresenceWorker::publish(const PresenceState &state)
{
    m_state = state;
    if (m_heartbeat)
        sendState();
}

bool PresenceWorker::ensureConnection()
{
    if (m_connection && m_connection->database().isOpen())
        return true;
    dropConnection();
    auto opened = ServerConnection::open(m_url);
    if (!opened)
        return false;
    m_connection = std::move(opened).value();
    auto who = m_connection->exec(QStringLiteral("SELECT sync.my_team_id(), sync.my_role()"));
    if (who) {
        QSqlQuery query = std::move(who).value();
        if (query.next()) {
            m_myTeam = query.value(0).toString();
            m_admin = query.value(1).toString() == QLatin1String("admin");
        }
    }
    QSqlDriver *driver = m_connection->database().driver();
    m_listening = driver->subscribeToNotification(presenceChannel);
    if (m_listening)
        connect(driver, &QSqlDriver::notification, this, &PresenceWorker::onNotification);
    return true;
}

void PresenceWorker::dropConnection()
{
    if (m_connection) {
        disconnect(m_connection->database().driver(), nullptr, this, nullptr);
        m_connection.reset();
    }
    m_listening = false;
}

void PresenceWorker::sendState()
{
    QString message;
    if (!ensureConnection()) {
        message = tr("The live floor cannot reach the server.");
    } else {
        auto sent = m_connection->exec(
            QStringLiteral("SELECT sync.presence_publish(?, ?, ?, ?)"),
            {m_state->state, m_state->reason,
             m_state->customerId.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                           : QVariant(m_state->customerId),
             m_state->phoneMasked});
        if (!sent) {
            message = sent.message();
            if (!m_connection->isAlive())
                dropConnection(); // the next beat connects again
        }
    }
    if (message != m_publishError) {
        m_publishError = message;
        emit publishStatusChanged(message);
    }
}

void PresenceWorker::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                    const QVariant &payload)
{
    if (name != presenceChannel || !m_watching)
        return;
    // Only changes on this user's floor matter: his team's, or anyone's for an admin.
    if (!m_admin && payload.toString() != m_myTeam)
        return;
    if (!m_notified->isActive())
        m_notified->start();
}

void PresenceWorker::readTeamMedian(qint64 fromMs, qint64 toMs)
{
    QJsonObject median;
    if (m_heartbeat && ensureConnection()) {
        auto value = m_connection->scalar(QStringLiteral("SELECT sync.kpi_team_median(?, ?)::text"),
                                          {fromMs, toMs});
        if (value && !value->isEmpty())
            median = QJsonDocument::fromJson(value->toUtf8()).object();
    }
    emit teamMedianRead(fromMs, toMs, median);
}

void PresenceWorker::readFloor()
{
    if (!m_watching)
        return;
    PresenceFloor floor;
    if (!ensureConnection()) {
        floor.error = tr("The live floor cannot reach the server.");
    } else if (auto rows = m_connection->exec(QStringLiteral(
                   "SELECT agent_id, agent_name, team_id, state, reason, customer_id, phone_masked, "
                   "since_ms, heartbeat_ms, now_ms FROM sync.presence_floor()"));
               !rows) {
        floor.error = rows.message();
        if (!m_connection->isAlive())
            dropConnection();
    } else {
        QSqlQuery query = std::move(rows).value();
        while (query.next()) {
            PresenceEntry entry;
            entry.agentId = query.value(0).toString();
            entry.agentName = query.value(1).toString();
            entry.teamId = query.value(2).toString();
            entry.state = query.value(3).toString();
            entry.reason = query.value(4).toString();
            entry.customerId = query.value(5).toString();
            entry.phoneMasked = query.value(6).toString();
            entry.sinceMs = query.value(7).toLongLong();
            entry.heartbeatMs = query.value(8).toLongLong();
            floor.serverNowMs = query.value(9).toLongLong();
            floor.entries.append(entry);
        }
    }
    floor.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    emit floorRead(floor);
}

} // namespace Leadline
