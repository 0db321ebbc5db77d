#pragma once

#include "timers.h"

#include <QMap>

#include <utility>

namespace Leadline {

class FakeClock;

/// Timers that fire only when a test moves the fake clock with advance(): deterministic call
/// timing without waiting.
class ManualTimers final : public Timers
{
public:
    explicit ManualTimers(FakeClock &clock);

    Id start(qint64 delayMs, std::function<void()> callback) override;
    void cancel(Id id) override;

    /// Moves the clock forward by ms, firing every timer that falls due on the way, in order,
    /// with the clock set to each one's due time.
    void advance(qint64 ms);
    int pendingCount() const { return int(m_pending.size()); }

private:
    struct Pending
    {
        qint64 dueMs;
        std::function<void()> callback;
    };
    FakeClock &m_clock;
    QMap<Id, Pending> m_pending;
    Id m_nextId = 1;
};

} // namespace Leadline
