#include <catch2/catch.hpp>

#include "fakedialer.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"

using namespace Leadline;
using Leadline::Test::FakeDialer;
using State = CallSession::State;

namespace {

constexpr qint64 start = 1772413200000LL; // 2026-03-02 01:00 UTC
const QString number = QStringLiteral("+8613800138000");

struct Rig
{
    FakeClock clock{start};
    ManualTimers timers{clock};
    FakeDialer dialer{clock};
    CallSession session{dialer, timers, clock};
    QList<State> seen;

    Rig()
    {
        QObject::connect(&session, &CallSession::stateChanged, &session,
                         [this](State s) { seen.append(s); });
    }
};

} // namespace

TEST_CASE("An answered call runs idle → dialing → ringing → connected → wrap-up → logged",
          "[callsession]")
{
    GIVEN("an idle session")
    {
        Rig rig;
        REQUIRE(rig.session.state() == State::Idle);
        WHEN("the agent dials, it rings after 1.2 s, is answered 3 s later and the agent hangs "
             "up after 62.4 s of talk")
        {
            REQUIRE(rig.session.dial(number).ok());
            REQUIRE(rig.dialer.dialed == QStringList{number});
            rig.timers.advance(1200);
            rig.dialer.ring();
            rig.timers.advance(3000);
            REQUIRE(rig.session.elapsedMs() == 4200); // the live timer counts ringing time
            rig.dialer.answer();
            rig.timers.advance(62400);
            REQUIRE(rig.session.elapsedMs() == 62400); // then talk time
            rig.session.hangup();

            THEN("the session waits in wrap-up with the times the dialer reported")
            {
                CHECK(rig.seen == QList<State>{State::Dialing, State::Ringing, State::Connected, State::WrapUp});
                CHECK(rig.session.startedAt() == start);
                CHECK(*rig.session.connectedAt() == start + 4200);
                CHECK(*rig.session.endedAt() == start + 66600);
                CHECK(rig.session.durationSeconds() == 62);
                CHECK(rig.session.outcome() == QLatin1String("connected"));
                CHECK(rig.session.awaitsLog());
            }
            AND_WHEN("the agent logs it")
            {
                rig.timers.advance(15000);
                CHECK(rig.session.elapsedMs() == 15000); // wrap-up time
                rig.session.markLogged();
                THEN("it is logged and a new call may be dialed")
                {
                    CHECK(rig.session.state() == State::Logged);
                    CHECK(rig.timers.pendingCount() == 0);
                    CHECK(rig.session.dial(number).ok());
                }
            }
        }
    }
}

TEST_CASE("The customer hanging up also ends in wrap-up with the talk time", "[callsession]")
{
    Rig rig;
    REQUIRE(rig.session.dial(number).ok());
    rig.dialer.ring();
    rig.timers.advance(2000);
    rig.dialer.answer();
    rig.timers.advance(30000);
    rig.dialer.end(CallEnd::RemoteHangup, QStringLiteral("Connection reset by peer"));
    CHECK(rig.session.state() == State::WrapUp);
    CHECK(rig.session.durationSeconds() == 30);
    CHECK(rig.session.detail() == QLatin1String("Connection reset by peer"));
}

TEST_CASE("Unanswered endings: busy, rejected, failed, cancelled", "[callsession]")
{
    Rig rig;
    REQUIRE(rig.session.dial(number).ok());

    SECTION("busy")
    {
        rig.timers.advance(800);
        rig.dialer.end(CallEnd::Busy, QStringLiteral("486 Busy Here"));
        CHECK(rig.session.state() == State::Busy);
        CHECK(rig.session.outcome() == QLatin1String("busy"));
    }
    SECTION("rejected while ringing")
    {
        rig.dialer.ring();
        rig.timers.advance(4000);
        rig.dialer.end(CallEnd::Rejected, QStringLiteral("486 Rejected"));
        CHECK(rig.session.state() == State::Rejected);
        CHECK(rig.session.outcome() == QLatin1String("rejected"));
    }
    SECTION("failed")
    {
        rig.dialer.end(CallEnd::Failed, QStringLiteral("Connection refused"));
        CHECK(rig.session.state() == State::Failed);
        CHECK(rig.session.outcome() == QLatin1String("failed"));
    }
    SECTION("cancelled by the agent while it rings")
    {
        rig.dialer.ring();
        rig.timers.advance(5000);
        rig.session.hangup();
        CHECK(rig.session.state() == State::Cancelled);
        CHECK(rig.session.outcome() == QLatin1String("cancelled"));
    }
    CHECK(rig.session.durationSeconds() == 0);
    CHECK_FALSE(rig.session.connectedAt().has_value());
    CHECK(rig.session.awaitsLog());
    CHECK(rig.session.dial(number).message() == QLatin1String("Log the previous call before dialing again."));
    rig.session.markLogged();
    CHECK(rig.session.state() == State::Logged);
}

