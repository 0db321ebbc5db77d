#include "syncengine.h"

#include <QMetaObject>
#include <QNetworkInformation>

namespace Leadline {

SyncEngine::SyncEngine(const QString &workspacePath, const ServerUrl &url,
                       const SyncSchedule &schedule, QObject *parent)
    : QObject(parent)
    , m_worker(new SyncWorker(workspacePath, url, schedule))
{
    qRegisterMetaType<Leadline::SyncStatus>();
    m_thread.setObjectName(QStringLiteral("leadline-sync"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::statusChanged, this, &SyncEngine::onStatusChanged);
    connect(m_worker, &SyncWorker::workspaceChanged, this, &SyncEngine::workspaceChanged);

    // When the system reports the network back, do not wait for the back-off.
    if (QNetworkInformation::loadDefaultBackend() && QNetworkInformation::instance()) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                &SyncEngine::onReachabilityChanged);
    }
}

void SyncEngine::onReachabilityChanged(QNetworkInformation::Reachability reachability)
{
    if (reachability == QNetworkInformation::Reachability::Online
        || reachability == QNetworkInformation::Reachability::Site) {
        retryNow();
    }
}

SyncEngine::~SyncEngine()
{
    stop();
    if (!m_thread.isRunning() && m_worker)
        delete m_worker;
}

void SyncEngine::start()
{
    if (m_running)
        return;
    m_running = true;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::begin, Qt::QueuedConnection);
}

void SyncEngine::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(m_worker, &SyncWorker::finish, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr; // deleted by the finished thread
}

void SyncEngine::requestSync()
{
    if (m_running)
        QMetaObject::invokeMethod(m_worker, &SyncWorker::trigger, Qt::QueuedConnection);
}

void SyncEngine::retryNow()
{
    if (m_running)
        QMetaObject::invokeMethod(m_worker, &SyncWorker::retryNow, Qt::QueuedConnection);
}

void SyncEngine::onStatusChanged(const SyncStatus &status)
{
    m_status = status;
    emit statusChanged(status);
}

} // namespace Leadline
