#include "manualtimers.h"

#include "core/domain/clock.h"

namespace Leadline {

ManualTimers::ManualTimers(FakeClock &clock)
    : m_clock(clock)
{}

Timers::Id ManualTimers::start(qint64 delayMs, std::function<void()> callback)
{
    const Id id = m_nextId++;
    m_pending.insert(id, {m_clock.nowMs() + qMax<qint64>(0, delayMs), std::move(callback)});
    return id;
}

void ManualTimers::cancel(Id id)
{
    m_pending.remove(id);
}

void ManualTimers::advance(qint64 ms)
{
    const qint64 target = m_clock.nowMs() + ms;
    for (;;) {
        // Earliest due first; ties in the order they were started (ids grow).
        auto next = m_pending.end();
        for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
            if (it->dueMs <= target && (next == m_pending.end() || it->dueMs < next->dueMs))
                next = it;
        }
        if (next == m_pending.end())
            break;
        Pending due = std::move(*next);
        m_pending.erase(next);
        m_clock.setNowMs(due.dueMs);
        due.callback();
    }
    m_clock.setNowMs(target);
}

} // namespace Leadline
