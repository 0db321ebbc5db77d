#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/domain/clock.h"
#include "core/rules/customerfacts.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Leadline;

namespace {

const QTimeZone beijing(8 * 3600);
constexpr qint64 minute = 60 * 1000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

// Friday 27 November 2026, 10:00 in Beijing.
qint64 fixedNow()
{
    return QDateTime(QDate(2026, 11, 27), QTime(10, 0), beijing).toMSecsSinceEpoch();
}

struct Fixture
{
    FakeClock clock{fixedNow()};
    RuleEvaluator evaluator{clock, beijing};
    CustomerFacts facts;

    Fixture()
    {
        facts.customer.name = QStringLiteral("王芳");
        facts.customer.company = QStringLiteral("Suzhou Precision Tech");
        facts.customer.stage = QStringLiteral("需求沟通");
        facts.customer.intent = QStringLiteral("高");
        facts.customer.amount = 80000;
        facts.customer.score = 72;
        facts.customer.tags = {QStringLiteral("VIP"), QStringLiteral("展会")};
        facts.customer.createdAt = fixedNow() - 40 * day;
        facts.customer.assignedAt = fixedNow() - 30 * hour;
        facts.customer.lastContactAt = fixedNow() - 4 * day - hour;
    }

    RuleDecision decide(const char *source) const
    {
        const RuleCondition condition
            = RuleCondition::compile(QString::fromUtf8(source), RuleCheckContext::shipped());
        if (!condition.ok())
            FAIL(condition.error()->message.toStdString());
        return condition.decide(facts, evaluator);
    }
    bool matches(const char *source) const { return decide(source).matched; }
};

QStringList seen(const RuleDecision &decision)
{
    QStringList out;
    for (const RuleObservation &o : decision.seen)
        out.append(o.expression + QStringLiteral(" = ") + o.value);
    return out;
}

} // namespace

TEST_CASE("GIVEN a high-intent lead silent for four days WHEN the seed condition runs THEN it "
          "matches and says what it saw",
          "[rules][evaluator]")
{
    Fixture f;
    const RuleDecision decision = f.decide("intent == \"高\" and days_since(last_contact) > 3 and "
                                           "stage in [\"需求沟通\", \"方案提供\"]");
    CHECK(decision.matched);
    CHECK(seen(decision)
          == QStringList{
              QStringLiteral("intent = 高"), QStringLiteral("last_contact = 2026-11-23 09:00"),
              QStringLiteral("days_since(last_contact) = 4"), QStringLiteral("stage = 需求沟通")});

    // 2 days 23 hours: days_since counts whole days, so 2, and the rule does not match.
    f.facts.customer.lastContactAt = fixedNow() - 3 * day + hour;
    const RuleDecision quiet = f.decide("intent == \"高\" and days_since(last_contact) > 3");
    CHECK_FALSE(quiet.matched);
    CHECK(seen(quiet)
          == QStringList{QStringLiteral("intent = 高"),
                         QStringLiteral("last_contact = 2026-11-24 11:00"),
                         QStringLiteral("days_since(last_contact) = 2")});
}

TEST_CASE("and/or stop at the first answer and report only what they read", "[rules][evaluator]")
{
    Fixture f;
    const RuleDecision decision = f.decide("has_tag(\"老客户\") and intent == \"高\"");
    CHECK_FALSE(decision.matched);
    CHECK(seen(decision) == QStringList{QStringLiteral("has_tag(\"老客户\") = false")});
    CHECK(seen(f.decide("has_tag(\"VIP\") or intent == \"低\""))
          == QStringList{QStringLiteral("has_tag(\"VIP\") = true")});
}

TEST_CASE("Missing values: comparisons are false, they equal null, not of a missing yes/no is true",
          "[rules][evaluator]")
{
    Fixture f;
    f.facts.customer.lastContactAt.reset();
    CHECK_FALSE(f.matches("days_since(last_contact) > 3"));
    CHECK_FALSE(f.matches("days_since(last_contact) <= 3"));
    CHECK(f.matches("last_contact == null"));
    CHECK_FALSE(f.matches("last_contact != null"));
    CHECK(f.matches("not last_call.connected"));
    CHECK_FALSE(f.matches("last_call.disposition in [\"未接通\"]"));
    CHECK_FALSE(f.matches("last_call.disposition not in [\"未接通\"]"));
    CHECK(seen(f.decide("last_contact == null"))
          == QStringList{QStringLiteral("last_contact = (none)")});
}

TEST_CASE("Calls are counted over a window and the latest call is the newest one",
          "[rules][evaluator]")
{
    Fixture f;
    f.facts.calls = {
        {fixedNow() - 6 * day, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}},
        {fixedNow() - 1 * day, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}},
        {fixedNow() - 2 * hour, QStringLiteral("有意向"), QStringLiteral("connected"), true, 310,
         QStringLiteral("约了演示")},
        {fixedNow() - 8 * day, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}},
    };
    CHECK(seen(f.decide("count_calls(7) == 3"))
          == QStringList{QStringLiteral("count_calls(7) = 3")});
    CHECK(f.matches("count_calls(9) == 4"));
    CHECK(f.matches("count_calls(36h) == 2"));
    CHECK(f.matches("count_calls_with(\"未接通\", 7) == 2"));
    CHECK(f.matches("count_calls_with(\"未接通\", 30d) == 3"));
    CHECK(f.matches("last_call.disposition == \"有意向\" and last_call.connected"));
    CHECK(f.matches("last_call.duration > 5m and last_call.duration < 6m"));
    CHECK(f.matches("contains(last_call.note, \"演示\")"));
    CHECK(f.matches("hours_since(last_call.at) == 2"));
    CHECK(f.matches("last_call.at > now() - 3h"));
}

