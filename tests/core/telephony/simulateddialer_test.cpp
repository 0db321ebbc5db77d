#include <catch2/catch.hpp>

#include "core/domain/clock.h"
#include "core/telephony/baresipdialer.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"
#include "core/telephony/netstring.h"
#include "core/telephony/simulateddialer.h"

using namespace Leadline;
using State = CallSession::State;

namespace {

constexpr qint64 start = 1772413200000LL;

/// Dials a number and lets the simulated call play out for up to 10 minutes, hanging up when
/// the app's ring timeout says so. Returns the states seen and the session's facts.
struct Played
{
    QList<State> states;
    qint64 connectedAfterMs = -1;
    qint64 endedAfterMs = -1;
    QString outcome;
};

Played play(quint32 seed, const QString &number)
{
    FakeClock clock{start};
    ManualTimers timers{clock};
    SimulatedDialer dialer{timers, clock, seed};
    CallSession session{dialer, timers, clock};
    Played played;
    QObject::connect(&session, &CallSession::stateChanged, &session,
                     [&](State s) { played.states.append(s); });
    REQUIRE(session.dial(number).ok());
    timers.advance(600000);
    if (session.connectedAt())
        played.connectedAfterMs = *session.connectedAt() - start;
    if (session.endedAt())
        played.endedAfterMs = *session.endedAt() - start;
    played.outcome = session.outcome();
    return played;
}

} // namespace

TEST_CASE("The simulated dialer plays the same call the same way for a seed and number",
          "[simulateddialer]")
{
    // FNV-1a of "8613800138001" with seed 1 is 344801445: answered after 1 s + 1 s + 344801445
    // mod 7 (= 2) s = 4 s, hung up by the customer (344801445 / 7) mod 280 (= 29) + 20 s later.
    const Played first = play(1, QStringLiteral("+8613800138001"));
    CHECK(first.states == QList<State>{State::Dialing, State::Ringing, State::Connected, State::WrapUp});
    CHECK(first.connectedAfterMs == 4000);
    CHECK(first.endedAfterMs == 53000);
    CHECK(first.outcome == QLatin1String("connected"));

    const Played again = play(1, QStringLiteral("+8613800138001"));
    CHECK(again.states == first.states);
    CHECK(again.connectedAfterMs == first.connectedAfterMs);
    CHECK(again.endedAfterMs == first.endedAfterMs);

    // Seed 42: hash 190509556 → answered at 8 s, ended at 238 s.
    const Played otherSeed = play(42, QStringLiteral("+8613800138001"));
    CHECK(otherSeed.connectedAfterMs == 8000);
    CHECK(otherSeed.endedAfterMs == 238000);
}

TEST_CASE("The simulated dialer's last digit picks busy, failed, rejected or no answer",
          "[simulateddialer]")
{
    const Played busy = play(7, QStringLiteral("+8613800138000"));
    CHECK(busy.states == QList<State>{State::Dialing, State::Busy});
    CHECK(busy.endedAfterMs == 1000);

    const Played failed = play(7, QStringLiteral("+8613800138007"));
    CHECK(failed.states == QList<State>{State::Dialing, State::Failed});

    const Played rejected = play(7, QStringLiteral("+8613800138008"));
    CHECK(rejected.states == QList<State>{State::Dialing, State::Ringing, State::Rejected});
    CHECK(rejected.endedAfterMs == 5000);

    const Played unanswered = play(7, QStringLiteral("+8613800138009"));
    CHECK(unanswered.states == QList<State>{State::Dialing, State::Ringing, State::NoAnswer});
    CHECK(unanswered.endedAfterMs == 45000); // the app's ring timeout, not the dialer
    CHECK(unanswered.outcome == QLatin1String("no_answer"));
}

TEST_CASE("baresip's CALL_CLOSED reasons map to call endings", "[baresip]")
{
    CHECK(BaresipDialer::endingFor(QStringLiteral("Connection reset by user")) == CallEnd::LocalHangup);
    CHECK(BaresipDialer::endingFor(QStringLiteral("Connection reset by peer")) == CallEnd::RemoteHangup);
    CHECK(BaresipDialer::endingFor(QStringLiteral("486 Rejected")) == CallEnd::Rejected);
    CHECK(BaresipDialer::endingFor(QStringLiteral("486 Busy Here")) == CallEnd::Busy);
    CHECK(BaresipDialer::endingFor(QStringLiteral("603 Decline")) == CallEnd::Rejected);
    CHECK(BaresipDialer::endingFor(QStringLiteral("480 Temporarily Unavailable")) == CallEnd::NoAnswer);
    CHECK(BaresipDialer::endingFor(QStringLiteral("Connection refused")) == CallEnd::Failed);
    CHECK(BaresipDialer::endingFor(QStringLiteral("Connection timed out")) == CallEnd::Failed);
}

TEST_CASE("Netstring frames split across reads and glued together", "[baresip]")
{
    CHECK(Netstring::encode("{\"a\":1}") == QByteArray("7:{\"a\":1},"));
    QByteArray buffer("7:{\"a\":1},5:he");
    CHECK(*Netstring::take(buffer) == QByteArray("{\"a\":1}"));
    CHECK_FALSE(Netstring::take(buffer).has_value());
    buffer.append("llo,");
    CHECK(*Netstring::take(buffer) == QByteArray("hello"));
    CHECK(buffer.isEmpty());
    bool malformed = false;
    QByteArray bad("x1:a,");
    CHECK_FALSE(Netstring::take(bad, &malformed).has_value());
    CHECK(malformed);
    CHECK(bad.isEmpty());
}
