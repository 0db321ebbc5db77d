#include "kpifixture.h"

#include "core/analytics/kpiengine.h"
#include "core/analytics/kpirollups.h"

using namespace Leadline;
using Leadline::Test::KpiFixture;
using Catch::Detail::Approx;

namespace {

const QDate march2(2026, 3, 2);
const QDate march3(2026, 3, 3);

// Two teams in Shanghai's time zone: 华东一组 (supervisor boss; agents zhang, li).
struct Floor : KpiFixture
{
    QString east = addTeam(QStringLiteral("华东一组"), QStringLiteral("id-boss"));
    QString boss = addAgent(QStringLiteral("boss"), QStringLiteral("supervisor"), east);
    QString zhang = addAgent(QStringLiteral("zhang"), QStringLiteral("agent"), east);
    QString li = addAgent(QStringLiteral("li"), QStringLiteral("agent"), east);

    Floor()
    {
        // "Now": 2026-03-03 12:00 in Shanghai.
        workspace.clock().setNowMs(at(march3, QTime(12, 0)));
        signIn(boss);
    }

    KpiReport report(const KpiScope &scope, const QDate &from, const QDate &to)
    {
        auto result = KpiEngine(workspace.store()).report(scope, {from, to});
        INFO(result.message().toStdString());
        REQUIRE(result);
        return result.value();
    }

    // zhang's calls around 2026-03-02 (Shanghai):
    //   09:00:00  有意向  talked 60 s (exactly the threshold), 75 s dial to hang-up
    //   10:00:00  无意向  talked 59 s, 70 s
    //   11:00:00  未接通  30 s
    //   12:00:00  有意向  talked 300 s, deleted
    //   14:00:00  未接通 → corrected to 有意向, talked 100 s, 110 s
    //   23:59:30  有意向  talked 120 s, 130 s (ends on 03-03, counts on 03-02)
    //   03-03 00:00:10  要求回电  talked 90 s, 100 s
    QString correctedCall;
    QString callBackCall;
    void addZhangsCalls()
    {
        addCall(zhang, at(march2, QTime(9, 0)), 60, 75, interested);
        addCall(zhang, at(march2, QTime(10, 0)), 59, 70, notInterested);
        addCall(zhang, at(march2, QTime(11, 0)), 0, 30, noAnswer);
        addCall(zhang, at(march2, QTime(12, 0)), 300, 320, interested, true);
        correctedCall = addCall(zhang, at(march2, QTime(14, 0)), 100, 110, noAnswer);
        exec(QStringLiteral("UPDATE calls SET disposition_id = ? WHERE id = ?"),
             {interested, correctedCall});
        addCall(zhang, at(march2, QTime(23, 59, 30)), 120, 130, interested);
        callBackCall = addCall(zhang, at(march3, QTime(0, 0, 10)), 90, 100, callBack);
    }
};

} // namespace

TEST_CASE("Call KPIs of one agent for one day, by hand", "[analytics]")
{
    Floor floor;
    floor.addZhangsCalls();
    // li: one busy call on 03-02.
    floor.addCall(floor.li, floor.at(march2, QTime(9, 30)), 0, 5, KpiFixture::busy);

    const KpiReport report = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march2, march2);
    REQUIRE(report.agents.size() == 1);
    const KpiFigures &f = report.agents.first().figures;
    CHECK(report.timeZone == QStringLiteral("Asia/Shanghai"));
    CHECK(f.calls.dials == 5);                        // the deleted call is not a dial
    CHECK(f.calls.connects == 4);                     // 有意向 ×3 (one corrected) + 无意向
    CHECK(*f.connectRate() == Approx(0.8));
    CHECK(f.calls.talkSeconds == 60 + 59 + 100 + 120);
    CHECK(f.calls.effectiveTalkSeconds == 60 + 100 + 120); // 59 s is under a minute
    CHECK(f.calls.callMs == (75 + 70 + 30 + 110 + 130) * 1000);
    CHECK(*f.averageHandleSeconds() == Approx(415.0 / 5)); // no wrap-up recorded
    CHECK(*f.averageWrapUpSeconds() == Approx(0.0));
    CHECK_FALSE(f.callsPerHour().has_value());            // no agent states: no staffed time

    // The next day holds the call made 10 s after midnight.
    const KpiReport next = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march3, march3);
    CHECK(next.agents.first().figures.calls.dials == 1);
    CHECK(next.agents.first().figures.calls.effectiveTalkSeconds == 90);
}

