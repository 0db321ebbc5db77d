// The live floor (§2.6) through a real server: a state change on an agent's client reaches his
// supervisor's client by the server's notification; the server keeps each login to his own row
// and his own floor, whatever plain SQL he sends.
#include "rolesworld.h"

#include "core/sync/presence.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

const PresenceEntry *entryOf(const PresenceFloor &floor, const QString &agentId)
{
    auto found = std::find_if(floor.entries.begin(), floor.entries.end(),
                              [&](const PresenceEntry &e) { return e.agentId == agentId; });
    return found == floor.entries.end() ? nullptr : &*found;
}

QStringList idsOf(const PresenceFloor &floor)
{
    QStringList ids;
    for (const PresenceEntry &entry : floor.entries)
        ids.append(entry.agentId);
    ids.sort();
    return ids;
}

} // namespace

TEST_CASE("A state change on an agent's client shows on his supervisor's live floor",
          "[presence][analytics]")
{
    RolesWorld world;
    const QString wang = world.id(QStringLiteral("wang"));
    PresenceLink agent;
    PresenceLink supervisor;
    agent.publish({QStringLiteral("Ready"), {}, {}, {}});
    agent.start(world.server().urlFor(QStringLiteral("wang")));
    supervisor.setWatching(true);
    supervisor.start(world.server().urlFor(QStringLiteral("li")));

    auto stateOnFloor = [&](const QString &state) {
        const PresenceEntry *entry = entryOf(supervisor.floor(), wang);
        return entry && entry->state == state;
    };
    REQUIRE(waitFor([&] { return stateOnFloor(QStringLiteral("Ready")); }));
    // li's floor is his team, North: li, wang and zhao, not sun of South or boss of HQ.
    QStringList north = {world.id(QStringLiteral("li")), wang, world.id(QStringLiteral("zhao"))};
    north.sort();
    CHECK(idsOf(supervisor.floor()) == north);
    const PresenceEntry *zhao = entryOf(supervisor.floor(), world.id(QStringLiteral("zhao")));
    REQUIRE(zhao);
    CHECK(zhao->state == QStringLiteral("Offline")); // never signed in

    QList<double> latencies;
    const QStringList states = {QStringLiteral("NotReady"), QStringLiteral("OnCall"),
                                QStringLiteral("WrapUp"), QStringLiteral("Ready")};
    for (int round = 0; round < 3; ++round) {
        for (const QString &state : states) {
            PresenceState published{state, {}, {}, {}};
            if (state == QStringLiteral("NotReady"))
                published.reason = QStringLiteral("午饭 %1").arg(round);
            if (state == QStringLiteral("OnCall")) {
                published.customerId = QStringLiteral("w1");
                published.phoneMasked = QStringLiteral("+86 138 **** 0001");
            }
            QElapsedTimer timer;
            timer.start();
            agent.publish(published);
            REQUIRE(waitFor([&] { return stateOnFloor(state); }));
            latencies.append(double(timer.nsecsElapsed()) / 1e6);
            const PresenceEntry *entry = entryOf(supervisor.floor(), wang);
            CHECK(entry->reason == published.reason);
            CHECK(entry->customerId == published.customerId);
            CHECK(entry->phoneMasked == published.phoneMasked);
            CHECK(entry->sinceMs <= supervisor.floor().serverNowMs);
        }
    }
    std::sort(latencies.begin(), latencies.end());
    std::printf("live floor: a state change reached the supervisor in %.1f ms (median of %lld), "
                "%.1f ms at most\n",
                latencies.at(latencies.size() / 2), qlonglong(latencies.size()), latencies.last());

    // Signing off shows at once.
    agent.stop();
    CHECK(waitFor([&] { return stateOnFloor(QStringLiteral("Offline")); }));
    supervisor.stop();
}

TEST_CASE("A client that stops beating goes offline on the floor", "[presence][analytics]")
{
    RolesWorld world;
    const QString wang = world.id(QStringLiteral("wang"));
    auto agent = world.connect(QStringLiteral("wang"));
    REQUIRE(agent->exec(QStringLiteral("SELECT sync.presence_publish('OnCall', '', 'w1', '****')")));
    auto li = world.connect(QStringLiteral("li"));
    auto stateOf = [&] {
        auto state = li->scalar(QStringLiteral("SELECT state FROM sync.presence_floor() WHERE agent_id = ?"),
                                {wang});
        REQUIRE(state);
        return *state;
    };
    CHECK(stateOf() == QStringLiteral("OnCall"));
    // The last beat 20 s ago (past the 15 s the server waits): the client died.
    REQUIRE(world.server().admin().exec(QStringLiteral(
        "UPDATE agent_presence SET heartbeat_at = now() - interval '20 seconds'")));
    CHECK(stateOf() == QStringLiteral("Offline"));
    // It comes back: the time in state starts again.
    REQUIRE(agent->exec(QStringLiteral("SELECT sync.presence_publish('OnCall', '', 'w1', '****')")));
    CHECK(stateOf() == QStringLiteral("OnCall"));
    auto since = li->scalar(QStringLiteral(
        "SELECT now_ms - since_ms < 5000 FROM sync.presence_floor() WHERE agent_id = ?"), {wang});
    REQUIRE(since);
    CHECK(*since == QStringLiteral("true"));
}

