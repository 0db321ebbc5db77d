#pragma once

#include <QObject>
#include <QTimer>

namespace Leadline {

class RuleRunner;

/// Runs the time rules at start-up and every five minutes (RuleRunner::sweepIntervalMs). A
/// sweep after sleep or offline time catches up by itself: conditions read the clock, and the
/// runner records how late the sweep ran.
class RuleScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleScheduler)

public:
    explicit RuleScheduler(RuleRunner &runner, QObject *parent = nullptr);

    /// Sweeps once now (on the next turn of the event loop) and then every interval.
    void start();
    void stop();

signals:
    /// A sweep ended; message is empty on success.
    void swept(int applied, qint64 lateMs, const QString &message);

private:
    void sweepNow();

    RuleRunner &m_runner;
    QTimer m_timer;
};

} // namespace Leadline