TEST_CASE("A period without calls has zero counts and no rates", "[analytics]")
{
    Floor floor;
    floor.addZhangsCalls();
    const KpiReport report = floor.report(KpiScope::ofAgent(QStringLiteral("li")), march2, march3);
    const KpiFigures &f = report.agents.first().figures;
    CHECK(f.calls.dials == 0);
    CHECK(f.calls.connects == 0);
    CHECK_FALSE(f.connectRate().has_value());
    CHECK_FALSE(f.averageHandleSeconds().has_value());
    CHECK_FALSE(f.leadConversionRate().has_value());
    CHECK_FALSE(f.averageDealSize().has_value());
    REQUIRE(report.agents.first().daily.size() == 2);
    CHECK(report.agents.first().daily.at(0).day == march2);
    CHECK(report.agents.first().daily.at(1).calls.dials == 0);
}

TEST_CASE("Daily trend, team total and a disposition that stops counting as a connect", "[analytics]")
{
    Floor floor;
    floor.addZhangsCalls();
    floor.addCall(floor.li, floor.at(march2, QTime(9, 30)), 0, 5, KpiFixture::busy);

    KpiReport team = floor.report(KpiScope::ofTeam(QStringLiteral("华东一组")), march2, march3);
    REQUIRE(team.agents.size() == 2); // the supervisor is not a row of his team's table
    CHECK(team.total.calls.dials == 5 + 1 + 1);
    CHECK(team.total.calls.connects == 5);
    REQUIRE(team.daily.size() == 2);
    CHECK(team.daily.at(0).calls.dials == 6);
    CHECK(team.daily.at(1).calls.dials == 1);
    CHECK(team.daily.at(1).calls.connects == 1);
    CHECK(team.daily.at(1).calls.effectiveTalkSeconds == 90);

    // A supervisor decides 要求回电 is no longer a connect: the 03-03 call stops being one.
    floor.exec(QStringLiteral("UPDATE dispositions SET is_connect = 0 WHERE id = ?"),
               {KpiFixture::callBack});
    team = floor.report(KpiScope::ofTeam(QStringLiteral("华东一组")), march2, march3);
    CHECK(team.daily.at(1).calls.dials == 1);
    CHECK(team.daily.at(1).calls.connects == 0);
    CHECK(team.daily.at(1).calls.effectiveTalkSeconds == 0);
    CHECK(team.total.calls.connects == 4);

    // Tombstoning a call takes it out.
    floor.exec(QStringLiteral("UPDATE calls SET deleted = 1 WHERE id = ?"), {floor.correctedCall});
    team = floor.report(KpiScope::ofTeam(QStringLiteral("华东一组")), march2, march3);
    CHECK(team.daily.at(0).calls.dials == 5);
    CHECK(team.daily.at(0).calls.connects == 3);
    CHECK(team.daily.at(0).calls.effectiveTalkSeconds == 60 + 120);
}

TEST_CASE("Time in state, wrap-up, handle time and calls per hour", "[analytics]")
{
    Floor floor;
    const QString z = floor.zhang;
    floor.addCall(z, floor.at(march2, QTime(9, 0)), 60, 75, KpiFixture::interested);
    floor.addState(z, QStringLiteral("Ready"), floor.at(march2, QTime(8, 55)));
    floor.addState(z, QStringLiteral("OnCall"), floor.at(march2, QTime(9, 0)));
    floor.addState(z, QStringLiteral("WrapUp"), floor.at(march2, QTime(9, 1, 15)));
    floor.addState(z, QStringLiteral("Ready"), floor.at(march2, QTime(9, 2, 15)));
    floor.addState(z, QStringLiteral("NotReady"), floor.at(march2, QTime(12, 0)));
    floor.addState(z, QStringLiteral("Ready"), floor.at(march2, QTime(13, 0)));
    // Five hours without a state change: the application was closed, not five hours Ready.
    floor.addState(z, QStringLiteral("NotReady"), floor.at(march2, QTime(18, 0)));

    const KpiFigures f = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march2, march2)
                             .agents.first().figures;
    // Ready 08:55-09:00 (300 s) + 09:02:15-12:00 (10,665 s); 13:00-18:00 is over the 4 h cap.
    CHECK(f.calls.stateTime(KpiState::Ready) == 10965 * 1000LL);
    CHECK(f.calls.stateTime(KpiState::OnCall) == 75 * 1000LL);
    CHECK(f.calls.stateTime(KpiState::WrapUp) == 60 * 1000LL);
    CHECK(f.calls.stateTime(KpiState::NotReady) == 3600 * 1000LL); // the 18:00 one is still open
    CHECK(*f.averageWrapUpSeconds() == Approx(60.0));
    CHECK(*f.averageHandleSeconds() == Approx(75.0 + 60.0));
    // 1 dial in 14,700 s staffed.
    CHECK(*f.callsPerHour() == Approx(1.0 / (14700.0 / 3600.0)));

    // A state that arrives late by sync (13:30 NotReady) splits the Ready span: 13:00-13:30 Ready
    // (1,800 s) and 13:30-18:00 NotReady (4.5 h, over the cap).
    floor.addState(z, QStringLiteral("NotReady"), floor.at(march2, QTime(13, 30)));
    const KpiFigures g = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march2, march2)
                             .agents.first().figures;
    CHECK(g.calls.stateTime(KpiState::Ready) == (10965 + 1800) * 1000LL);
    CHECK(g.calls.stateTime(KpiState::NotReady) == 3600 * 1000LL);
}

