#include "syncworker.h"

#include "serverconnection.h"
#include "syncround.h"
#include "core/domain/clock.h"
#include "core/storage/localstore.h"

#include <QSqlQuery>

namespace Leadline {

namespace {

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

    auto store = LocalStore::open(m_path);
    if (!store) {
        m_status.state = SyncStatus::State::Refused;
        m_status.message = store.message();
        publish();
        return;
    }
    m_store = std::move(store).value();
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
    m_connection.reset();
    m_store.reset();
}

void SyncWorker::trigger()
{
    if (!m_store || m_status.state == SyncStatus::State::Offline)
        return; // the back-off timer decides when to knock again
    if (m_status.state == SyncStatus::State::Refused) {
        schedule(0);
        return;
    }
    if (!m_roundTimer->isActive() || m_roundTimer->remainingTime() > m_schedule.debounceMs)
        schedule(m_schedule.debounceMs);
}

void SyncWorker::retryNow()
{
    if (m_store)
        schedule(0);
}

void SyncWorker::schedule(int delayMs)
{
    m_roundTimer->start(delayMs);
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
    if (!m_connection) {
        auto opened = ServerConnection::open(m_url);
        if (opened)
            m_connection = std::move(opened).value();
        else
            report = opened.error();
    }
    if (m_connection) {
        SyncRound round(*m_store, *m_connection);
        report = round.run();
        failure = round.failure();
    }

    if (report) {
        m_backoff.reset();
        m_status.state = SyncStatus::State::Online;
        m_status.message.clear();
        m_status.retryInMs = 0;
        m_status.lastSync = m_store->clock().now();
        m_status.feedWaiting = report->feedWaiting;
        m_lastOutboxHead = outboxHead();
        publish();
        if (report->pulled > 0)
            emit remoteChangesApplied(report->pulled);
        // More may have been written while this round ran; otherwise poll the server.
        schedule(report->pending > 0 ? m_schedule.debounceMs : m_schedule.intervalMs);
        return;
    }

    m_status.message = report.message();
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
}

} // namespace Leadline
