#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/rules/rulecondition.h"

using namespace Leadline;

namespace {

RuleCondition compile(const QString &source)
{
    return RuleCondition::compile(source, RuleCheckContext::shipped());
}

std::string messageOf(const QString &source)
{
    const RuleCondition condition = compile(source);
    return (condition.ok() ? QStringLiteral("(accepted)") : condition.error()->message)
        .toStdString();
}

} // namespace

TEST_CASE("The checker accepts every construct with the right types", "[rules][checker]")
{
    const char *accepted[] = {
        "intent == \"高\" and days_since(last_contact) > 3 and stage in [\"需求沟通\", "
        "\"方案提供\"]",
        "意向 == \"高\"",
        "not has_tag(\"VIP\") or \"VIP\" in tags",
        "count_calls(7) >= 2 and count_calls(7d) >= 2",
        "count_calls_with(\"未接通\", 14) >= 2",
        "last_call.disposition in [\"未接通\", \"忙线\"] and not last_call.connected",
        "last_call.duration > 5m and last_call.at > now() - 24h",
        "last_todo.kind == \"meeting\" and last_todo.overdue and last_todo.priority <= 2",
        "last_contact == null or last_contact < assigned_at",
        "now() - created_at >= 30d",
        "created_at > 2026-01-01 and created_at < 2026-12-31T18:00",
        "contains(lower(company), \"tech\") and contains(tags, \"VIP\")",
        "amount + 1000 > 5000 and -score < 0 and score not in [1, 2, 3]",
        "hours_since(assigned_at) >= 24",
        "true",
        "customer_type == \"价格敏感型\" and source != \"\"",
    };
    for (const char *source : accepted) {
        CAPTURE(source);
        CHECK(messageOf(QString::fromUtf8(source)) == std::string("(accepted)"));
    }
    const RuleCondition condition = compile(QStringLiteral("意向 == \"高\""));
    const RuleAst &ast = condition.ast();
    CHECK(ast.checked);
    CHECK(ast.node(ast.node(ast.root).children.at(0)).key == QStringLiteral("intent"));
    CHECK(ast.node(ast.node(ast.root).children.at(0)).domain == QStringLiteral("intent"));
}