TEST_CASE("Lead, conversion, funnel and source KPIs by hand", "[analytics]")
{
    Floor floor;
    const QString z = floor.zhang;
    const QString c1 = floor.addCustomer(z, QStringLiteral("官网"), floor.at(march2, QTime(10, 0)), 20000);
    const QString c2 = floor.addCustomer(z, QStringLiteral("展会"), floor.at(march2, QTime(11, 0)), 0);
    const QString c3 = floor.addCustomer(z, QStringLiteral("转介绍"),
                                         floor.at(QDate(2026, 2, 20), QTime(16, 0)), 50000);
    floor.addCustomer(z, QStringLiteral("官网"), floor.at(march2, QTime(12, 0)), 0, true); // deleted
    floor.addCustomer(floor.li, QStringLiteral("官网"), floor.at(march2, QTime(9, 0)), 0);
    floor.addStageChange(c1, z, QStringLiteral("首次联系"), QStringLiteral("需求沟通"), floor.at(march2, QTime(10, 30)));
    floor.addStageChange(c1, z, QStringLiteral("需求沟通"), QStringLiteral("成交"), floor.at(march2, QTime(15, 0)));
    floor.addStageChange(c3, z, QStringLiteral("报价阶段"), QStringLiteral("成交"), floor.at(march2, QTime(16, 0)));
    floor.addStageChange(c2, z, QStringLiteral("首次联系"), QStringLiteral("需求沟通"), floor.at(march2, QTime(11, 30)));
    floor.addStageChange(c2, z, QStringLiteral("需求沟通"), QStringLiteral("方案提供"), floor.at(march2, QTime(12, 0)), true);

    const KpiReport report = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march2, march2);
    const KpiFigures &f = report.agents.first().figures;
    CHECK(f.leadsOwned == 3);   // c1, c2, c3 (the deleted one is not owned)
    CHECK(f.leadsCreated == 2); // c1, c2 on 03-02
    CHECK(f.conversions == 2);  // c1 and c3 moved to 成交 on 03-02
    CHECK(*f.leadConversionRate() == Approx(1.0));
    CHECK(f.wonAmount == Approx(70000));
    CHECK(*f.averageDealSize() == Approx(35000));
    // c1: 5 hours from creation to 成交; c3: exactly 10 days.
    CHECK(*f.averageSalesCycleDays() == Approx((5.0 / 24.0 + 10.0) / 2.0));

    REQUIRE(report.funnel.size() == 6);
    CHECK(report.funnel.at(0).stage == QStringLiteral("首次联系"));
    CHECK(report.funnel.at(0).entered == 2);
    CHECK(report.funnel.at(1).entered == 2); // c1, c2 entered 需求沟通
    CHECK(report.funnel.at(2).entered == 0); // the deleted change does not count
    CHECK(report.funnel.at(5).entered == 2);
    CHECK(*report.funnel.at(0).toNext == Approx(1.0));
    CHECK(*report.funnel.at(1).toNext == Approx(0.0));
    CHECK_FALSE(report.funnel.at(2).toNext.has_value());
    CHECK_FALSE(report.funnel.at(5).toNext.has_value());

    REQUIRE(report.bySource.size() == 3);
    for (const SourceConversion &source : report.bySource) {
        if (source.source == QStringLiteral("官网")) {
            CHECK(source.created == 1);
            CHECK(source.won == 1);
            CHECK(*source.rate() == Approx(1.0));
        } else if (source.source == QStringLiteral("展会")) {
            CHECK(source.created == 1);
            CHECK(source.won == 0);
            CHECK(*source.rate() == Approx(0.0));
        } else {
            CHECK(source.source == QStringLiteral("转介绍"));
            CHECK(source.created == 0);
            CHECK(source.won == 1);
            CHECK_FALSE(source.rate().has_value());
        }
    }
}

