#pragma once

#include "core/domain/clock.h"
#include "core/telephony/dialer.h"

#include <QStringList>

namespace Leadline::Test {

/// A dialer the test drives by hand: each event is emitted when the test says, stamped with
/// the fake clock. Hang-up behaves like baresip: the call closes "by user" at once.
class FakeDialer final : public Dialer
{
public:
    explicit FakeDialer(const Clock &clock, bool tracks = true) : m_clock(clock), m_tracks(tracks) {}

    QString kind() const override { return QStringLiteral("fake"); }
    bool tracksProgress() const override { return m_tracks; }
    Status dial(const QString &e164) override
    {
        if (!refusal.isEmpty())
            return Error{refusal};
        dialed.append(e164);
        active = true;
        return {};
    }
    void hangup() override
    {
        ++hangups;
        if (active)
            end(CallEnd::LocalHangup, QStringLiteral("Connection reset by user"));
    }

    void ring() { emit ringing(m_clock.nowMs()); }
    void answer() { emit answered(m_clock.nowMs()); }
    void end(CallEnd how, const QString &detail)
    {
        active = false;
        emit ended(how, detail, m_clock.nowMs());
    }

    QStringList dialed;
    QString refusal;
    int hangups = 0;
    bool active = false;

private:
    const Clock &m_clock;
    bool m_tracks;
};

} // namespace Leadline::Test
