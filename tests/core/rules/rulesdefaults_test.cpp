#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/domain/clock.h"
#include "core/rules/customerfacts.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
#include "core/rules/rulevalidator.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Leadline;

namespace {

constexpr qint64 hour = 60 * 60 * 1000;
constexpr qint64 day = 24 * hour;
const QTimeZone beijing(8 * 3600);

qint64 fixedNow()
{
    return QDateTime(QDate(2026, 11, 27), QTime(10, 0), beijing).toMSecsSinceEpoch();
}

Rule defaultRule(const QString &id)
{
    for (const Rule &rule : DefaultRules::all()) {
        if (rule.id == id)
            return rule;
    }
    FAIL("no default rule " << id.toStdString());
    return {};
}

bool matches(const QString &id, const CustomerFacts &facts)
{
    const FakeClock clock(fixedNow());
    const RuleEvaluator evaluator(clock, beijing);
    const RuleCondition condition
        = RuleCondition::compile(defaultRule(id).condition, RuleCheckContext::shipped());
    REQUIRE(condition.ok());
    return condition.decide(facts, evaluator).matched;
}

CustomerFacts lead()
{
    CustomerFacts facts;
    facts.customer.name = QStringLiteral("赵磊");
    facts.customer.company = QStringLiteral("宁波海天塑机");
    facts.customer.stage = QStringLiteral("首次联系");
    facts.customer.intent = QStringLiteral("中");
    facts.customer.createdAt = fixedNow() - 10 * day;
    return facts;
}

QStringList wheres(const QList<Error> &errors)
{
    QStringList out;
    for (const Error &error : errors)
        out.append(error.field);
    return out;
}

} // namespace

TEST_CASE("The six default rules pass the validator and the checker", "[rules][defaults]")
{
    const QList<Rule> rules = DefaultRules::all();
    REQUIRE(rules.size() == 6);
    const RuleValidator validator(RuleCheckContext::shipped());
    for (const Rule &rule : rules) {
        CAPTURE(rule.id);
        QStringList messages;
        for (const Error &error : validator.validate(rule))
            messages.append(error.field + QStringLiteral(": ") + error.message);
        CHECK(messages == QStringList{});
    }
    CHECK(defaultRule(QStringLiteral("default-new-web-lead")).trigger.kind
          == RuleTriggerKind::CustomerCreated);
    CHECK(defaultRule(QStringLiteral("default-high-intent-meeting")).trigger.kind
          == RuleTriggerKind::FieldChanged);
    CHECK(defaultRule(QStringLiteral("default-two-unanswered")).actions.size() == 2);
    CHECK(defaultRule(QStringLiteral("default-two-unanswered")).actions.at(1).kind
          == RuleActionKind::AddTag);
}

TEST_CASE("GIVEN a new web lead in the pool THEN the new-lead rule matches", "[rules][defaults]")
{
    CustomerFacts facts = lead();
    facts.customer.source = QStringLiteral("官网注册");
    CHECK(matches(QStringLiteral("default-new-web-lead"), facts));
    facts.customer.ownerId = QStringLiteral("agent-1");
    CHECK_FALSE(matches(QStringLiteral("default-new-web-lead"), facts));
    facts.customer.ownerId.clear();
    facts.customer.source = QStringLiteral("展会名片");
    CHECK_FALSE(matches(QStringLiteral("default-new-web-lead"), facts));
}

TEST_CASE("GIVEN a high-intent lead THEN it is flagged after 3 silent days, contacted or not",
          "[rules][defaults]")
{
    CustomerFacts facts = lead();
    facts.customer.intent = QStringLiteral("高");
    facts.customer.lastContactAt = fixedNow() - 3 * day - hour;
    CHECK(matches(QStringLiteral("default-high-intent-silent-3d"), facts));
    facts.customer.lastContactAt = fixedNow() - 2 * day;
    CHECK_FALSE(matches(QStringLiteral("default-high-intent-silent-3d"), facts));
    // Never contacted, created 10 days ago.
    facts.customer.lastContactAt.reset();
    CHECK(matches(QStringLiteral("default-high-intent-silent-3d"), facts));
    facts.customer.stage = QStringLiteral("成交");
    CHECK_FALSE(matches(QStringLiteral("default-high-intent-silent-3d"), facts));
}

TEST_CASE("GIVEN an assigned lead THEN it goes back to the pool only without a follow-up in 24 h",
          "[rules][defaults]")
{
    CustomerFacts facts = lead();
    facts.customer.ownerId = QStringLiteral("agent-1");
    facts.customer.assignedAt = fixedNow() - 25 * hour;
    CHECK(matches(QStringLiteral("default-no-follow-up-24h"), facts));
    facts.customer.lastContactAt = fixedNow() - 20 * hour; // called after the assignment
    CHECK_FALSE(matches(QStringLiteral("default-no-follow-up-24h"), facts));
    facts.customer.lastContactAt = fixedNow() - 30 * hour; // only before it
    CHECK(matches(QStringLiteral("default-no-follow-up-24h"), facts));
    facts.customer.assignedAt = fixedNow() - 23 * hour;
    CHECK_FALSE(matches(QStringLiteral("default-no-follow-up-24h"), facts));
}

