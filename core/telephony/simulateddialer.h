#pragma once

#include "dialer.h"
#include "timers.h"

#include <QList>

namespace Leadline {

class Clock;

/// A dialer for training, demos and tests: no network, and the same number with the same seed
/// always plays out the same way. The last digit of the number picks the script:
/// 0 busy, 7 failed (number not in service), 8 rejected while ringing, 9 never answered;
/// any other digit rings and is answered after 2–8 s, and the customer hangs up after
/// 20–299 s unless the agent hangs up first (both chosen from the seed and the number).
class SimulatedDialer final : public Dialer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedDialer)

public:
    /// The script one number follows; times in ms from the dial.
    struct Plan
    {
        qint64 ringAtMs = -1;   ///< -1: never rings
        qint64 answerAtMs = -1; ///< -1: never answered
        qint64 endAtMs = -1;    ///< -1: only the agent ends it
        CallEnd end = CallEnd::RemoteHangup;
        QString detail;
    };

    SimulatedDialer(Timers &timers, const Clock &clock, quint32 seed = 1, QObject *parent = nullptr);

    QString kind() const override { return QStringLiteral("simulated"); }
    Status dial(const QString &e164) override;
    void hangup() override;

    /// The script for a number under a seed (what dial() will play).
    static Plan planFor(quint32 seed, const QString &e164);

private:
    void schedule(qint64 delayMs, std::function<void()> step);
    void finish(CallEnd how, const QString &detail);

    Timers &m_timers;
    const Clock &m_clock;
    quint32 m_seed;
    bool m_active = false;
    QList<Timers::Id> m_pending;
};

} // namespace Leadline
