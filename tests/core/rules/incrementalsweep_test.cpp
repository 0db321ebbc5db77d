// The incremental time sweep decides exactly what a full sweep decides: on random workspaces
// (customers, calls, to-dos, tags, edits and deletions between sweeps, the clock moving by
// minutes to days), each sweep runs both on the workspace (incremental) and on a copy of it
// taken just before (told to decide every customer), and the runs, actions, scores, to-dos and
// tags they leave must be the same. Run ids are deterministic, so the sets compare directly.
#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulecheckcontext.h"
#include "core/rules/rulecondition.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/rules/ruletimewatch.h"

#include <QRandomGenerator>
#include <QSqlRecord>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <array>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

constexpr qint64 minute = 60 * 1000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

void exec(LocalStore &store, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(store.database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    const bool done = query.exec();
    INFO(sql.toStdString() << " → " << query.lastError().text().toStdString());
    REQUIRE(done);
}

// Everything a sweep decides or writes, as sorted lines.
QStringList outcome(LocalStore &store)
{
    QStringList lines;
    const QStringList queries = {
        QStringLiteral("SELECT 'run', id, rule_id, customer_id, cause, decision, actions, seen "
                       "FROM rule_runs"),
        QStringLiteral("SELECT 'customer', id, COALESCE(owner_id, ''), stage, score, "
                       "score_reasons, deleted FROM customers"),
        QStringLiteral("SELECT 'todo', id, customer_id, COALESCE(agent_id, ''), title, due_at, "
                       "deleted FROM todos"),
        QStringLiteral("SELECT 'tag', ct.customer_id, t.name, ct.deleted FROM customer_tags ct "
                       "JOIN tags t ON t.id = ct.tag_id"),
    };
    for (const QString &sql : queries) {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(sql));
        while (query.next()) {
            QStringList values;
            for (int i = 0; i < query.record().count(); ++i)
                values.append(query.value(i).toString());
            lines.append(values.join(QLatin1Char('|')));
        }
    }
    lines.sort();
    return lines;
}

RuleAction action(RuleActionKind kind, QVariantMap params)
{
    return RuleAction{kind, std::move(params)};
}

Rule timeRule(const char *id, const char *condition, QList<RuleAction> actions,
              RuleTriggerKind trigger = RuleTriggerKind::Schedule)
{
    Rule rule;
    rule.id = QString::fromLatin1(id);
    rule.name = rule.id;
    rule.trigger = {trigger, {}, {}};
    rule.condition = QString::fromUtf8(condition);
    rule.actions = std::move(actions);
    return rule;
}

// The shipped time rules and more that read every kind of fact and threshold.
QList<Rule> sweepRules()
{
    QList<Rule> rules;
    for (const Rule &rule : DefaultRules::all()) {
        if (rule.trigger.kind == RuleTriggerKind::Schedule)
            rules.append(rule);
    }
    const auto todo = [](const char *title) {
        return action(RuleActionKind::CreateTodo, {{QStringLiteral("title"), QString::fromUtf8(title)},
                                                   {QStringLiteral("kind"), QStringLiteral("task")},
                                                   {QStringLiteral("due"), QStringLiteral("1d")},
                                                   {QStringLiteral("priority"), 2}});
    };
    rules.append(timeRule("t-unanswered",
                          "count_calls_with(\"未接通\", 3) >= 2 and not has_tag(\"中期培育\")",
                          {todo("再次致电{name}"),
                           action(RuleActionKind::AddTag,
                                  {{QStringLiteral("tag"), QStringLiteral("中期培育")}})}));
    rules.append(timeRule("t-overdue", "last_todo.priority <= 2",
                          {action(RuleActionKind::Notify,
                                  {{QStringLiteral("to"), QStringList{QStringLiteral("owner")}},
                                   {QStringLiteral("message"), QStringLiteral("{name} 待办逾期")}})},
                          RuleTriggerKind::TodoOverdue));
    rules.append(timeRule("t-pool-least-loaded",
                          "owner == null and created_at < now() - 2d and score >= 5",
                          {action(RuleActionKind::Assign,
                                  {{QStringLiteral("mode"), QStringLiteral("least_loaded")}})}));
    rules.append(timeRule("t-round-robin", "intent == \"中\" and last_todo.overdue",
                          {action(RuleActionKind::Assign,
                                  {{QStringLiteral("mode"), QStringLiteral("round_robin")},
                                   {QStringLiteral("team"), QStringLiteral("north")}})}));
    rules.append(timeRule("t-first-calls", "count_calls(2) >= 1 and stage == \"首次联系\"",
                          {action(RuleActionKind::ChangeStage,
                                  {{QStringLiteral("stage"), QStringLiteral("需求沟通")}})}));
    rules.append(timeRule("t-hours", "hours_since(last_call.at) > 30 and intent != \"无\"",
                          {todo("{name} 超过 30 小时未再通话")}));
    return rules;
}