TEST_CASE("GIVEN leads in needs analysis THEN 30 silent days send them to nurture",
          "[rules][defaults]")
{
    CustomerFacts facts = lead();
    facts.customer.stage = QStringLiteral("需求沟通");
    facts.customer.lastContactAt = fixedNow() - 31 * day;
    CHECK(matches(QStringLiteral("default-silent-30d-nurture"), facts));
    facts.customer.lastContactAt = fixedNow() - 29 * day;
    CHECK_FALSE(matches(QStringLiteral("default-silent-30d-nurture"), facts));
}

TEST_CASE("GIVEN two unanswered calls in two weeks THEN the call task and tag rule matches once",
          "[rules][defaults]")
{
    CustomerFacts facts = lead();
    facts.calls = {{fixedNow() - 3 * day,
                    QStringLiteral("未接通"),
                    QStringLiteral("no_answer"),
                    false,
                    0,
                    {}}};
    CHECK_FALSE(matches(QStringLiteral("default-two-unanswered"), facts));
    facts.calls.append(
        {fixedNow() - hour, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}});
    CHECK(matches(QStringLiteral("default-two-unanswered"), facts));
    facts.customer.tags = {QStringLiteral("中期培育")}; // already tagged by an earlier run
    CHECK_FALSE(matches(QStringLiteral("default-two-unanswered"), facts));
}

TEST_CASE("The validator names each problem of a rule where it is", "[rules][validator]")
{
    const RuleValidator validator(RuleCheckContext::shipped());
    Rule rule;
    rule.trigger = {RuleTriggerKind::FieldChanged, QStringLiteral("mood"), {}};
    rule.condition = QStringLiteral("intent == ");
    CHECK(wheres(validator.validate(rule))
          == QStringList{QStringLiteral("name"), QStringLiteral("trigger"),
                         QStringLiteral("condition"), QStringLiteral("actions")});
    CHECK(validator.validate(rule).at(2).message
          == QStringLiteral("Line 1, column 11: expected a value, but found the end of the rule"));

    rule.name = QStringLiteral("测试");
    rule.trigger = {RuleTriggerKind::CallLogged, {}, QStringLiteral("没人接")};
    rule.condition = QStringLiteral("true");
    rule.actions = {
        {RuleActionKind::CreateTodo,
         {{QStringLiteral("title"), QStringLiteral("回电 {nickname}")},
          {QStringLiteral("due"), QStringLiteral("tomorrow")},
          {QStringLiteral("priority"), 5},
          {QStringLiteral("kind"), QStringLiteral("call")}}},
        {RuleActionKind::SetField,
         {{QStringLiteral("field"), QStringLiteral("score")}, {QStringLiteral("value"), 99}}},
        {RuleActionKind::SetField,
         {{QStringLiteral("field"), QStringLiteral("intent")},
          {QStringLiteral("value"), QStringLiteral("极高")}}},
        {RuleActionKind::ChangeStage, {{QStringLiteral("stage"), QStringLiteral("谈判")}}},
        {RuleActionKind::Assign, {{QStringLiteral("mode"), QStringLiteral("round_robin")}}},
        {RuleActionKind::Notify, {{QStringLiteral("to"), QStringList{QStringLiteral("everyone")}}}},
        {RuleActionKind::AddTag, {{QStringLiteral("tag"), QString()}}},
        {RuleActionKind::AddToNurture, {}},
    };
    CHECK(wheres(validator.validate(rule))
          == QStringList{QStringLiteral("trigger"), QStringLiteral("actions/0/title"),
                         QStringLiteral("actions/0/kind"), QStringLiteral("actions/0/due"),
                         QStringLiteral("actions/0/priority"), QStringLiteral("actions/1/field"),
                         QStringLiteral("actions/2/value"), QStringLiteral("actions/3/stage"),
                         QStringLiteral("actions/4/team"), QStringLiteral("actions/5/to"),
                         QStringLiteral("actions/5/message"), QStringLiteral("actions/6/tag"),
                         QStringLiteral("actions/7/list")});
    CHECK(validator.validate(rule).at(1).message
          == QStringLiteral(
              "Unknown merge field {nickname}; use a customer field such as {name} or {company}."));
}

TEST_CASE("Due offsets are durations of the condition language", "[rules][validator]")
{
    CHECK(RuleValidator::parseDuration(QStringLiteral("2h")) == 2 * hour);
    CHECK(RuleValidator::parseDuration(QStringLiteral(" 3d ")) == 3 * day);
    CHECK(RuleValidator::parseDuration(QStringLiteral("1天")) == day);
    CHECK_FALSE(RuleValidator::parseDuration(QStringLiteral("2")));
    CHECK_FALSE(RuleValidator::parseDuration(QStringLiteral("2h 3h")));
    CHECK_FALSE(RuleValidator::parseDuration(QStringLiteral("soon")));
}
