#pragma once

#include <QtGlobal>

#include <functional>

namespace Leadline {

/// One-shot timers behind an interface, so call timing (ring timeout, wrap-up limit, the
/// simulated dialer's script) runs on Qt's event loop in the app and on a hand-moved clock in
/// tests.
class Timers
{
public:
    using Id = quint64;
    virtual ~Timers() = default;
    /// Runs callback once, delayMs from now; the returned id cancels it.
    virtual Id start(qint64 delayMs, std::function<void()> callback) = 0;
    /// Forgets a pending timer; unknown or fired ids are ignored.
    virtual void cancel(Id id) = 0;
};

} // namespace Leadline