struct Randomized
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    RuleRunner runner{store};
    QRandomGenerator random;
    QStringList customers;
    qint64 serial = 0; // keeps created_at distinct, so "the latest to-do" is never a tie

    explicit Randomized(quint32 seed, bool shippedOnly = false)
        : random(seed)
    {
        exec(store, QStringLiteral("INSERT INTO teams(id, name, supervisor_id) "
                                   "VALUES('north', '北区', 'li')"));
        exec(store, QStringLiteral(
                        "INSERT INTO agents(id, login, name, role, team_id, active) VALUES"
                        "('li', 'li', '李主管', 'supervisor', 'north', 1),"
                        "('wang', 'wang', '王伟', 'agent', 'north', 1),"
                        "('zhao', 'zhao', '赵静', 'agent', 'north', 1),"
                        "('sun', 'sun', '孙丽', 'agent', 'north', 1)"));
        store.setCurrentAgentId(QStringLiteral("li"));
        REQUIRE(ReferenceRepository(store).ensureDefaultDispositions());
        RuleRepository repository(store);
        for (const Rule &rule : sweepRules()) {
            if (shippedOnly && !rule.id.startsWith(QLatin1String("default-")))
                continue;
            auto saved = repository.save(rule);
            INFO(rule.id.toStdString());
            REQUIRE(saved.message() == QString());
        }
        runner.install();
        for (int i = 0; i < 80; ++i)
            addCustomer();
    }

    qint64 now() { return workspace.clock().nowMs(); }

    template<typename T>
    T pick(const QList<T> &list)
    {
        return list.at(int(random.bounded(quint32(list.size()))));
    }

    QVariant maybeTime(qint64 span)
    {
        if (random.bounded(4) == 0)
            return QVariant(QMetaType::fromType<qint64>());
        return now() - qint64(random.bounded(quint32(span / minute))) * minute;
    }

    void addCustomer()
    {
        Customer customer;
        customer.name = QStringLiteral("客户%1").arg(customers.size());
        customer.company = customer.name + QStringLiteral("公司");
        customer.source = pick(QStringList{QStringLiteral("电话营销"), QStringLiteral("官网注册")});
        auto id = CustomerRepository(store).create(customer);
        REQUIRE(id.message() == QString());
        customers.append(*id);
        editCustomer(*id);
        for (int calls = int(random.bounded(4)); calls > 0; --calls)
            addCall(*id);
        if (random.bounded(2) == 0)
            addTodo(*id);
    }

    // Written straight to the tables, as the sync writes what it pulls.
    void editCustomer(const QString &id)
    {
        const QVariant owner = random.bounded(3) == 0
                                   ? QVariant(QMetaType::fromType<QString>())
                                   : QVariant(pick(QStringList{QStringLiteral("wang"),
                                                               QStringLiteral("zhao"),
                                                               QStringLiteral("sun")}));
        exec(store,
             QStringLiteral("UPDATE customers SET intent = ?, stage = ?, owner_id = ?, "
                            "created_at = ?, assigned_at = ?, last_contact_at = ?, "
                            "industry = ? WHERE id = ?"),
             {pick(QStringList{QStringLiteral("高"), QStringLiteral("中"), QStringLiteral("低"),
                               QStringLiteral("无")}),
              pick(QStringList{QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                               QStringLiteral("方案提供"), QStringLiteral("成交")}),
              owner, now() - qint64(random.bounded(40 * 24)) * hour,
              owner.isNull() ? QVariant(QMetaType::fromType<qint64>()) : maybeTime(4 * day),
              maybeTime(40 * day),
              pick(QStringList{QStringLiteral("制造业"), QStringLiteral("教育"), QStringLiteral("零售")}), id});
    }

    void addCall(const QString &id)
    {
        const bool connected = random.bounded(3) == 0;
        const qint64 started = now() - qint64(random.bounded(5 * 24 * 60)) * minute
                               + (random.bounded(20) == 0 ? 2 * hour : 0); // a few ahead
        exec(store,
             QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at, "
                            "connected_at, duration_s, disposition_id) VALUES (?, ?, 'wang', ?, "
                            "?, ?, (SELECT id FROM dispositions WHERE name = ?))"),
             {QStringLiteral("call-%1").arg(++serial), id, started,
              connected ? QVariant(started + 5000) : QVariant(QMetaType::fromType<qint64>()),
              connected ? 120 : 0,
              connected ? QStringLiteral("有意向") : QStringLiteral("未接通")});
    }

    void addTodo(const QString &id)
    {
        exec(store,
             QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, kind, title, due_at, "
                            "priority, created_at) VALUES (?, ?, 'wang', 'callback', '回电', ?, ?, ?)"),
             {QStringLiteral("todo-%1").arg(++serial), id,
              now() + qint64(random.bounded(6 * 24 * 60)) * minute - 2 * day,
              int(random.bounded(3)) + 1, now() - 3 * day + serial});
    }

    // A handful of changes between two sweeps.
    void change()
    {
        for (int n = int(random.bounded(8)); n > 0; --n) {
            const QString id = pick(customers);
            switch (random.bounded(8)) {
            case 0:
                editCustomer(id);
                break;
            case 1:
            case 2:
                addCall(id);
                break;
            case 3:
                addTodo(id);
                break;
            case 4:
                exec(store,
                     QStringLiteral("UPDATE todos SET completed_at = ? WHERE customer_id = ?"),
                     {now(), id});
                break;
            case 5:
                exec(store, QStringLiteral("UPDATE customer_tags SET deleted = 1 WHERE "
                                           "customer_id = ?"),
                     {id});
                break;
            case 6:
                exec(store, QStringLiteral("UPDATE customers SET deleted = 1 WHERE id = ?"), {id});
                break;
            default:
                addCustomer();
                break;
            }
        }
    }
};

} // namespace

