#include "simulateddialer.h"

#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"

namespace Leadline {

namespace {

// FNV-1a: stable across runs and platforms (qHash is seeded per process).
quint32 stableHash(quint32 seed, const QString &text)
{
    quint32 hash = 2166136261u ^ seed;
    const QByteArray bytes = text.toUtf8();
    for (const char c : bytes) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return hash;
}

} // namespace

SimulatedDialer::SimulatedDialer(Timers &timers, const Clock &clock, quint32 seed, QObject *parent)
    : Dialer(parent)
    , m_timers(timers)
    , m_clock(clock)
    , m_seed(seed)
{}

SimulatedDialer::Plan SimulatedDialer::planFor(quint32 seed, const QString &e164)
{
    const QString digits = PhoneNumbers::digitsOnly(e164);
    const QChar last = digits.isEmpty() ? QLatin1Char('1') : digits.back();
    const quint32 hash = stableHash(seed, digits);
    Plan plan;
    switch (last.toLatin1()) {
    case '0':
        plan.endAtMs = 1000;
        plan.end = CallEnd::Busy;
        plan.detail = QStringLiteral("486 Busy Here");
        break;
    case '7':
        plan.endAtMs = 1000;
        plan.end = CallEnd::Failed;
        plan.detail = QStringLiteral("404 Not Found");
        break;
    case '8':
        plan.ringAtMs = 1000;
        plan.endAtMs = 5000;
        plan.end = CallEnd::Rejected;
        plan.detail = QStringLiteral("603 Decline");
        break;
    case '9':
        plan.ringAtMs = 1000;
        break;
    default:
        plan.ringAtMs = 1000;
        plan.answerAtMs = plan.ringAtMs + 1000 + qint64(hash % 7) * 1000;
        plan.endAtMs = plan.answerAtMs + 20000 + qint64((hash / 7) % 280) * 1000;
        plan.end = CallEnd::RemoteHangup;
        plan.detail = QStringLiteral("Connection reset by peer");
        break;
    }
    return plan;
}

Status SimulatedDialer::dial(const QString &e164)
{
    if (m_active)
        return Error{tr("A call is already in progress.")};
    if (PhoneNumbers::digitsOnly(e164).isEmpty())
        return Error{tr("There is no number to dial.")};
    m_active = true;
    const Plan plan = planFor(m_seed, e164);
    if (plan.ringAtMs >= 0)
        schedule(plan.ringAtMs, [this] { emit ringing(m_clock.nowMs()); });
    if (plan.answerAtMs >= 0)
        schedule(plan.answerAtMs, [this] { emit answered(m_clock.nowMs()); });
    if (plan.endAtMs >= 0)
        schedule(plan.endAtMs, [this, plan] { finish(plan.end, plan.detail); });
    return {};
}

void SimulatedDialer::hangup()
{
    if (m_active)
        finish(CallEnd::LocalHangup, QStringLiteral("Connection reset by user"));
}

void SimulatedDialer::schedule(qint64 delayMs, std::function<void()> step)
{
    m_pending.append(m_timers.start(delayMs, std::move(step)));
}

void SimulatedDialer::finish(CallEnd how, const QString &detail)
{
    for (const Timers::Id id : std::as_const(m_pending))
        m_timers.cancel(id);
    m_pending.clear();
    m_active = false;
    emit ended(how, detail, m_clock.nowMs());
}

} // namespace Leadline