TEST_CASE("The app's ring timeout hangs up after 45 s and ends as no answer", "[callsession]")
{
    Rig rig;
    REQUIRE(rig.session.dial(number).ok());
    rig.dialer.ring();
    rig.timers.advance(44999);
    CHECK(rig.session.state() == State::Ringing);
    CHECK(rig.dialer.hangups == 0);
    rig.timers.advance(1);
    CHECK(rig.dialer.hangups == 1);
    CHECK(rig.session.state() == State::NoAnswer);
    CHECK(rig.session.outcome() == QLatin1String("no_answer"));
    CHECK(*rig.session.endedAt() == start + 45000);
}

TEST_CASE("The ring timeout is configurable and stops once the call is answered", "[callsession]")
{
    Rig rig;
    rig.session.setSettings({20000, 60000});
    REQUIRE(rig.session.dial(number).ok());
    rig.timers.advance(19000);
    rig.dialer.answer();
    rig.timers.advance(120000);
    CHECK(rig.dialer.hangups == 0);
    CHECK(rig.session.state() == State::Connected);
    CHECK(rig.session.elapsedMs() == 120000);
}

TEST_CASE("Wrap-up past its maximum is flagged once", "[callsession]")
{
    Rig rig;
    rig.session.setSettings({45000, 30000});
    int expired = 0;
    QObject::connect(&rig.session, &CallSession::wrapUpExpired, &rig.session, [&] { ++expired; });
    REQUIRE(rig.session.dial(number).ok());
    rig.dialer.answer();
    rig.timers.advance(10000);
    rig.session.hangup();
    rig.timers.advance(29999);
    CHECK(expired == 0);
    CHECK_FALSE(rig.session.wrapUpOverrun());
    rig.timers.advance(1);
    CHECK(expired == 1);
    CHECK(rig.session.wrapUpOverrun());
    rig.timers.advance(60000);
    CHECK(expired == 1);
}

TEST_CASE("A refused dial leaves the session idle with the dialer's reason", "[callsession]")
{
    Rig rig;
    rig.dialer.refusal = QStringLiteral("baresip is not running");
    const Status dialed = rig.session.dial(number);
    CHECK(dialed.message() == QLatin1String("baresip is not running"));
    CHECK(rig.session.state() == State::Idle);
    CHECK(rig.seen.isEmpty());
    CHECK(rig.timers.pendingCount() == 0);
}

TEST_CASE("Events after the call ended and a second dial during a call are ignored",
          "[callsession]")
{
    Rig rig;
    REQUIRE(rig.session.dial(number).ok());
    CHECK(rig.session.dial(number).message() == QLatin1String("A call is already in progress."));
    rig.dialer.end(CallEnd::Busy, QStringLiteral("486 Busy Here"));
    rig.dialer.answer();
    rig.dialer.ring();
    CHECK(rig.session.state() == State::Busy);
    CHECK_FALSE(rig.session.connectedAt().has_value());
}

TEST_CASE("A dialer that cannot see the call leaves the outcome to the agent", "[callsession]")
{
    FakeClock clock{start};
    ManualTimers timers{clock};
    FakeDialer dialer{clock, false};
    CallSession session{dialer, timers, clock};
    REQUIRE(session.dial(number).ok());
    timers.advance(120000);
    CHECK(session.state() == State::Dialing); // no ring timeout: nothing to time
    CHECK(dialer.hangups == 0);
    session.hangup();
    CHECK(session.state() == State::WrapUp);
    CHECK(session.outcome() == QLatin1String("manual"));
    CHECK(session.durationSeconds() == 0);
}