TEST_CASE("Time watches: the thresholds a condition's clock readings can cross", "[rules][sweep]")
{
    const auto watches = [](const char *source) {
        const RuleCondition condition
            = RuleCondition::compile(QString::fromUtf8(source), RuleCheckContext::shipped());
        REQUIRE(condition.ok());
        return RuleTimeWatch::of(condition, RuleTriggerKind::Schedule);
    };
    using Column = RuleTimeWatch::Column;
    const auto silent = watches("days_since(last_contact) >= 3");
    REQUIRE(silent);
    CHECK(silent->contains(RuleTimeWatch{Column::LastContact, 3 * day}));
    CHECK(silent->contains(RuleTimeWatch{Column::LastContact, 4 * day}));
    const auto hours = watches("24 <= hours_since(assigned_at)");
    REQUIRE(hours);
    CHECK(hours->contains(RuleTimeWatch{Column::AssignedAt, 24 * hour}));
    const auto window = watches("count_calls(14) >= 2");
    REQUIRE(window);
    CHECK(window->contains(RuleTimeWatch{Column::CallStarted, 14 * day}));
    const auto clock = watches("created_at < now() - 2d");
    REQUIRE(clock);
    CHECK(*clock == QList<RuleTimeWatch>{{Column::CreatedAt, 2 * day}});
    CHECK(watches("intent == \"高\"")->isEmpty());
    // Clock readings it does not follow: such a rule is decided for every customer.
    CHECK_FALSE(watches("days_since(last_contact) > count_calls(3)"));
    CHECK_FALSE(watches("days_since(last_contact) + 1 > 3"));
    CHECK_FALSE(watches("now() > 2026-03-01"));
}

