#include <catch2/catch.hpp>

#include "baresipprocess.h"
#include "tests/support/testworkspace.h"
#include "core/domain/clock.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/telephony/baresipdialer.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/qttimers.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Leadline;
using Leadline::Test::BaresipProcess;
using Leadline::Test::TestWorkspace;
using State = CallSession::State;

namespace {

// Bounds for waiting on real processes; generous, since a loaded machine is slow, and never
// part of what is asserted.
constexpr int eventWaitMs = 15000;

bool waitForState(const CallSession &session, State state)
{
    return QTest::qWaitFor([&] { return session.state() == state; }, eventWaitMs);
}

struct Line
{
    BaresipDialer dialer;
    QtTimers timers;
    CallSession session;

    explicit Line(quint16 controlPort)
        : dialer(SystemClock::instance(), QStringLiteral("127.0.0.1"), controlPort)
        , session(dialer, timers, SystemClock::instance())
    {
        dialer.connectToBaresip();
        (void)QTest::qWaitFor([this] { return dialer.isControlConnected(); }, eventWaitMs);
    }
};

} // namespace

TEST_CASE("The baresip dialer drives a real baresip: answered, cancelled, rejected, nobody "
          "listening, not running, killed mid-call", "[baresip]")
{
    BaresipProcess agent(QStringLiteral("agent"), false);
    BaresipProcess customer(QStringLiteral("customer"), true);
    if (!agent.start())
        FAIL("the agent's baresip did not start:\n" << agent.log().toStdString());
    if (!customer.start())
        FAIL("the customer's baresip did not start:\n" << customer.log().toStdString());
    INFO("agent log:\n" << agent.log().toStdString());

    SECTION("a dial while baresip is not running is refused with a clear message")
    {
        BaresipDialer dialer(SystemClock::instance(), QStringLiteral("127.0.0.1"), BaresipProcess::freePort());
        QtTimers timers;
        CallSession session(dialer, timers, SystemClock::instance());
        dialer.connectToBaresip();
        QTest::qWait(100);
        const Status dialed = session.dial(QStringLiteral("+8613800138001"));
        CHECK_FALSE(dialed.ok());
        CHECK(dialed.message().startsWith(QStringLiteral("baresip is not running, or its control port 127.0.0.1:")));
        CHECK(session.state() == State::Idle);
    }

    Line line(agent.controlPort());
    REQUIRE(line.dialer.isControlConnected());

    SECTION("answered by the customer, hung up by the agent, logged with its duration")
    {
        TestWorkspace workspace;
        workspace.clock().setNowMs(SystemClock::instance().nowMs());
        ActivityRepository activities(workspace.store());
        ReferenceRepository reference(workspace.store());
        REQUIRE(reference.ensureDefaultDispositions().ok());
        Customer c;
        c.name = QStringLiteral("赵敏");
        auto customerId = CustomerRepository(workspace.store()).create(c);
        REQUIRE(customerId.ok());

        line.dialer.setDialTemplate(customer.uri());
        QList<State> seen;
        QObject::connect(&line.session, &CallSession::stateChanged, &line.session,
                         [&](State s) { seen.append(s); });
        REQUIRE(line.session.dial(QStringLiteral("+8613800138001")).ok());
        REQUIRE(waitForState(line.session, State::Connected));
        QTest::qWait(1300); // talk
        line.session.hangup();
        REQUIRE(waitForState(line.session, State::WrapUp));
        CHECK(seen == QList<State>{State::Dialing, State::Ringing, State::Connected, State::WrapUp});
        CHECK(line.session.detail() == QLatin1String("Connection reset by user"));
        const qint64 talkMs = *line.session.endedAt() - *line.session.connectedAt();
        CHECK(talkMs >= 1300);
        CHECK(line.session.durationSeconds() == int((talkMs + 500) / 1000));

        CallLogEntry entry = CallLogger::fromSession(line.session);
        entry.customerId = *customerId;
        entry.dispositionId = QStringLiteral("00000000-0000-4000-8000-000000000002"); // 无意向
        workspace.clock().setNowMs(SystemClock::instance().nowMs());
        REQUIRE(CallLogger(workspace.store(), activities, reference).log(entry).ok());
        line.session.markLogged();
        QSqlQuery row(workspace.store().database());
        REQUIRE(row.exec(QStringLiteral("SELECT outcome, duration_s, ended_at - connected_at FROM calls")));
        REQUIRE(row.next());
        CHECK(row.value(0).toString() == QLatin1String("connected"));
        CHECK(row.value(1).toInt() == line.session.durationSeconds());
        CHECK(row.value(2).toLongLong() == talkMs);
    }

    SECTION("cancelled by the agent while it rings")
    {
        customer.openControl();
        customer.command(QStringLiteral("answermode"), QStringLiteral("manual"));
        QTest::qWait(200);
        line.dialer.setDialTemplate(customer.uri());
        REQUIRE(line.session.dial(QStringLiteral("+8613800138001")).ok());
        REQUIRE(waitForState(line.session, State::Ringing));
        line.session.hangup();
        REQUIRE(waitForState(line.session, State::Cancelled));
        CHECK(line.session.outcome() == QLatin1String("cancelled"));
        CHECK(line.session.durationSeconds() == 0);
    }

    SECTION("rejected by the customer while it rings")
    {
        customer.openControl();
        customer.command(QStringLiteral("answermode"), QStringLiteral("manual"));
        QTest::qWait(200);
        line.dialer.setDialTemplate(customer.uri());
        REQUIRE(line.session.dial(QStringLiteral("+8613800138001")).ok());
        REQUIRE(QTest::qWaitFor([&] { return customer.events().contains("CALL_INCOMING"); }, eventWaitMs));
        customer.command(QStringLiteral("hangup"));
        REQUIRE(waitForState(line.session, State::Rejected));
        CHECK(line.session.outcome() == QLatin1String("rejected"));
        CHECK(line.session.detail().contains(QLatin1String("486")));
        CHECK_FALSE(line.session.connectedAt().has_value());
    }

    SECTION("nobody listening at the far end fails at once over TCP")
    {
        line.dialer.setDialTemplate(QStringLiteral("sip:nobody@127.0.0.1:%1;transport=tcp")
                                        .arg(BaresipProcess::freePort()));
        REQUIRE(line.session.dial(QStringLiteral("+8613800138001")).ok());
        REQUIRE(waitForState(line.session, State::Failed));
        CHECK(line.session.detail() == QLatin1String("Connection refused"));
        CHECK(line.session.outcome() == QLatin1String("failed"));
    }

    SECTION("baresip killed during a call: the call ends, keeps its talk time, and the next dial "
            "is refused")
    {
        line.dialer.setDialTemplate(customer.uri());
        REQUIRE(line.session.dial(QStringLiteral("+8613800138001")).ok());
        REQUIRE(waitForState(line.session, State::Connected));
        QSignalSpy lost(&line.dialer, &BaresipDialer::controlConnectionChanged);
        agent.crash();
        REQUIRE(waitForState(line.session, State::WrapUp));
        CHECK(line.session.detail() == QLatin1String("Lost the connection to baresip during the call."));
        CHECK(line.session.outcome() == QLatin1String("connected"));
        CHECK(*line.session.endedAt() >= *line.session.connectedAt());
        CHECK_FALSE(lost.isEmpty());
        line.session.markLogged();
        const Status again = line.session.dial(QStringLiteral("+8613800138001"));
        CHECK(again.message().startsWith(QStringLiteral("baresip is not running")));
        CHECK(line.session.state() == State::Logged);
    }
}
