#pragma once

#include "dialer.h"
#include "timers.h"

#include <QObject>

#include <optional>

namespace Leadline {

class Clock;

/// One call attempt from dial to logged: idle → dialing → ringing → connected → wrap-up →
/// logged, or an ending (failed, busy, no answer, rejected, cancelled) that is then logged.
/// Times come from the dialer's events; the session enforces the ring timeout (the network may
/// ring forever) and measures wrap-up against its maximum.
class CallSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallSession)

public:
    enum class State {
        Idle,
        Dialing,
        Ringing,
        Connected,
        WrapUp,
        Logged,
        Failed,
        Busy,
        NoAnswer,
        Rejected,
        Cancelled,
    };
    Q_ENUM(State)

    struct Settings
    {
        qint64 ringTimeoutMs = 45000;
        qint64 wrapUpMaxMs = 120000;
    };

    CallSession(Dialer &dialer, Timers &timers, const Clock &clock, QObject *parent = nullptr);

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    Dialer &dialer() const { return m_dialer; }

    /// Dials a number (from idle or after the previous call was logged). An error leaves the
    /// session idle: nothing was dialed and nothing is to be logged.
    Status dial(const QString &e164);
    /// Hangs up (connected) or cancels (dialing/ringing).
    void hangup();
    /// The agent saved the call: wrap-up or an ending becomes logged.
    void markLogged();

    State state() const { return m_state; }
    static QString stateLabel(State state);
    /// Dialing, ringing or connected.
    bool isActive() const;
    /// The call is over and waits for its disposition.
    bool awaitsLog() const;

    QString number() const { return m_number; }
    qint64 startedAt() const { return m_startedAt; }
    std::optional<qint64> connectedAt() const { return m_connectedAt; }
    std::optional<qint64> endedAt() const { return m_endedAt; }
    /// Talk time in whole seconds (rounded), from answered to ended; 0 if never answered.
    int durationSeconds() const;
    /// The outcome stored with the call: connected, busy, no_answer, rejected, failed,
    /// cancelled, or manual when the dialer cannot see the call.
    QString outcome() const;
    /// The dialer's reason text for the ending.
    QString detail() const { return m_detail; }
    /// The live timer: ringing time while it rings, talk time while connected, wrap-up time
    /// after the call.
    qint64 elapsedMs() const;
    /// Wrap-up has lasted longer than the maximum.
    bool wrapUpOverrun() const;

signals:
    /// The session moved to a new state.
    void stateChanged(Leadline::CallSession::State state);
    /// Wrap-up reached its maximum without the call being logged.
    void wrapUpExpired();

private:
    void onRinging(qint64 atMs);
    void onAnswered(qint64 atMs);
    void onEnded(CallEnd how, const QString &detail, qint64 atMs);
    void setState(State state);
    void stopTimer(std::optional<Timers::Id> &timer);

    Dialer &m_dialer;
    Timers &m_timers;
    const Clock &m_clock;
    Settings m_settings;
    State m_state = State::Idle;
    QString m_number;
    QString m_detail;
    qint64 m_startedAt = 0;
    std::optional<qint64> m_ringingAt;
    std::optional<qint64> m_connectedAt;
    std::optional<qint64> m_endedAt;
    bool m_ringTimedOut = false;
    bool m_manualOutcome = false;
    std::optional<Timers::Id> m_ringTimer;
    std::optional<Timers::Id> m_wrapUpTimer;
};

} // namespace Leadline
