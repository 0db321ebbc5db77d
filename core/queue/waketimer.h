#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

class QTimer;

namespace Leadline {

/// Wakes a scheduler after a delay. The default one wraps a QTimer; tests substitute one they
/// fire by hand, together with a FakeClock, so they can move time.
class WakeTimer
{
public:
    virtual ~WakeTimer() = default;
    /// What to run when the timer fires.
    virtual void setCallback(std::function<void()> callback) = 0;
    /// Fires once after delayMs (replacing any earlier arming).
    virtual void arm(qint64 delayMs) = 0;
    virtual void disarm() = 0;
};

/// A WakeTimer on a precise single-shot QTimer in the calling thread.
class QtWakeTimer final : public WakeTimer
{
public:
    QtWakeTimer();
    ~QtWakeTimer() override;
    QtWakeTimer(const QtWakeTimer &) = delete;
    QtWakeTimer &operator=(const QtWakeTimer &) = delete;

    void setCallback(std::function<void()> callback) override;
    void arm(qint64 delayMs) override;
    void disarm() override;

private:
    std::unique_ptr<QTimer> m_timer;
    std::function<void()> m_callback;
};

} // namespace Leadline