TEST_CASE("The incremental sweep decides exactly what a full sweep decides, on random workspaces",
          "[rules][sweep][random]")
{
    const quint32 seed = GENERATE(1U, 2U, 3U, 4U);
    INFO("seed " << seed);
    Randomized w(seed);
    QTemporaryDir copies;
    REQUIRE(copies.isValid());
    int incremental = 0;
    int partial = 0;
    int applied = 0;
    for (int step = 0; step < 14; ++step) {
        INFO("step " << step);
        // A copy of the workspace as it is now, told to decide every customer.
        const QString copyPath = copies.filePath(QStringLiteral("copy%1.leadline").arg(step));
        exec(w.store, QStringLiteral("VACUUM INTO ?"), {copyPath});
        auto copy = LocalStore::open(copyPath);
        REQUIRE(copy.message() == QString());
        LocalStore &full = **copy;
        exec(full, QStringLiteral("PRAGMA synchronous=OFF")); // as the test workspace: no flushes
        full.setClock(&w.workspace.clock());
        full.setCurrentAgentId(QStringLiteral("li"));
        REQUIRE(full.setStateValue(QStringLiteral("rules.last_sweep_signature"),
                                   QStringLiteral("decide everyone")));
        RuleRunner fullRunner(full);
        fullRunner.install();

        auto swept = w.runner.sweep();
        REQUIRE(swept.message() == QString());
        auto reference = fullRunner.sweep();
        REQUIRE(reference.message() == QString());
        CHECK(reference->full);
        CHECK(swept->applied == reference->applied);
        CHECK(swept->failed == 0);
        if (!swept->full) {
            ++incremental;
            if (swept->customers < reference->customers)
                ++partial;
        }
        applied += swept->applied;
        const QStringList mine = outcome(w.store);
        const QStringList theirs = outcome(full);
        if (mine != theirs) {
            for (const QString &line : mine) {
                if (!theirs.contains(line))
                    UNSCOPED_INFO("incremental only: " << line.toStdString());
            }
            for (const QString &line : theirs) {
                if (!mine.contains(line))
                    UNSCOPED_INFO("full only: " << line.toStdString());
            }
        }
        REQUIRE(mine == theirs);

        // The clock moves on by minutes to days, and the workspace changes meanwhile.
        const qint64 advance = std::array<qint64, 5>{5 * minute, 47 * minute, 7 * hour, day + 13 * minute,
                                                     3 * day}[w.random.bounded(5)];
        w.workspace.clock().advanceMs(advance);
        w.change();
    }
    // The first sweep decides everyone; later ones only the customers that may change.
    CHECK(incremental == 13);
    CHECK(partial >= 3);
    CHECK(applied > 20);
}

TEST_CASE("A sweep after the rules change decides every customer again", "[rules][sweep]")
{
    Randomized w(99, true);
    auto first = w.runner.sweep();
    REQUIRE(first.message() == QString());
    CHECK(first->full);
    // The first sweeps rescore the customers written without their scores (as pulled) and
    // their actions open the way for other rules; once that settles, a sweep decides only what
    // the clock or a change moved.
    int settled = 0;
    for (int i = 0; i < 10 && settled < 2; ++i) {
        w.workspace.clock().advanceMs(5 * minute);
        auto next = w.runner.sweep();
        REQUIRE(next.message() == QString());
        CHECK_FALSE(next->full);
        if (settled == 1)
            CHECK(next->customers < first->customers / 4);
        settled = next->applied == 0 && next->rescored == 0 ? settled + 1 : 0;
    }
    CHECK(settled == 2);

    Rule rule = sweepRules().constLast();
    rule.condition = QStringLiteral("hours_since(last_call.at) > 20 and intent != \"无\"");
    REQUIRE(RuleRepository(w.store).save(rule).message() == QString());
    w.workspace.clock().advanceMs(5 * minute);
    auto changed = w.runner.sweep();
    REQUIRE(changed.message() == QString());
    CHECK(changed->full);

    // A condition whose clock reading it cannot follow: every sweep decides everyone.
    rule.condition = QStringLiteral("days_since(last_contact) > count_calls(3)");
    REQUIRE(RuleRepository(w.store).save(rule).message() == QString());
    for (int i = 0; i < 2; ++i) {
        w.workspace.clock().advanceMs(5 * minute);
        auto swept = w.runner.sweep();
        REQUIRE(swept.message() == QString());
        CHECK(swept->full);
    }
}

