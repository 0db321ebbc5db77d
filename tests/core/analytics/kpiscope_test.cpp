#include "kpifixture.h"

#include "core/analytics/kpiaccess.h"
#include "core/analytics/kpiengine.h"

using namespace Leadline;
using Leadline::Test::KpiFixture;

namespace {

// 华东一组 (supervisor boss: zhang, li) and 华南一组 (supervisor boss2: wang); admin root.
struct Teams : KpiFixture
{
    QString east = addTeam(QStringLiteral("华东一组"), QStringLiteral("id-boss"));
    QString southTeam = addTeam(QStringLiteral("华南一组"), QStringLiteral("id-boss2"));
    QString boss = addAgent(QStringLiteral("boss"), QStringLiteral("supervisor"), east);
    QString boss2 = addAgent(QStringLiteral("boss2"), QStringLiteral("supervisor"), southTeam);
    QString zhang = addAgent(QStringLiteral("zhang"), QStringLiteral("agent"), east);
    QString li = addAgent(QStringLiteral("li"), QStringLiteral("agent"), east);
    QString wang = addAgent(QStringLiteral("wang"), QStringLiteral("agent"), southTeam);
    QString root = addAgent(QStringLiteral("root"), QStringLiteral("admin"), {});

    Result<KpiReport> report(const KpiScope &scope)
    {
        return KpiEngine(workspace.store()).report(scope, {QDate(2026, 3, 2), QDate(2026, 3, 2)});
    }

    static QStringList logins(const KpiReport &report)
    {
        QStringList out;
        for (const AgentKpis &row : report.agents)
            out.append(row.agent.login);
        out.sort();
        return out;
    }
};

} // namespace

TEST_CASE("An agent gets only his own figures", "[analytics][scope]")
{
    Teams teams;
    teams.addCall(teams.li, teams.at(QDate(2026, 3, 2), QTime(10, 0)), 90, 100, KpiFixture::interested);
    teams.signIn(teams.zhang);

    GIVEN("zhang asks for li's figures, or his team's")
    {
        const auto other = teams.report(KpiScope::ofAgent(QStringLiteral("li")));
        const auto team = teams.report(KpiScope::ofTeam(QStringLiteral("华东一组")));
        THEN("both are refused with a reason")
        {
            REQUIRE_FALSE(other);
            CHECK(other.error().field == QStringLiteral("agent"));
            CHECK(other.message().contains(QStringLiteral("LI")));
            REQUIRE_FALSE(team);
            CHECK(team.error().field == QStringLiteral("team"));
        }
    }
    GIVEN("zhang asks for everyone's figures, or his own by login")
    {
        const auto everyone = teams.report(KpiScope::everyone());
        const auto own = teams.report(KpiScope::ofAgent(QStringLiteral("zhang")));
        THEN("he gets himself only")
        {
            REQUIRE(everyone);
            CHECK(Teams::logins(everyone.value()) == QStringList{QStringLiteral("zhang")});
            CHECK(everyone->total.calls.dials == 0); // li's call is not in it
            REQUIRE(own);
            CHECK(Teams::logins(own.value()) == QStringList{QStringLiteral("zhang")});
        }
    }
}

TEST_CASE("A supervisor gets his teams' figures and no other team's", "[analytics][scope]")
{
    Teams teams;
    teams.signIn(teams.boss);
    const auto team = teams.report(KpiScope::ofTeam(QStringLiteral("华东一组")));
    REQUIRE(team);
    CHECK(Teams::logins(team.value()) == QStringList{QStringLiteral("li"), QStringLiteral("zhang")});
    const auto everyone = teams.report(KpiScope::everyone());
    REQUIRE(everyone);
    CHECK(Teams::logins(everyone.value()) == QStringList{QStringLiteral("li"), QStringLiteral("zhang")});
    CHECK(teams.report(KpiScope::ofAgent(QStringLiteral("li"))));

    const auto otherAgent = teams.report(KpiScope::ofAgent(QStringLiteral("wang")));
    REQUIRE_FALSE(otherAgent);
    CHECK(otherAgent.error().field == QStringLiteral("agent"));
    CHECK_FALSE(teams.report(KpiScope::ofTeam(QStringLiteral("华南一组"))));
    CHECK(KpiAccess(teams.workspace.store()).visibleTeams().value().size() == 1);
}

TEST_CASE("An admin sees every team; unknown names and nobody signed in are errors", "[analytics][scope]")
{
    Teams teams;
    teams.signIn(teams.root);
    const auto everyone = teams.report(KpiScope::everyone());
    REQUIRE(everyone);
    CHECK(Teams::logins(everyone.value())
          == QStringList{QStringLiteral("li"), QStringLiteral("wang"), QStringLiteral("zhang")});
    CHECK(teams.report(KpiScope::ofTeam(QStringLiteral("华南一组"))));
    CHECK(KpiAccess(teams.workspace.store()).visibleTeams().value().size() == 2);

    const auto unknown = teams.report(KpiScope::ofTeam(QStringLiteral("没有这个组")));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.message().contains(QStringLiteral("没有这个组")));
    CHECK_FALSE(teams.report(KpiScope::ofAgent(QStringLiteral("nobody"))));

    teams.signIn(QStringLiteral("not-an-agent"));
    CHECK_FALSE(teams.report(KpiScope::me()));
}

TEST_CASE("A period is parsed from ISO dates", "[analytics]")
{
    const auto period = KpiPeriod::parse(QStringLiteral("2026-03-01"), QStringLiteral("2026-03-31"));
    REQUIRE(period);
    CHECK(period->dayCount() == 31);
    CHECK_FALSE(KpiPeriod::parse(QStringLiteral("2026-03-32"), QStringLiteral("2026-04-01")));
    const auto backwards = KpiPeriod::parse(QStringLiteral("2026-04-02"), QStringLiteral("2026-04-01"));
    REQUIRE_FALSE(backwards);
    CHECK(backwards.error().field == QStringLiteral("from"));
}
