#include "rulescheduler.h"

#include "rulerunner.h"

namespace Leadline {

RuleScheduler::RuleScheduler(RuleRunner &runner, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
{
    m_timer.setInterval(int(RuleRunner::sweepIntervalMs));
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RuleScheduler::sweepNow);
}

void RuleScheduler::start()
{
    m_timer.start();
    QTimer::singleShot(0, this, &RuleScheduler::sweepNow);
}

void RuleScheduler::stop()
{
    m_timer.stop();
}

void RuleScheduler::sweepNow()
{
    auto report = m_runner.sweep();
    if (!report) {
        emit swept(0, 0, report.message());
        return;
    }
    emit swept(report->applied, report->lateMs, QString());
}

} // namespace Leadline