TEST_CASE("Overdue todos and callbacks kept on time", "[analytics]")
{
    Floor floor;
    const QString z = floor.zhang;
    const auto at2 = [&](int h, int m) { return floor.at(march2, QTime(h, m)); };
    floor.addTodo(z, QStringLiteral("callback"), at2(10, 0), at2(9, 50));  // kept
    floor.addTodo(z, QStringLiteral("callback"), at2(11, 0), at2(11, 30)); // late
    floor.addTodo(z, QStringLiteral("callback"), at2(15, 0), std::nullopt); // missed, overdue
    floor.addTodo(z, QStringLiteral("task"), floor.at(QDate(2026, 3, 1), QTime(10, 0)), std::nullopt); // overdue
    floor.addTodo(z, QStringLiteral("callback"), floor.at(QDate(2026, 3, 4), QTime(10, 0)), std::nullopt); // not due yet
    floor.addTodo(z, QStringLiteral("callback"), at2(16, 0), std::nullopt, true); // deleted

    const KpiFigures f = floor.report(KpiScope::ofAgent(QStringLiteral("zhang")), march2,
                                      QDate(2026, 3, 4)).agents.first().figures;
    CHECK(f.todosOverdue == 2);
    CHECK(f.callbacksDue == 3); // the one due on 03-04 is not due yet at 03-03 12:00
    CHECK(f.callbacksKept == 1);
    CHECK(*f.callbacksKeptRate() == Approx(1.0 / 3.0));
}

TEST_CASE("Days follow each team's time zone, daylight saving and half-hour offsets included", "[analytics]")
{
    Floor floor;
    const QTimeZone newYork(QByteArrayLiteral("America/New_York"));
    const QTimeZone kolkata(QByteArrayLiteral("Asia/Kolkata"));
    const QString west = floor.addTeam(QStringLiteral("纽约组"), {}, QByteArrayLiteral("America/New_York"));
    const QString south = floor.addTeam(QStringLiteral("孟买组"), {}, QByteArrayLiteral("Asia/Kolkata"));
    const QString wang = floor.addAgent(QStringLiteral("wang"), QStringLiteral("agent"), west);
    const QString singh = floor.addAgent(QStringLiteral("singh"), QStringLiteral("agent"), south);
    floor.addAgent(QStringLiteral("root"), QStringLiteral("admin"), {});
    floor.signIn(QStringLiteral("id-root"));

    // New York switches to daylight saving time on 2026-03-08 (UTC-5 → UTC-4).
    floor.addCall(wang, floor.at(QDate(2026, 3, 7), QTime(23, 30), newYork), 70, 80, KpiFixture::interested);
    floor.addCall(wang, floor.at(QDate(2026, 3, 8), QTime(23, 30), newYork), 70, 80, KpiFixture::interested);
    floor.addCall(wang, floor.at(QDate(2026, 3, 9), QTime(0, 30), newYork), 70, 80, KpiFixture::interested);
    // Kolkata is UTC+5:30: 23:45 and 00:15 fall in the same UTC hour but on two local days.
    floor.addCall(singh, floor.at(march2, QTime(23, 45), kolkata), 0, 10, KpiFixture::noAnswer);
    floor.addCall(singh, floor.at(march3, QTime(0, 15), kolkata), 0, 10, KpiFixture::noAnswer);

    KpiReport report = floor.report(KpiScope::ofAgent(QStringLiteral("wang")), QDate(2026, 3, 7),
                                    QDate(2026, 3, 8));
    CHECK(report.timeZone == QStringLiteral("America/New_York"));
    REQUIRE(report.daily.size() == 2);
    CHECK(report.daily.at(0).calls.dials == 1);
    CHECK(report.daily.at(1).calls.dials == 1);
    CHECK(report.total.calls.effectiveTalkSeconds == 140);

    report = floor.report(KpiScope::ofAgent(QStringLiteral("singh")), march2, march3);
    REQUIRE(report.daily.size() == 2);
    CHECK(report.daily.at(0).calls.dials == 1);
    CHECK(report.daily.at(1).calls.dials == 1);

    // With the daily rollup moved to New York's standard time (UTC-5), a week before the switch
    // is read from it, and gives the same days.
    REQUIRE(KpiRollups::setDayOffset(floor.workspace.store(), -5 * 3600 * 1000LL));
    report = floor.report(KpiScope::ofAgent(QStringLiteral("wang")), QDate(2026, 3, 1), QDate(2026, 3, 7));
    CHECK(report.daily.at(5).calls.dials == 0);
    CHECK(report.daily.at(6).calls.dials == 1);
    CHECK(CallKpiQuery::bestSource(KpiPeriod{QDate(2026, 3, 1), QDate(2026, 3, 7)}.spans(newYork),
                                   -5 * 3600 * 1000LL)
          == CallKpiQuery::Source::Days);
    CHECK(CallKpiQuery::bestSource(KpiPeriod{QDate(2026, 3, 7), QDate(2026, 3, 8)}.spans(newYork),
                                   -5 * 3600 * 1000LL)
          == CallKpiQuery::Source::Hours);
    CHECK(CallKpiQuery::bestSource(KpiPeriod{march2, march3}.spans(kolkata), -5 * 3600 * 1000LL)
          == CallKpiQuery::Source::Rows);

    // Everyone, for an admin: four agents whose days follow three time zones.
    report = floor.report(KpiScope::everyone(), march2, march2);
    CHECK(report.agents.size() == 4);
    CHECK(report.timeZone == QStringLiteral("mixed"));
}

