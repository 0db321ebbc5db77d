#include "waketimer.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace Leadline {

QtWakeTimer::QtWakeTimer()
    : m_timer(std::make_unique<QTimer>())
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] {
        if (m_callback)
            m_callback();
    });
}

QtWakeTimer::~QtWakeTimer() = default;

void QtWakeTimer::setCallback(std::function<void()> callback)
{
    m_callback = std::move(callback);
}

void QtWakeTimer::arm(qint64 delayMs)
{
    const qint64 bounded = std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max());
    m_timer->start(int(bounded));
}

void QtWakeTimer::disarm()
{
    m_timer->stop();
}

} // namespace Leadline