TEST_CASE("With plain SQL under his own login, an agent writes only his own presence and reads "
          "no other team's",
          "[presence][roles][security]")
{
    RolesWorld world;
    const QString wang = world.id(QStringLiteral("wang"));
    const QString sun = world.id(QStringLiteral("sun"));
    auto sunLogin = world.connect(QStringLiteral("sun"));
    REQUIRE(sunLogin->exec(QStringLiteral("SELECT sync.presence_publish('NotReady', '开会', NULL, '')")));
    auto agent = world.connect(QStringLiteral("wang"));
    REQUIRE(agent->exec(QStringLiteral("SELECT sync.presence_publish('Ready', '', NULL, '')")));

    SECTION("the table itself is closed to him")
    {
        for (const QString &sql :
             {QStringLiteral("SELECT count(*) FROM agent_presence"),
              QStringLiteral("UPDATE agent_presence SET state = 'Ready' WHERE agent_id = '%1'").arg(sun),
              QStringLiteral("INSERT INTO agent_presence(agent_id, state) VALUES ('%1', 'Ready')").arg(sun),
              QStringLiteral("DELETE FROM agent_presence")}) {
            INFO(sql.toStdString());
            auto attempt = agent->exec(sql);
            REQUIRE_FALSE(attempt);
            CHECK(attempt.message().contains(QStringLiteral("permission denied")));
        }
    }
    SECTION("the publish function writes the caller's row only")
    {
        // No argument names another agent; the row written is always his own.
        REQUIRE(agent->exec(QStringLiteral("SELECT sync.presence_publish('OnCall', '', 's1', '***')")));
        auto rows = world.server().admin().scalar(QStringLiteral(
            "SELECT string_agg(agent_id || ':' || state, ',' ORDER BY agent_id) FROM agent_presence"));
        REQUIRE(rows);
        QStringList expected = {sun + QStringLiteral(":NotReady"), wang + QStringLiteral(":OnCall")};
        expected.sort();
        CHECK(*rows == expected.join(QLatin1Char(',')));
        CHECK_FALSE(agent->exec(QStringLiteral("SELECT sync.presence_publish('Asleep', '', NULL, '')")));
    }
    SECTION("his floor is himself; another team's floor is not his")
    {
        auto ids = agent->scalar(QStringLiteral("SELECT string_agg(agent_id, ',') FROM sync.presence_floor()"));
        REQUIRE(ids);
        CHECK(*ids == wang);
        auto li = world.connect(QStringLiteral("li"));
        auto other = li->scalar(QStringLiteral("SELECT count(*) FROM sync.presence_floor() WHERE agent_id = ?"),
                                {sun});
        REQUIRE(other);
        CHECK(*other == QStringLiteral("0")); // sun is of South, li supervises North
        auto boss = world.connect(QStringLiteral("boss"));
        auto all = boss->scalar(QStringLiteral("SELECT state FROM sync.presence_floor() WHERE agent_id = ?"),
                                {sun});
        REQUIRE(all);
        CHECK(*all == QStringLiteral("NotReady"));
    }
    SECTION("the helpers behind the floor are not his to call")
    {
        auto attempt = agent->exec(QStringLiteral("SELECT sync.presence_timeout()"));
        CHECK_FALSE(attempt);
    }
}

TEST_CASE("My performance asks the server for the team's median on the link's thread",
          "[presence][analytics]")
{
    RolesWorld world;
    REQUIRE(world.server().admin().exec(QStringLiteral(
        "INSERT INTO policies(id, key, value) VALUES ('pm', 'kpi_team_median', 'true')")));
    PresenceLink link;
    QJsonObject answer;
    bool answered = false;
    QObject::connect(&link, &PresenceLink::teamMedianRead, &link,
                     [&](qint64 from, qint64 to, const QJsonObject &median) {
                         CHECK(from == 0);
                         CHECK(to == 5000);
                         answer = median;
                         answered = true;
                     });
    link.requestTeamMedian(0, 5000); // before the link runs: asked once it does
    link.start(world.server().urlFor(QStringLiteral("wang")));
    REQUIRE(waitFor([&] { return answered; }));
    CHECK(answer.value(QStringLiteral("agents")).toInt() == 2); // wang and zhao of North
    link.stop();
}