TEST_CASE("The latest todo: kind, due, overdue and completion", "[rules][evaluator]")
{
    Fixture f;
    CHECK_FALSE(f.matches("last_todo.overdue"));
    f.facts.lastTodo = TodoFact{QStringLiteral("约见面"), QStringLiteral("meeting"),
                                fixedNow() - hour, 1, std::nullopt, {}};
    CHECK(f.matches(
        "last_todo.kind == \"meeting\" and last_todo.overdue and last_todo.priority == 1"));
    CHECK_FALSE(f.matches("last_todo.completed"));
    f.facts.lastTodo->completedAt = fixedNow() - 30 * minute;
    CHECK_FALSE(f.matches("last_todo.overdue"));
    CHECK(f.matches("last_todo.completed and last_todo.completed_at > last_todo.due"));
}

TEST_CASE("Dates start their day in the workspace's zone; durations add to instants",
          "[rules][evaluator]")
{
    Fixture f;
    // 2026-11-01 00:00 in Beijing is 2026-10-31 16:00 UTC.
    f.facts.customer.createdAt
        = QDateTime(QDate(2026, 10, 31), QTime(17, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    CHECK(f.matches("created_at >= 2026-11-01"));
    f.facts.customer.createdAt
        = QDateTime(QDate(2026, 10, 31), QTime(15, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    CHECK_FALSE(f.matches("created_at >= 2026-11-01"));
    CHECK(f.matches("created_at < 2026-11-01T00:00"));

    // Last contact 4 days 1 hour ago (see Fixture).
    CHECK(f.matches("now() - last_contact > 4d"));
    CHECK_FALSE(f.matches("now() - last_contact > 4d + 2h"));
    CHECK(f.matches("last_contact < now - 97h + 2h"));
    CHECK(seen(f.decide("now() - last_contact > 1d"))
          == QStringList{QStringLiteral("last_contact = 2026-11-23 09:00")});
    CHECK(f.matches("hours_since(assigned_at) >= 24 and hours_since(assigned_at) == 30"));
}

TEST_CASE("Text, tags, numbers and lists", "[rules][evaluator]")
{
    Fixture f;
    CHECK(f.matches("\"VIP\" in tags and has_tag(\"展会\") and contains(tags, \"VIP\")"));
    CHECK_FALSE(f.matches("\"vip\" in tags"));
    CHECK(f.matches("contains(lower(company), \"precision\")"));
    CHECK_FALSE(f.matches("contains(company, \"precision\")"));
    CHECK(f.matches("amount >= 80000 and amount - 5000 == 75000 and -score == -72"));
    CHECK(f.matches("score in [70, 72] and score not in [1, 2]"));
    CHECK(f.matches("stage not in []"));
    CHECK(f.matches("意向 == \"高\" and 阶段 != \"成交\""));
    CHECK(seen(f.decide("amount > 1")) == QStringList{QStringLiteral("amount = 80000")});
    CHECK(seen(f.decide("\"x\" in tags or true"))
          == QStringList{QStringLiteral("tags = [VIP, 展会]")});
}

TEST_CASE("A condition the checker has not accepted never matches", "[rules][evaluator]")
{
    Fixture f;
    const RuleCondition broken
        = RuleCondition::compile(QStringLiteral("intent =="), RuleCheckContext::shipped());
    CHECK_FALSE(broken.ok());
    CHECK_FALSE(broken.decide(f.facts, f.evaluator).matched);
    RuleAst unchecked;
    unchecked.source = QStringLiteral("true");
    unchecked.nodes.append(RuleNode{});
    unchecked.root = 0;
    CHECK_FALSE(f.evaluator.evaluate(unchecked, f.facts).matched);
}

TEST_CASE("The largest condition the limits allow evaluates to its answer",
          "[rules][evaluator][limits]")
{
    Fixture f;
    // In + Field + List + 997 numbers = 1,000 nodes, the most allowed; only the last number is 72.
    const QString source
        = QStringLiteral("score in [") + QStringLiteral("1,").repeated(996) + QStringLiteral("72]");
    const RuleCondition condition = RuleCondition::compile(source, RuleCheckContext::shipped());
    REQUIRE(condition.ok());
    CHECK(condition.ast().nodes.size() == 1000);
    CHECK(condition.decide(f.facts, f.evaluator).matched);
}

TEST_CASE("A condition says how far back it counts calls", "[rules][evaluator]")
{
    const auto window = [](const char *source) {
        return RuleCondition::compile(QString::fromUtf8(source), RuleCheckContext::shipped())
            .callWindowMs();
    };
    CHECK(window("intent == \"高\"") == 0);
    CHECK(window("count_calls(7) > 1 or count_calls_with(\"未接通\", 36h) > 1") == 7 * day);
    CHECK(window("count_calls(7) > 1 or count_calls_with(\"未接通\", 9d) > 1") == 9 * day);
    CHECK(window("count_calls(score) > 1") == -1);
}
