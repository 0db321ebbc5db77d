#include "syncworker.h"

#include "serverconnection.h"
#include "syncround.h"
#include "core/domain/clock.h"
#include "core/reference/audittrail.h"
#include "core/storage/changebus.h"
#include "core/storage/localstore.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QTcpSocket>

#include <algorithm>

namespace Leadline {

namespace {

// The server's "pull now" hint (server step 5): one notification per statement that changes a
// synced table.
const QString changesChannel = QStringLiteral("leadline_changes");

// Rounds started by knocks after the port answers again, while the server may still be starting.
constexpr int probeGraceRetries = 4;

int countOf(const LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (query.exec(sql) && query.next())
        return query.value(0).toInt();
    return 0;
}

} // namespace

SyncWorker::SyncWorker(const QString &workspacePath, const ServerUrl &url,
                       const SyncSchedule &schedule)
    : m_path(workspacePath)
    , m_url(url)
    , m_schedule(schedule)
    , m_backoff(schedule.backoffInitialMs, schedule.backoffMaxMs)
{}

SyncWorker::~SyncWorker() = default;

void SyncWorker::begin()
{
    m_roundTimer = new QTimer(this);
    m_roundTimer->setSingleShot(true);
    connect(m_roundTimer, &QTimer::timeout, this, &SyncWorker::onRoundDue);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_schedule.pollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &SyncWorker::onPoll);
    m_probeTimer = new QTimer(this);
    m_probeTimer->setInterval(m_schedule.probeMs);
    connect(m_probeTimer, &QTimer::timeout, this, &SyncWorker::probe);
    m_probe = new QTcpSocket(this);
    connect(m_probe, &QTcpSocket::connected, this, [this] {
        m_probe->abort();
        // Only a link that was seen down and is back is news; a server that accepts
        // connections but fails rounds is left to the back-off, after a few knocks' grace
        // for one that is still starting up.
        if (m_status.state != SyncStatus::State::Offline)
            return;
        if (m_probeFoundDown || (m_probeRetries > 0 && m_probeRetries < probeGraceRetries)) {
            m_probeFoundDown = false;
            ++m_probeRetries;
            retryNow();
        }
    });
    connect(m_probe, &QTcpSocket::errorOccurred, this, [this] {
        m_probe->abort();
        m_probeFoundDown = true;
        m_probeRetries = 0;
    });

    auto store = LocalStore::openExisting(m_path); // the window opened (or created) it
    if (!store) {
        m_status.state = SyncStatus::State::Refused;
        m_status.message = store.message();
        publish();
        return;
    }
    m_store = std::move(store).value();
    connect(&m_store->changeBus(), &ChangeBus::changed, this, &SyncWorker::workspaceChanged);
    m_lastOutboxHead = outboxHead();
    m_pollTimer->start();
    schedule(0);
}

void SyncWorker::finish()
{
    if (m_roundTimer)
        m_roundTimer->stop();
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_probeTimer)
        m_probeTimer->stop();
    m_connection.reset();
    m_store.reset();
}

void SyncWorker::trigger()
{
    if (!m_store || m_status.state == SyncStatus::State::Offline)
        return; // the back-off timer decides when to knock again
    if (m_status.state == SyncStatus::State::Refused) {
        // A new version may be installed meanwhile; a refused password does not change by itself.
        if (!m_signInRefused)
            schedule(0);
        return;
    }
    scheduleSoon(m_schedule.debounceMs);
}

void SyncWorker::retryNow()
{
    if (m_store)
        schedule(0);
}

void SyncWorker::probe()
{
    // A knock still unanswered after a whole interval counts as down (a link that drops
    // packets never refuses); each interval knocks afresh.
    if (m_probe->state() != QAbstractSocket::UnconnectedState) {
        m_probe->abort();
        m_probeFoundDown = true;
    }
    m_probe->connectToHost(m_url.host, quint16(m_url.port));
}

void SyncWorker::schedule(int delayMs)
{
    m_roundTimer->start(delayMs);
}

void SyncWorker::scheduleSoon(int delayMs)
{
    // Brings a later round forward but never postpones one that is already due sooner, so a
    // burst of changes or notifications ends in one round.
    if (!m_roundTimer->isActive() || m_roundTimer->remainingTime() > delayMs)
        schedule(delayMs);
}

Status SyncWorker::openConnection()
{
    auto opened = ServerConnection::open(m_url);
    if (!opened)
        return opened.error();
    m_connection = std::move(opened).value();
    // The notification is a hint only: without it (a refused LISTEN) the interval still pulls.
    // The subscription lives and dies with this connection, so each reconnect subscribes again.
    QSqlDriver *driver = m_connection->database().driver();
    if (driver->subscribeToNotification(changesChannel))
        connect(driver, &QSqlDriver::notification, this, &SyncWorker::onServerNotification);
    return {};
}