TEST_CASE("The rollups give the same report as the calls themselves", "[analytics]")
{
    Floor floor;
    floor.addZhangsCalls();
    floor.addState(floor.zhang, QStringLiteral("Ready"), floor.at(march2, QTime(8, 0)));
    floor.addState(floor.zhang, QStringLiteral("OnCall"), floor.at(march2, QTime(9, 0)));
    floor.addState(floor.zhang, QStringLiteral("Ready"), floor.at(march2, QTime(9, 30)));
    floor.addState(floor.zhang, QStringLiteral("NotReady"), floor.at(march3, QTime(0, 30)));
    KpiEngine engine(floor.workspace.store());
    const auto reportFrom = [&](CallKpiQuery::Source source) {
        engine.forceCallSource(source);
        auto report = engine.report(KpiScope::ofTeam(QStringLiteral("华东一组")), {march2, march3});
        REQUIRE(report);
        return report.value();
    };
    const KpiReport fromRows = reportFrom(CallKpiQuery::Source::Rows);
    for (const auto source : {CallKpiQuery::Source::Days, CallKpiQuery::Source::Hours}) {
        const KpiReport fromRollups = reportFrom(source);
        REQUIRE(fromRollups.daily.size() == fromRows.daily.size());
        for (qsizetype i = 0; i < fromRows.daily.size(); ++i) {
            const CallFigures &a = fromRollups.daily.at(i).calls;
            const CallFigures &b = fromRows.daily.at(i).calls;
            CHECK(a.dials == b.dials);
            CHECK(a.connects == b.connects);
            CHECK(a.talkSeconds == b.talkSeconds);
            CHECK(a.effectiveTalkSeconds == b.effectiveTalkSeconds);
            CHECK(a.callMs == b.callMs);
            CHECK(a.stateMs == b.stateMs);
        }
    }
    CHECK(fromRows.total.calls.dials == 6);
    // Ready 08:00-09:00; 09:30 to 00:30 the next day is over the 4 h cap.
    CHECK(fromRows.total.calls.stateTime(KpiState::Ready) == 3600 * 1000LL);
    CHECK(fromRows.total.calls.stateTime(KpiState::OnCall) == 1800 * 1000LL);
}

TEST_CASE("A damaged workspace gives an error, never partial figures", "[analytics]")
{
    Floor floor;
    floor.addZhangsCalls();
    floor.exec(QStringLiteral("DROP TABLE kpi_days"), {});
    const auto report = KpiEngine(floor.workspace.store())
                            .report(KpiScope::ofTeam(QStringLiteral("华东一组")), {march2, march3});
    REQUIRE_FALSE(report);
    CHECK(report.message().contains(QStringLiteral("kpi_days")));
}
