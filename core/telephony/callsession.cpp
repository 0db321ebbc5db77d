#include "callsession.h"

#include "core/domain/clock.h"

namespace Leadline {

CallSession::CallSession(Dialer &dialer, Timers &timers, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_dialer(dialer)
    , m_timers(timers)
    , m_clock(clock)
{
    connect(&m_dialer, &Dialer::ringing, this, &CallSession::onRinging);
    connect(&m_dialer, &Dialer::answered, this, &CallSession::onAnswered);
    connect(&m_dialer, &Dialer::ended, this, &CallSession::onEnded);
}

QString CallSession::stateLabel(State state)
{
    switch (state) {
    case State::Idle:
        return tr("Idle");
    case State::Dialing:
        return tr("Dialing");
    case State::Ringing:
        return tr("Ringing");
    case State::Connected:
        return tr("Connected");
    case State::WrapUp:
        return tr("Wrap-up");
    case State::Logged:
        return tr("Logged");
    case State::Failed:
        return tr("Failed");
    case State::Busy:
        return tr("Busy");
    case State::NoAnswer:
        return tr("No answer");
    case State::Rejected:
        return tr("Rejected");
    case State::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

bool CallSession::isActive() const
{
    return m_state == State::Dialing || m_state == State::Ringing || m_state == State::Connected;
}

bool CallSession::awaitsLog() const
{
    return !isActive() && m_state != State::Idle && m_state != State::Logged;
}

Status CallSession::dial(const QString &e164)
{
    if (m_state != State::Idle && m_state != State::Logged) {
        return Error{isActive() ? tr("A call is already in progress.")
                                : tr("Log the previous call before dialing again.")};
    }
    if (auto placed = m_dialer.dial(e164); !placed)
        return placed;
    m_number = e164;
    m_detail.clear();
    m_startedAt = m_clock.nowMs();
    m_ringingAt.reset();
    m_connectedAt.reset();
    m_endedAt.reset();
    m_ringTimedOut = false;
    m_manualOutcome = !m_dialer.tracksProgress();
    if (!m_manualOutcome) {
        m_ringTimer = m_timers.start(m_settings.ringTimeoutMs, [this] {
            m_ringTimer.reset();
            m_ringTimedOut = true;
            m_dialer.hangup();
        });
    }
    setState(State::Dialing);
    return {};
}

void CallSession::hangup()
{
    if (isActive())
        m_dialer.hangup();
}

void CallSession::markLogged()
{
    if (!awaitsLog())
        return;
    stopTimer(m_wrapUpTimer);
    setState(State::Logged);
}

void CallSession::onRinging(qint64 atMs)
{
    if (m_state != State::Dialing)
        return;
    m_ringingAt = atMs;
    setState(State::Ringing);
}

void CallSession::onAnswered(qint64 atMs)
{
    if (m_state != State::Dialing && m_state != State::Ringing)
        return;
    stopTimer(m_ringTimer);
    m_connectedAt = atMs;
    setState(State::Connected);
}

void CallSession::onEnded(CallEnd how, const QString &detail, qint64 atMs)
{
    if (!isActive())
        return;
    stopTimer(m_ringTimer);
    m_endedAt = atMs;
    m_detail = detail;
    State next = State::Failed;
    if (m_connectedAt || m_manualOutcome) {
        next = State::WrapUp;
    } else {
        switch (how) {
        case CallEnd::LocalHangup:
            next = m_ringTimedOut ? State::NoAnswer : State::Cancelled;
            break;
        case CallEnd::NoAnswer:
            next = State::NoAnswer;
            break;
        case CallEnd::Busy:
            next = State::Busy;
            break;
        case CallEnd::Rejected:
        case CallEnd::RemoteHangup:
            next = State::Rejected;
            break;
        case CallEnd::Failed:
            next = State::Failed;
            break;
        }
    }
    m_wrapUpTimer = m_timers.start(m_settings.wrapUpMaxMs, [this] {
        m_wrapUpTimer.reset();
        emit wrapUpExpired();
    });
    setState(next);
}

int CallSession::durationSeconds() const
{
    if (!m_connectedAt || !m_endedAt)
        return 0;
    return int((*m_endedAt - *m_connectedAt + 500) / 1000);
}

QString CallSession::outcome() const
{
    if (m_manualOutcome)
        return QStringLiteral("manual");
    if (m_connectedAt)
        return QStringLiteral("connected");
    switch (m_state) {
    case State::Busy:
        return QStringLiteral("busy");
    case State::NoAnswer:
        return QStringLiteral("no_answer");
    case State::Rejected:
        return QStringLiteral("rejected");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    case State::Failed:
        return QStringLiteral("failed");
    default:
        return {};
    }
}

qint64 CallSession::elapsedMs() const
{
    const qint64 now = m_clock.nowMs();
    switch (m_state) {
    case State::Idle:
    case State::Logged:
        return 0;
    case State::Dialing:
    case State::Ringing:
        return now - m_startedAt;
    case State::Connected:
        return now - *m_connectedAt;
    default:
        return m_endedAt ? now - *m_endedAt : 0;
    }
}

bool CallSession::wrapUpOverrun() const
{
    return awaitsLog() && m_endedAt && m_clock.nowMs() - *m_endedAt >= m_settings.wrapUpMaxMs;
}

void CallSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void CallSession::stopTimer(std::optional<Timers::Id> &timer)
{
    if (timer) {
        m_timers.cancel(*timer);
        timer.reset();
    }
}

} // namespace Leadline
