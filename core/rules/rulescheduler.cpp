#include "rulescheduler.h"

#include "rulerunner.h"
#include "rulesweepworker.h"

#include <QMetaObject>

namespace Leadline {

RuleScheduler::RuleScheduler(const QString &workspacePath, QObject *parent)
    : QObject(parent)
    , m_worker(new RuleSweepWorker(workspacePath))
{
    qRegisterMetaType<Leadline::ChangeSet>();
    m_thread.setObjectName(QStringLiteral("leadline-rules"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RuleSweepWorker::swept, this, &RuleScheduler::onSwept);
    connect(m_worker, &RuleSweepWorker::workspaceChanged, this, &RuleScheduler::workspaceChanged);
    m_timer.setInterval(int(RuleRunner::sweepIntervalMs));
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RuleScheduler::sweepNow);
}

RuleScheduler::~RuleScheduler()
{
    stop();
    if (!m_thread.isRunning() && m_worker)
        delete m_worker;
}

void RuleScheduler::start()
{
    if (!m_running) {
        m_running = true;
        m_thread.start(QThread::LowPriority);
    }
    m_timer.start();
    sweepNow();
}

void RuleScheduler::stop()
{
    m_timer.stop();
    if (!m_running)
        return;
    m_running = false;
    m_worker->requestStop(); // a long first sweep does not hold the window's closing
    QMetaObject::invokeMethod(m_worker, &RuleSweepWorker::finish, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr; // deleted by the finished thread
}

void RuleScheduler::sweepNow()
{
    if (!m_running || m_sweeping)
        return;
    m_sweeping = true;
    QMetaObject::invokeMethod(m_worker, &RuleSweepWorker::sweep, Qt::QueuedConnection);
}

void RuleScheduler::onSwept(int applied, qint64 lateMs, const QString &message)
{
    m_sweeping = false;
    emit swept(applied, lateMs, message);
}

} // namespace Leadline
