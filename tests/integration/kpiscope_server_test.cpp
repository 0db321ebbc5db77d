// The team figures' rows on the server (§2.6: agents see only their own figures, supervisors
// their teams'), read with plain SQL under each role's own login: what the server sends is all
// a client can count, whatever it asks.
#include "rolesworld.h"

#include <QSqlQuery>

#include <catch2/catch.hpp>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// wang and zhao (agents of North), li (North's supervisor), sun (an agent of South). zhao works
// his own customer z1: calls, agent states, a callback and a stage change; wang works w1.
void addFigures(RolesWorld &world)
{
    const QString wang = world.id(QStringLiteral("wang"));
    const QString zhao = world.id(QStringLiteral("zhao"));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at, duration_s) VALUES "
                       "('kz1', 'z1', ?, 100, 120), ('kz2', 'z1', ?, 200, 61), "
                       "('kw1', 'w1', ?, 300, 75)"),
        {zhao, zhao, wang}));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO agent_states(id, agent_id, state, at) VALUES "
                       "('sz1', ?, 'Ready', 100), ('sz2', ?, 'OnCall', 150), ('sw1', ?, 'Ready', 100)"),
        {zhao, zhao, wang}));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, title, due_at, created_at) "
                       "VALUES ('cbz', 'z1', ?, 'Call back', 500, 1)"),
        {zhao}));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO stage_changes(id, customer_id, agent_id, kind, from_value, "
                       "to_value, at) VALUES ('gz', 'z1', ?, 'stage', '首次联系', '成交', 400)"),
        {zhao}));
}

QString scalar(ServerConnection &connection, const QString &sql, const QString &agentId)
{
    auto value = connection.scalar(QString(sql).replace(QStringLiteral("{agent}"), agentId));
    INFO(sql.toStdString() << ": " << value.message().toStdString());
    REQUIRE(value);
    return value.value();
}

} // namespace

TEST_CASE("An agent's login reads no other agent's calls, states, callbacks or conversions",
          "[roles][security][analytics]")
{
    RolesWorld world;
    addFigures(world);
    const QString zhao = world.id(QStringLiteral("zhao"));
    const QString wang = world.id(QStringLiteral("wang"));
    const QStringList figures = {
        QStringLiteral("SELECT count(*) FROM calls WHERE agent_id = '{agent}' AND customer_id = 'z1'"),
        QStringLiteral("SELECT COALESCE(sum(duration_s), 0) FROM calls WHERE customer_id = 'z1'"),
        QStringLiteral("SELECT count(*) FROM agent_states WHERE agent_id = '{agent}'"),
        // (a todo or stage change of zhao's on wang's own customer is wang's to see: not counted)
        QStringLiteral("SELECT count(*) FROM todos WHERE agent_id = '{agent}' AND customer_id = 'z1'"),
        QStringLiteral("SELECT count(*) FROM stage_changes WHERE agent_id = '{agent}' AND customer_id = 'z1'"),
    };

    SECTION("wang, an agent of the same team, sees none of zhao's rows and his own")
    {
        auto agent = world.connect(QStringLiteral("wang"));
        for (const QString &sql : figures)
            CHECK(scalar(*agent, sql, zhao) == QStringLiteral("0"));
        CHECK(scalar(*agent, QStringLiteral("SELECT count(*) FROM agent_states WHERE agent_id = '{agent}'"), wang)
              == QStringLiteral("1"));
        CHECK(scalar(*agent, QStringLiteral("SELECT count(*) FROM calls WHERE agent_id = '{agent}'"), wang)
              == QStringLiteral("1"));
    }
    SECTION("sun, an agent of another team, sees none of them either")
    {
        auto agent = world.connect(QStringLiteral("sun"));
        for (const QString &sql : figures)
            CHECK(scalar(*agent, sql, zhao) == QStringLiteral("0"));
    }
    SECTION("li, their supervisor, sees his team's figures")
    {
        auto supervisor = world.connect(QStringLiteral("li"));
        CHECK(scalar(*supervisor, figures.at(0), zhao) == QStringLiteral("2"));
        CHECK(scalar(*supervisor, figures.at(1), zhao) == QStringLiteral("181"));
        CHECK(scalar(*supervisor, figures.at(2), zhao) == QStringLiteral("2"));
        CHECK(scalar(*supervisor, figures.at(3), zhao) == QStringLiteral("1"));
        CHECK(scalar(*supervisor, figures.at(4), zhao) == QStringLiteral("1"));
    }
}

TEST_CASE("An agent gets his team's median from the server only where the policy allows it",
          "[roles][security][analytics]")
{
    RolesWorld world;
    const QString wang = world.id(QStringLiteral("wang"));
    const QString zhao = world.id(QStringLiteral("zhao"));
    ServerConnection &admin = world.server().admin();
    REQUIRE(admin.exec(QStringLiteral("INSERT INTO dispositions(id, name, is_connect) VALUES "
                                      "('dc', '接通', 1), ('dn', '未接通', 0)")));
    // wang: 3 dials, 2 connects (75 s and 30 s); zhao: 1 dial, 1 connect of 120 s; one call of
    // zhao's before the period and one deleted.
    REQUIRE(admin.exec(
        QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at, duration_s, "
                       "disposition_id, deleted) VALUES "
                       "('m1', 'w1', ?, 1000, 75, 'dc', 0), ('m2', 'w1', ?, 2000, 30, 'dc', 0), "
                       "('m3', 'w1', ?, 3000, 0, 'dn', 0), ('m4', 'z1', ?, 1500, 120, 'dc', 0), "
                       "('m5', 'z1', ?, 10, 500, 'dc', 0), ('m6', 'z1', ?, 1600, 500, 'dc', 1)"),
        {wang, wang, wang, zhao, zhao, zhao}));
    auto agent = world.connect(QStringLiteral("wang"));
    const QString median = QStringLiteral("SELECT sync.kpi_team_median(100, 5000)::text");

    SECTION("without the policy there is no median")
    {
        auto value = agent->scalar(median);
        REQUIRE(value);
        CHECK(value->isEmpty());
    }
    SECTION("with it, the median of his team's agents, and nothing of another team")
    {
        REQUIRE(admin.exec(QStringLiteral(
            "INSERT INTO policies(id, key, value) VALUES ('pm', 'kpi_team_median', 'true')")));
        auto row = agent->exec(
            QStringLiteral("SELECT m->>'agents', m->>'dials', m->>'connects', m->>'effective_talk_s', "
                           "round((m->>'connect_rate')::numeric, 4)::text "
                           "FROM sync.kpi_team_median(100, 5000) m"));
        REQUIRE(row);
        QSqlQuery query = std::move(row).value();
        REQUIRE(query.next());
        CHECK(query.value(0).toString() == QStringLiteral("2"));        // wang and zhao
        CHECK(query.value(1).toString() == QStringLiteral("2"));        // of 3 and 1
        CHECK(query.value(2).toString() == QStringLiteral("1.5"));      // of 2 and 1
        CHECK(query.value(3).toString() == QStringLiteral("97.5"));     // of 75 and 120
        CHECK(query.value(4).toString() == QStringLiteral("0.8333"));   // of 2/3 and 1/1

        auto sun = world.connect(QStringLiteral("sun"));
        auto south = sun->scalar(QStringLiteral("SELECT m->>'agents' || '/' || (m->>'dials') "
                                                "FROM sync.kpi_team_median(100, 5000) m"));
        REQUIRE(south);
        CHECK(*south == QStringLiteral("1/0")); // sun alone in South, with no calls
    }
}
