#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/todoservice.h"
#include "core/reference/referencerepository.h"
#include "core/rules/customerfactsreader.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"

#include <QTimeZone>

using namespace Leadline;

namespace {

constexpr qint64 day = 24LL * 60 * 60 * 1000;
// The shipped dispositions' fixed ids (ReferenceRepository::ensureDefaultDispositions).
const QString interested = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QString noAnswer = QStringLiteral("00000000-0000-4000-8000-000000000003");

QString addCustomer(CustomerRepository &repository, const char *name, QStringList tags)
{
    Customer c;
    c.name = QString::fromUtf8(name);
    c.stage = QStringLiteral("需求沟通");
    c.intent = QStringLiteral("高");
    c.tags = std::move(tags);
    const auto id = repository.create(c);
    REQUIRE(id.ok());
    return id.value();
}

void addCall(ActivityRepository &activities,
             const QString &customer,
             qint64 at,
             const QString &disposition,
             bool connected)
{
    Call call;
    call.customerId = customer;
    call.startedAt = at;
    if (connected)
        call.connectedAt = at + 5000;
    call.endedAt = at + 60000;
    call.dispositionId = disposition;
    call.outcome = connected ? QStringLiteral("connected") : QStringLiteral("no_answer");
    REQUIRE(activities.logCall(call).ok());
}

} // namespace

TEST_CASE("GIVEN a workspace WHEN its facts are read THEN each customer has its tags, recent calls "
          "by disposition name, latest call and latest todo",
          "[rules][facts]")
{
    Test::TestWorkspace workspace;
    const qint64 now = workspace.clock().nowMs();
    REQUIRE(ReferenceRepository(workspace.store()).ensureDefaultDispositions().ok());
    CustomerRepository customers(workspace.store());
    ActivityRepository activities(workspace.store());
    const QString wang = addCustomer(customers, "王芳", {QStringLiteral("VIP")});
    const QString li = addCustomer(customers, "李雷", {});
    addCall(activities, wang, now - 40 * day, interested, true); // before the window
    addCall(activities, wang, now - 3 * day, noAnswer, false);
    addCall(activities, wang, now - 1 * day, noAnswer, false);
    addCall(activities, li, now - 50 * day, interested, true); // only an old call
    Todo todo;
    todo.customerId = wang;
    todo.kind = QStringLiteral("meeting");
    todo.title = QStringLiteral("演示");
    todo.dueAt = now - day;
    todo.createdAt = now - 2 * day;
    REQUIRE(TodoService(workspace.store()).add(todo).ok());

    const CustomerFactsReader reader(workspace.store(), now - 30 * day);
    QHash<QString, CustomerFacts> read;
    REQUIRE(reader
                .forEach([&read](const CustomerFacts &facts) {
                    read.insert(facts.customer.id, facts);
                    return true;
                })
                .ok());
    REQUIRE(read.size() == 2);

    const CustomerFacts &w = read.value(wang);
    CHECK(w.customer.name == QStringLiteral("王芳"));
    CHECK(w.customer.tags == QStringList{QStringLiteral("VIP")});
    REQUIRE(w.calls.size() == 2);
    for (const CallFact &call : w.calls)
        CHECK(call.disposition == QStringLiteral("未接通"));
    REQUIRE(w.lastTodo.has_value());
    CHECK(w.lastTodo->kind == QStringLiteral("meeting"));
    CHECK_FALSE(w.lastTodo->completedAt.has_value());

    const CustomerFacts &l = read.value(li);
    REQUIRE(l.calls.size() == 1);
    CHECK(l.calls.first().disposition == QStringLiteral("有意向"));
    CHECK(l.calls.first().connected);
    CHECK_FALSE(l.lastTodo.has_value());

    // The dry run decides on these facts with the evaluator the real run uses.
    const RuleEvaluator evaluator(workspace.clock(), QTimeZone(8 * 3600));
    const RuleCondition condition = RuleCondition::compile(
        QStringLiteral(
            "count_calls_with(\"未接通\", 7) >= 2 and last_todo.overdue and has_tag(\"VIP\")"),
        RuleCheckContext::shipped());
    REQUIRE(condition.ok());
    CHECK(condition.decide(w, evaluator).matched);
    CHECK_FALSE(condition.decide(l, evaluator).matched);
    CHECK(RuleCondition::compile(
              QStringLiteral("last_call.disposition == \"有意向\" and last_call.connected"),
              RuleCheckContext::shipped())
              .decide(l, evaluator)
              .matched);

    int visited = 0;
    REQUIRE(reader.forEach([&visited](const CustomerFacts &) { return ++visited < 1; }).ok());
    CHECK(visited == 1);
}