TEST_CASE("Every threshold an incremental sweep watches is looked up through an index",
          "[rules][sweep]")
{
    TestWorkspace workspace;
    using Column = RuleTimeWatch::Column;
    for (const Column column : {Column::LastContact, Column::AssignedAt, Column::CreatedAt,
                                Column::UpdatedAt, Column::CallStarted, Column::TodoDue,
                                Column::TodoCompleted}) {
        QSqlQuery plan(workspace.store().database());
        plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + RuleTimeWatch::customersQuery(column));
        plan.addBindValue(1);
        plan.addBindValue(2);
        REQUIRE(plan.exec());
        QStringList steps;
        while (plan.next())
            steps.append(plan.value(3).toString());
        INFO("column " << int(column) << ": " << steps.join(QStringLiteral("; ")).toStdString());
        // A scan reads every customer, call or to-do at each sweep, whatever crossed.
        REQUIRE(steps.size() == 1);
        CHECK(steps.first().startsWith(QLatin1String("SEARCH")));
        CHECK(steps.first().contains(QLatin1String("INDEX")));
        CHECK_FALSE(steps.first().contains(QLatin1String("ANY(")));
    }
}

TEST_CASE("An incremental sweep finds the customers whose to-do completion or last update "
          "crossed a threshold",
          "[rules][sweep]")
{
    const bool byTodo = GENERATE(true, false);
    INFO((byTodo ? "last_todo.completed_at" : "updated_at"));
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    exec(store, QStringLiteral("INSERT INTO agents(id, login, name, role, active) VALUES"
                               "('li', 'li', '李主管', 'supervisor', 1)"));
    store.setCurrentAgentId(QStringLiteral("li"));
    Rule rule = timeRule(byTodo ? "t-completed" : "t-updated",
                         byTodo ? "days_since(last_todo.completed_at) >= 2"
                                : "days_since(updated_at) >= 2",
                         {action(RuleActionKind::AddTag,
                                 {{QStringLiteral("tag"), QStringLiteral("待回访")}})});
    REQUIRE(RuleRepository(store).save(rule).message() == QString());
    RuleRunner runner(store);
    runner.install();
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        Customer customer;
        customer.name = QStringLiteral("客户%1").arg(i);
        auto id = CustomerRepository(store).create(customer);
        REQUIRE(id.message() == QString());
        ids.append(*id);
    }
    auto first = runner.sweep();
    REQUIRE(first.message() == QString());
    CHECK(first->full);
    CHECK(first->applied == 0);

    // The second customer's timestamp is 3 minutes short of two days; the others' far from it.
    const qint64 now = workspace.clock().nowMs();
    if (byTodo) {
        exec(store,
             QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, kind, title, due_at, "
                            "priority, created_at, completed_at) VALUES "
                            "('todo-a', ?, 'li', 'callback', '回电', ?, 2, ?, ?), "
                            "('todo-b', ?, 'li', 'callback', '回电', ?, 2, ?, ?)"),
             {ids.at(1), now, now - 3 * day, now - 2 * day + 3 * minute, ids.at(2), now,
              now - 3 * day, now - hour});
    } else {
        exec(store, QStringLiteral("UPDATE customers SET updated_at = ? WHERE id = ?"),
             {now - 2 * day + 3 * minute, ids.at(1)});
    }
    workspace.clock().advanceMs(minute);
    auto changed = runner.sweep();
    REQUIRE(changed.message() == QString());
    CHECK_FALSE(changed->full);
    CHECK(changed->applied == 0);

    // Nothing changes now; only the clock crosses the threshold.
    workspace.clock().advanceMs(5 * minute);
    auto crossed = runner.sweep();
    REQUIRE(crossed.message() == QString());
    CHECK_FALSE(crossed->full);
    CHECK(crossed->customers < 3);
    CHECK(crossed->applied == 1);
    CHECK(workspace.rowCount(QStringLiteral("rule_runs"),
                             QStringLiteral("customer_id = '%1'").arg(ids.at(1)))
          == 1);
}
