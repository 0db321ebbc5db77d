#include "qttimers.h"

#include <QTimer>

namespace Leadline {

QtTimers::QtTimers(QObject *parent)
    : QObject(parent)
{}

QtTimers::~QtTimers()
{
    qDeleteAll(m_timers);
}

Timers::Id QtTimers::start(qint64 delayMs, std::function<void()> callback)
{
    const Id id = m_nextId++;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    timer->setInterval(std::chrono::milliseconds(qMax<qint64>(0, delayMs)));
    connect(timer, &QTimer::timeout, this, [this, id, callback = std::move(callback)] {
        if (QTimer *fired = m_timers.take(id))
            fired->deleteLater();
        callback();
    });
    m_timers.insert(id, timer);
    timer->start();
    return id;
}

void QtTimers::cancel(Id id)
{
    if (QTimer *timer = m_timers.take(id)) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace Leadline