TEST_CASE("Checker errors name the spot, what was expected and what was found", "[rules][checker]")
{
    CHECK(messageOf(QStringLiteral("intnt == \"高\""))
          == std::string(
              "Line 1, column 1: expected a field such as \"intent\", but found \"intnt\""));
    CHECK(messageOf(QStringLiteral("favourite_colour == \"red\""))
          == std::string("Line 1, column 1: expected a customer field, last_call.… or last_todo.…, "
                         "but found \"favourite_colour\""));
    CHECK(messageOf(QStringLiteral("last_call.mood == \"x\""))
          == std::string("Line 1, column 1: expected a customer field, last_call.… or last_todo.…, "
                         "but found \"last_call.mood\""));
    CHECK(messageOf(QStringLiteral("stage == \"谈判\""))
          == std::string("Line 1, column 10: expected a stage (首次联系, 需求沟通, 方案提供, "
                         "报价阶段, 待签约, 成交, 流失), but found \"谈判\""));
    CHECK(messageOf(QStringLiteral("\"极高\" == intent"))
          == std::string(
              "Line 1, column 1: expected an intent level (高, 中, 低, 无), but found \"极高\""));
    CHECK(messageOf(QStringLiteral("stage in [\"成交\", \"赢单\"]"))
          == std::string("Line 1, column 17: expected a stage (首次联系, 需求沟通, 方案提供, "
                         "报价阶段, 待签约, 成交, 流失), but found \"赢单\""));
    CHECK(messageOf(QStringLiteral("count_calls_with(\"没接\", 7) > 1"))
          == std::string("Line 1, column 18: expected a disposition (有意向, 无意向, 未接通, 忙线, "
                         "空号/错号, 语音信箱, 要求回电, 已成交), but found \"没接\""));
    CHECK(messageOf(QStringLiteral("last_call.disposition == \"没接\""))
              .rfind("Line 1, column 26: expected a disposition (", 0)
          == 0);
    CHECK(messageOf(QStringLiteral("last_todo.kind == \"call\""))
          == std::string("Line 1, column 19: expected a todo kind (callback, task, meeting), but "
                         "found \"call\""));
    CHECK(messageOf(QStringLiteral("days_since(last_contact, 3) > 1"))
          == std::string("Line 1, column 1: expected the number of arguments days_since takes (1), "
                         "but found 2"));
    CHECK(messageOf(QStringLiteral("now(1) > created_at"))
          == std::string(
              "Line 1, column 1: expected the number of arguments now takes (0), but found 1"));
    CHECK(messageOf(QStringLiteral("weeks_since(last_contact) > 1"))
          == std::string(
              "Line 1, column 1: expected a function (now, days_since, hours_since, has_tag, "
              "count_calls, count_calls_with, lower, contains), but found \"weeks_since\""));
    CHECK(
        messageOf(QStringLiteral("days_since(stage) > 3"))
        == std::string("Line 1, column 12: expected a date and time, but found \"stage\" (text)"));
    CHECK(messageOf(QStringLiteral("stage == 3"))
          == std::string("Line 1, column 10: expected text, but found \"3\" (a number)"));
    CHECK(messageOf(QStringLiteral("stage > \"a\""))
          == std::string("Line 1, column 1: expected a number, a date or a duration, but found "
                         "\"stage\" (text)"));
    CHECK(messageOf(QStringLiteral("days_since(last_contact) > 3d"))
          == std::string("Line 1, column 28: expected a number, but found \"3d\" (a duration)"));
    CHECK(messageOf(QStringLiteral("intent"))
          == std::string(
              "Line 1, column 1: expected a true/false condition, but found \"intent\" (text)"));
    CHECK(
        messageOf(QStringLiteral("has_tag(\"VIP\") and score"))
        == std::string(
            "Line 1, column 20: expected a true/false condition, but found \"score\" (a number)"));
    CHECK(
        messageOf(QStringLiteral("not amount"))
        == std::string(
            "Line 1, column 5: expected a true/false condition, but found \"amount\" (a number)"));
    CHECK(messageOf(QStringLiteral("score in [1, \"2\"]"))
          == std::string("Line 1, column 14: expected a number, but found \"2\" (text)"));
    CHECK(messageOf(QStringLiteral("stage in [1, 2]"))
          == std::string("Line 1, column 10: expected a list of text, but found \"[1, 2]\" (a list "
                         "of numbers)"));
    CHECK(messageOf(QStringLiteral("tags == [\"a\"]"))
          == std::string(
              "Line 1, column 1: expected a single value, but found \"tags\" (a list of text)"));
    CHECK(messageOf(QStringLiteral("created_at + 3 > now()"))
          == std::string("Line 1, column 14: expected a duration, but found \"3\" (a number)"));
    CHECK(messageOf(QStringLiteral("-stage == \"a\""))
          == std::string(
              "Line 1, column 2: expected a number or a duration, but found \"stage\" (text)"));
    CHECK(
        messageOf(QStringLiteral("[[1]] == 1"))
        == std::string(
            "Line 1, column 2: expected text or a number, but found \"[1]\" (a list of numbers)"));
    CHECK(
        messageOf(QStringLiteral("contains(score, \"1\")"))
        == std::string(
            "Line 1, column 10: expected text or a list of text, but found \"score\" (a number)"));
    CHECK(
        messageOf(QStringLiteral("count_calls(\"7\") > 1"))
        == std::string(
            "Line 1, column 13: expected a number of days or a duration, but found \"7\" (text)"));
}

TEST_CASE("An error is shown with the source line and the spot underlined", "[rules][checker]")
{
    const QString source = QStringLiteral("intent == \"高\"\n  and days_since(stage) > 3");
    const RuleCondition condition = compile(source);
    REQUIRE_FALSE(condition.ok());
    CHECK(condition.error()->line == 2);
    CHECK(condition.error()->column == 18);
    CHECK(condition.error()->display(source).toStdString()
          == "Line 2, column 18: expected a date and time, but found \"stage\" (text)\n"
             "  and days_since(stage) > 3\n"
                 + std::string(17, ' ') + "^~~~~");
}
