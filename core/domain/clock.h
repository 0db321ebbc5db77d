#pragma once

#include <QDateTime>
#include <QtGlobal>

namespace Leadline {

/// The source of "now" for everything that schedules or stamps; tests substitute a FakeClock.
class Clock
{
public:
    virtual ~Clock() = default;
    /// Milliseconds since the epoch, UTC.
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    /// The process-wide system clock.
    static const Clock &instance();
};

/// A clock that only moves when told to.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(qint64 startMs = 0) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now; }
    void setNowMs(qint64 ms) { m_now = ms; }
    void advanceMs(qint64 ms) { m_now += ms; }

private:
    qint64 m_now;
};

} // namespace Leadline