bool SyncWorker::connectionLost() const
{
    // libpq notices a closed connection while reading notifications, between rounds.
    return m_connection && !m_connection->database().isOpen();
}

void SyncWorker::onServerNotification(const QString &name, QSqlDriver::NotificationSource source)
{
    // Our own pushes notify us too; a round for them would only read back what we wrote.
    if (name != changesChannel || source == QSqlDriver::SelfSource)
        return;
    // Offline, the back-off decides when to knock again; refused, an update is needed first.
    if (m_store && m_status.state == SyncStatus::State::Online)
        scheduleSoon(m_schedule.notifiedMs);
}

qint64 SyncWorker::outboxHead() const
{
    QSqlQuery query(m_store->database());
    if (query.exec(QStringLiteral("SELECT coalesce(max(seq), 0) FROM outbox")) && query.next())
        return query.value(0).toLongLong();
    return 0;
}

void SyncWorker::onPoll()
{
    // The server went away between rounds (restart, terminated backend): reconnect soon
    // rather than at the next interval, so the "pull now" hint is back quickly.
    if (m_status.state == SyncStatus::State::Online && connectionLost())
        scheduleSoon(m_schedule.debounceMs);
    const qint64 head = outboxHead();
    if (head == m_lastOutboxHead)
        return;
    m_lastOutboxHead = head;
    m_status.pending = countOf(*m_store, QStringLiteral("SELECT count(*) FROM outbox"));
    publish();
    trigger();
}

void SyncWorker::publish()
{
    if (m_store) {
        m_status.pending = countOf(*m_store, QStringLiteral("SELECT count(*) FROM outbox"));
        m_status.conflicts =
            countOf(*m_store, QStringLiteral("SELECT count(*) FROM conflicts WHERE resolved = 0"));
        m_status.rejected = countOf(*m_store, QStringLiteral("SELECT count(*) FROM outbox_rejected"));
    }
    emit statusChanged(m_status);
}

void SyncWorker::onRoundDue()
{
    if (!m_store)
        return;
    m_status.state = SyncStatus::State::Syncing;
    publish();

    Result<SyncReport> report = Error{};
    SyncFailure failure = SyncFailure::Unreachable;
    if (connectionLost())
        m_connection.reset();
    bool signInRefused = false;
    if (!m_connection) {
        if (auto opened = openConnection(); !opened) {
            report = opened.error();
            signInRefused = opened.error().field == ServerConnection::signInRefusedField();
        }
    }
    if (m_connection) {
        SyncRound round(*m_store, *m_connection);
        report = round.run();
        failure = round.failure();
    }

    m_signInRefused = signInRefused;
    if (report) {
        m_backoff.reset();
        m_probeTimer->stop();
        m_probeFoundDown = false;
        m_probeRetries = 0;
        m_status.state = SyncStatus::State::Online;
        m_status.message.clear();
        m_status.retryInMs = 0;
        m_status.lastSync = m_store->clock().now();
        m_status.feedWaiting = report->feedWaiting;
        m_lastOutboxHead = outboxHead();
        publish();
        // More may have been written while this round ran, or the feed is held back by an open
        // transaction; otherwise the server's notification (or the interval) starts the next.
        if (report->pending > 0)
            schedule(m_schedule.debounceMs);
        else if (report->feedWaiting)
            schedule(std::min(m_schedule.feedWaitingMs, m_schedule.intervalMs));
        else
            schedule(m_schedule.intervalMs);
        return;
    }

    m_status.message = report.message();
    if (signInRefused) {
        // Every refused attempt is in the audit log; none is retried on its own, so a wrong
        // saved password neither floods the log nor locks the account by knocking.
        const QJsonObject detail = {{QStringLiteral("login"), m_url.user},
                                    {QStringLiteral("reason"), report.message()}};
        if (auto recorded = AuditTrail(*m_store).record(QStringLiteral("failed_sign_in"),
                                                        QStringLiteral("agents"), QString(), detail);
            !recorded) {
            m_status.message += QLatin1Char('\n') + recorded.message();
        }
        m_status.state = SyncStatus::State::Refused;
        m_status.retryInMs = 0;
        publish();
        return; // new credentials start a new engine; "sync now" tries once more
    }
    if (failure == SyncFailure::VersionMismatch) {
        m_status.state = SyncStatus::State::Refused;
        m_status.retryInMs = 0;
        publish();
        return; // an update is needed; trigger() tries again on request
    }
    // Unreachable or broken: start over with a fresh connection after the back-off.
    m_connection.reset();
    m_status.state = SyncStatus::State::Offline;
    m_status.retryInMs = m_backoff.nextDelayMs();
    publish();
    schedule(int(m_status.retryInMs));
    if (failure == SyncFailure::Unreachable && !m_probeTimer->isActive())
        m_probeTimer->start();
}

} // namespace Leadline
