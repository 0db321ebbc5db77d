// The rules at run time: each default rule end to end (event in → todo, assignment, tag,
// timeline entry and outbox entries out), runs that never repeat, the cascade bound, and the
// dry run deciding exactly what the real run does on a randomized workspace.
#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/todoservice.h"
#include "core/reference/referencerepository.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/rules/rulescheduler.h"
#include "core/storage/changebus.h"
#include "core/storage/changeset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSignalSpy>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

constexpr qint64 hour = 60 * 60 * 1000;
constexpr qint64 day = 24 * hour;

Rule defaultRule(const QString &id)
{
    for (const Rule &rule : DefaultRules::all()) {
        if (rule.id == id)
            return rule;
    }
    FAIL("no default rule " << id.toStdString());
    return {};
}

// A team North: supervisor li, agents wang and zhao; li is signed in.
struct World
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    CustomerRepository customers{store};
    ActivityRepository activities{store};
    RuleRepository rules{store};
    RuleRunner runner{store};

    World()
    {
        exec("INSERT INTO teams(id, name, supervisor_id) VALUES('north', '北区', 'li')");
        exec("INSERT INTO agents(id, login, name, role, team_id, active) VALUES"
             "('li', 'li', '李主管', 'supervisor', 'north', 1),"
             "('wang', 'wang', '王伟', 'agent', 'north', 1),"
             "('zhao', 'zhao', '赵静', 'agent', 'north', 1)");
        store.setCurrentAgentId(QStringLiteral("li"));
        REQUIRE(ReferenceRepository(store).ensureDefaultDispositions());
        runner.install();
    }

    void exec(const char *sql)
    {
        QSqlQuery query(store.database());
        INFO(sql);
        REQUIRE(query.exec(QString::fromUtf8(sql)));
    }

    QString value(const QString &sql)
    {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(sql));
        return query.next() ? query.value(0).toString() : QString();
    }

    int count(const QString &table, const QString &where = QStringLiteral("1"))
    {
        return value(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, where)).toInt();
    }

    void use(const QString &defaultId)
    {
        auto saved = rules.save(defaultRule(defaultId));
        REQUIRE(saved.message() == QString());
    }

    QString addCustomer(const QString &name,
                        const QString &owner = {},
                        const QString &source = QStringLiteral("电话营销"))
    {
        Customer customer;
        customer.name = name;
        customer.company = name + QStringLiteral("公司");
        customer.source = source;
        customer.ownerId = owner;
        auto id = customers.create(customer);
        REQUIRE(id.message() == QString());
        return *id;
    }

    QString dispositionId(const QString &name)
    {
        return value(QStringLiteral("SELECT id FROM dispositions WHERE name = '%1'").arg(name));
    }
};

} // namespace

TEST_CASE("New web lead: assigned to the least-loaded agent with a follow-up to-do",
          "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-new-web-lead"));
    w.addCustomer(QStringLiteral("老客户"), QStringLiteral("wang")); // wang has one already
    const QString id = w.addCustomer(QStringLiteral("张三"), {}, QStringLiteral("官网注册"));

    CHECK(w.value(QStringLiteral("SELECT owner_id FROM customers WHERE id = '%1'").arg(id))
          == QStringLiteral("zhao"));
    CHECK(
        w.count(QStringLiteral("todos"),
                QStringLiteral("customer_id = '%1' AND agent_id = 'zhao' AND created_by_rule = "
                               "'default-new-web-lead' AND title = '跟进新线索：张三（张三公司）'")
                    .arg(id))
        == 1);
    // The timeline names the rule, what it did and the values its condition saw.
    CHECK(w.value(QStringLiteral("SELECT from_value FROM stage_changes WHERE kind = 'rule' AND "
                                 "customer_id = '%1'")
                      .arg(id))
          == QStringLiteral("官网新线索：分配并跟进"));
    const QString why
        = w.value(QStringLiteral(
                      "SELECT detail FROM stage_changes WHERE kind = 'rule' AND customer_id = '%1'")
                      .arg(id));
    CHECK(why.contains(QStringLiteral("source = 官网注册")));
    CHECK(w.count(QStringLiteral("rule_runs"),
                  QStringLiteral("customer_id = '%1' AND decision = 'applied'").arg(id))
          == 1);
    // Everything went to the outbox with the customer's own write.
    for (const QString &table :
         {QStringLiteral("todos"), QStringLiteral("rule_runs"), QStringLiteral("stage_changes")}) {
        CHECK(w.count(QStringLiteral("outbox"), QStringLiteral("table_name = '%1'").arg(table))
              >= 1);
    }
    // The assignment carries the owner it was decided on.
    CHECK(w.count(QStringLiteral("outbox"),
                  QStringLiteral("table_name = 'customers' AND row_id = '%1' AND expect LIKE "
                                 "'%\"owner_id\":null%'")
                      .arg(id))
          == 1);
    // Another source matches nothing.
    const QString other = w.addCustomer(QStringLiteral("李四"));
    CHECK(w.count(QStringLiteral("rule_runs"), QStringLiteral("customer_id = '%1'").arg(other))
          == 0);
}

TEST_CASE("Intent set to 高: a meeting to-do", "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-high-intent-meeting"));
    const QString id = w.addCustomer(QStringLiteral("王五"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.intent = QStringLiteral("中");
    REQUIRE(w.customers.save(customer));
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 0);
    customer = w.customers.load(id).value();
    customer.intent = QStringLiteral("高");
    REQUIRE(w.customers.save(customer));
    CHECK(w.count(QStringLiteral("todos"),
                  QStringLiteral("customer_id = '%1' AND kind = 'meeting' AND agent_id = 'wang' "
                                 "AND due_at = %2")
                      .arg(id)
                      .arg(w.workspace.clock().nowMs() + 2 * day))
          == 1);
}

TEST_CASE("High intent silent for 3 days: the owner and the supervisor are reminded once",
          "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-high-intent-silent-3d"));
    const QString id = w.addCustomer(QStringLiteral("赵六"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.intent = QStringLiteral("高");
    REQUIRE(w.customers.save(customer));

    auto early = w.runner.sweep();
    REQUIRE(early.message() == QString());
    CHECK(early->applied == 0);
    w.workspace.clock().advanceMs(3 * day + hour);
    auto due = w.runner.sweep();
    REQUIRE(due.message() == QString());
    CHECK(due->applied == 1);
    CHECK(w.count(
              QStringLiteral("todos"),
              QStringLiteral("customer_id = '%1' AND kind = 'task' AND agent_id IN ('wang', 'li')")
                  .arg(id))
          == 2);
    // The sweep ran long after it was due and says so.
    CHECK(due->lateMs >= 3 * day);
    CHECK(w.value(QStringLiteral("SELECT late_ms FROM rule_runs WHERE customer_id = '%1'").arg(id))
              .toLongLong()
          == due->lateMs);
    // The next sweeps find it decided.
    w.workspace.clock().advanceMs(5 * 60 * 1000);
    auto again = w.runner.sweep();
    CHECK(again->applied == 0);
    CHECK(again->alreadyRun == 1);
    CHECK(again->lateMs == 0);
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 2);
}

TEST_CASE("The scheduler sweeps on a thread of its own and announces what it wrote",
          "[rules][scheduler]")
{
    // The sweep's connection uses the system clock: a customer made at the test clock's March
    // date has been silent for months by then.
    World w;
    w.use(QStringLiteral("default-high-intent-silent-3d"));
    const QString id = w.addCustomer(QStringLiteral("赵六"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.intent = QStringLiteral("高");
    REQUIRE(w.customers.save(customer));

    RuleScheduler scheduler(w.workspace.path());
    QSignalSpy swept(&scheduler, &RuleScheduler::swept);
    QSignalSpy changed(&scheduler, &RuleScheduler::workspaceChanged);
    QSignalSpy ownBus(&w.store.changeBus(), &ChangeBus::changed);
    scheduler.start();
    scheduler.sweepNow(); // one is under way: not asked twice
    REQUIRE(swept.wait(120000));
    REQUIRE(swept.size() == 1);
    CHECK(swept.at(0).at(2).toString() == QString());
    CHECK(swept.at(0).at(0).toInt() == 1);
    // It wrote through a connection of its own (this one announced nothing) and says what it
    // wrote, for the window's change bus; this connection sees the rows.
    CHECK(ownBus.isEmpty());
    REQUIRE_FALSE(changed.isEmpty());
    bool announced = false;
    for (const auto &arguments : std::as_const(changed))
        announced = announced || arguments.at(0).value<ChangeSet>().customerIds.contains(id);
    CHECK(announced);
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 2);

    // The next sweep finds it decided.
    scheduler.sweepNow();
    REQUIRE(swept.wait(120000));
    CHECK(swept.size() == 2);
    CHECK(swept.at(1).at(0).toInt() == 0);
    scheduler.stop();
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 2);
}

TEST_CASE("A stopped sweep applies nothing more and the next one goes on from there",
          "[rules][scheduler]")
{
    World w;
    w.use(QStringLiteral("default-high-intent-silent-3d"));
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        const QString id = w.addCustomer(QStringLiteral("客户%1").arg(i), QStringLiteral("wang"));
        Customer customer = w.customers.load(id).value();
        customer.intent = QStringLiteral("高");
        REQUIRE(w.customers.save(customer));
        ids.append(id);
    }
    w.workspace.clock().advanceMs(3 * day + hour);
    const int todosBefore = w.count(QStringLiteral("todos"));
    const int runsBefore = w.count(QStringLiteral("rule_runs"));
    std::atomic<bool> stop{true};
    w.runner.setStopFlag(&stop);
    const auto stopped = w.runner.sweep();
    REQUIRE_FALSE(stopped);
    CHECK(stopped.message().contains(QStringLiteral("stopped")));
    CHECK(w.count(QStringLiteral("todos")) == todosBefore);
    CHECK(w.count(QStringLiteral("rule_runs")) == runsBefore);

    stop = false;
    const auto resumed = w.runner.sweep();
    REQUIRE(resumed.message() == QString());
    CHECK(resumed->applied == 3);
    CHECK(w.count(QStringLiteral("todos")) == todosBefore + 6);
}

TEST_CASE("No follow-up 24 h after assignment: back to the pool", "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-no-follow-up-24h"));
    const QString called = w.addCustomer(QStringLiteral("已跟进"), QStringLiteral("wang"));
    const QString silent = w.addCustomer(QStringLiteral("未跟进"), QStringLiteral("zhao"));
    w.workspace.clock().advanceMs(2 * hour);
    Call call;
    call.customerId = called;
    call.phoneE164 = QStringLiteral("+8613800138000");
    call.outcome = QStringLiteral("connected");
    REQUIRE(w.activities.logCall(call));
    w.workspace.clock().advanceMs(23 * hour);

    auto swept = w.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->applied == 1);
    CHECK(w.value(QStringLiteral("SELECT owner_id FROM customers WHERE id = '%1'").arg(called))
          == QStringLiteral("wang"));
    CHECK(w.value(
              QStringLiteral("SELECT owner_id IS NULL FROM customers WHERE id = '%1'").arg(silent))
          == QStringLiteral("1"));
    CHECK(w.count(QStringLiteral("stage_changes"),
                  QStringLiteral("customer_id = '%1' AND kind = 'rule' AND to_value = '%2'")
                      .arg(silent, RuleRunner::tr("Back to the pool")))
          == 1);
}

TEST_CASE("Silent for 30 days in 需求沟通: the nurture list", "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-silent-30d-nurture"));
    const QString id = w.addCustomer(QStringLiteral("钱七"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.stage = QStringLiteral("需求沟通");
    customer.lastContactAt = w.workspace.clock().nowMs();
    REQUIRE(w.customers.save(customer));
    w.workspace.clock().advanceMs(31 * day);
    auto swept = w.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->applied == 1);
    CHECK(w.customers.load(id)->tags.contains(QStringLiteral("长期培育")));
}

TEST_CASE("Two unanswered invitations: a call task and the 中期培育 tag", "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-two-unanswered"));
    const QString id = w.addCustomer(QStringLiteral("孙八"), QStringLiteral("li"));
    Call call;
    call.customerId = id;
    call.phoneE164 = QStringLiteral("+8613800138000");
    call.outcome = QStringLiteral("no_answer");
    call.dispositionId = w.dispositionId(QStringLiteral("未接通"));
    REQUIRE(!call.dispositionId.isEmpty());
    REQUIRE(w.activities.logCall(call));
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 0);
    w.workspace.clock().advanceMs(day);
    REQUIRE(w.activities.logCall(call));
    CHECK(w.count(QStringLiteral("todos"),
                  QStringLiteral("customer_id = '%1' AND kind = 'task'").arg(id))
          == 1);
    CHECK(w.customers.load(id)->tags.contains(QStringLiteral("中期培育")));
    // A third one: the tag is there, the rule does not fire again.
    w.workspace.clock().advanceMs(day);
    REQUIRE(w.activities.logCall(call));
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 1);
}

TEST_CASE("A cascade of rules stops at depth 3 and names the cycle", "[rules][runner]")
{
    World w;
    Rule add;
    add.name = QStringLiteral("A 加标签");
    add.trigger = {RuleTriggerKind::CustomerUpdated, {}, {}};
    add.condition = QStringLiteral("not has_tag(\"循环\")");
    add.actions
        = {RuleAction{RuleActionKind::AddTag, {{QStringLiteral("tag"), QStringLiteral("循环")}}}};
    REQUIRE(w.rules.save(add));
    Rule remove;
    remove.name = QStringLiteral("B 去标签");
    remove.trigger = {RuleTriggerKind::CustomerUpdated, {}, {}};
    remove.condition = QStringLiteral("has_tag(\"循环\")");
    remove.actions = {
        RuleAction{RuleActionKind::RemoveTag, {{QStringLiteral("tag"), QStringLiteral("循环")}}}};
    REQUIRE(w.rules.save(remove));

    const QString id = w.addCustomer(QStringLiteral("周九"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.company = QStringLiteral("改名公司");
    REQUIRE(w.customers.save(customer)); // terminates, and the write itself is kept
    CHECK(w.customers.load(id)->company == QStringLiteral("改名公司"));
    CHECK(w.runner.chain().isEmpty());
    const QString message
        = w.value(QStringLiteral("SELECT message FROM rule_runs WHERE decision = 'loop' LIMIT 1"));
    INFO(message.toStdString());
    CHECK(message.contains(QStringLiteral("A 加标签 → B 去标签 → A 加标签")));
    CHECK(w.value(QStringLiteral("SELECT max(depth) FROM rule_runs")).toInt()
          <= RuleRunner::maxDepth);
}

TEST_CASE("A failed action keeps the user's write and records why", "[rules][runner]")
{
    World w;
    w.use(QStringLiteral("default-new-web-lead"));
    w.store.setCurrentAgentId(QStringLiteral("wang")); // agents may not assign
    const QString id = w.addCustomer(QStringLiteral("吴十"), {}, QStringLiteral("官网注册"));
    CHECK(w.count(QStringLiteral("customers"), QStringLiteral("id = '%1'").arg(id)) == 1);
    CHECK(w.count(QStringLiteral("todos"), QStringLiteral("customer_id = '%1'").arg(id)) == 0);
    CHECK(
        w.count(
            QStringLiteral("rule_runs"),
            QStringLiteral("customer_id = '%1' AND decision = 'failed' AND message <> ''").arg(id))
        == 1);
}

TEST_CASE("Rules are saved only when valid and only by supervisors", "[rules][runner]")
{
    World w;
    Rule bad = defaultRule(QStringLiteral("default-high-intent-meeting"));
    bad.id.clear();
    bad.condition = QStringLiteral("stage == \"不存在\"");
    CHECK_FALSE(w.rules.save(bad));
    w.store.setCurrentAgentId(QStringLiteral("wang"));
    CHECK_FALSE(w.rules.save(defaultRule(QStringLiteral("default-high-intent-meeting"))));
    w.store.setCurrentAgentId(QStringLiteral("li"));
    auto installed = w.rules.installDefaults();
    REQUIRE(installed.message() == QString());
    CHECK(*installed == 6);
    CHECK(*w.rules.installDefaults() == 0);
    auto all = w.rules.all();
    REQUIRE(all);
    CHECK(all->size() == 6);
    CHECK(RuleRepository::actionsToJson(all->first().actions)
          == RuleRepository::actionsToJson(DefaultRules::all().first().actions));
}

TEST_CASE("The dry run decides exactly what the sweep does, on a randomized workspace",
          "[rules][runner][dryrun]")
{
    World w;
    for (const char *id : {"default-high-intent-silent-3d", "default-no-follow-up-24h",
                           "default-silent-30d-nurture"}) {
        w.use(QString::fromLatin1(id));
    }
    QRandomGenerator random(20261127);
    const QStringList intents
        = {QStringLiteral("高"), QStringLiteral("中"), QStringLiteral("低"), QStringLiteral("无")};
    const QStringList stages = {QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                                QStringLiteral("方案提供"), QStringLiteral("成交")};
    const QStringList owners = {QString(), QStringLiteral("wang"), QStringLiteral("zhao")};
    const qint64 now = w.workspace.clock().nowMs();
    for (int i = 0; i < 300; ++i) {
        const QString id = w.addCustomer(QStringLiteral("客户%1").arg(i),
                                         owners.at(random.bounded(int(owners.size()))));
        QSqlQuery query(w.store.database());
        query.prepare(
            QStringLiteral("UPDATE customers SET intent = ?, stage = ?, created_at = ?, "
                           "assigned_at = CASE WHEN owner_id IS NULL THEN NULL ELSE ? END, "
                           "last_contact_at = ? WHERE id = ?"));
        query.addBindValue(intents.at(random.bounded(int(intents.size()))));
        query.addBindValue(stages.at(random.bounded(int(stages.size()))));
        query.addBindValue(now - random.bounded(60) * day);
        query.addBindValue(now - random.bounded(72) * hour);
        query.addBindValue(random.bounded(3) == 0 ? QVariant(QMetaType::fromType<qint64>())
                                                  : QVariant(now - random.bounded(50) * day));
        query.addBindValue(id);
        REQUIRE(query.exec());
    }

    QHash<QString, QString> planned; // run id → what it does
    const auto stored = w.rules.all();
    REQUIRE(stored.message() == QString());
    for (const Rule &rule : stored.value()) {
        auto plans = w.runner.dryRun(rule);
        REQUIRE(plans.message() == QString());
        for (const RulePlan &plan : *plans) {
            QStringList summaries;
            for (const PlannedAction &action : plan.actions)
                summaries.append(action.summary);
            planned.insert(plan.runId,
                           plan.customerId + QLatin1Char('|') + summaries.join(QLatin1Char(';')));
        }
    }
    REQUIRE(planned.size() > 20);

    auto swept = w.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->failed == 0);
    QHash<QString, QString> done;
    QSqlQuery runs(w.store.database());
    REQUIRE(runs.exec(QStringLiteral("SELECT id, customer_id, actions FROM rule_runs "
                                     "WHERE decision = 'applied'")));
    while (runs.next()) {
        QStringList summaries;
        for (const QJsonValue &action :
             QJsonDocument::fromJson(runs.value(2).toString().toUtf8()).array())
            summaries.append(action.toObject().value(QStringLiteral("summary")).toString());
        done.insert(runs.value(0).toString(),
                    runs.value(1).toString() + QLatin1Char('|') + summaries.join(QLatin1Char(';')));
    }
    CHECK(done.size() == planned.size());
    CHECK(done == planned);
    // Decided now, the same rules find nothing new.
    auto again = w.runner.sweep();
    CHECK(again->applied == 0);
}

TEST_CASE("Backtest: what a time rule would have done over the last days", "[rules][runner]")
{
    World w;
    const QString id = w.addCustomer(QStringLiteral("郑十一"), QStringLiteral("wang"));
    Customer customer = w.customers.load(id).value();
    customer.stage = QStringLiteral("需求沟通");
    REQUIRE(w.customers.save(customer));
    QSqlQuery query(w.store.database());
    REQUIRE(query.exec(QStringLiteral("UPDATE customers SET created_at = %1, last_contact_at = %1")
                           .arg(w.workspace.clock().nowMs() - 50 * day)));
    auto plans = w.runner.backtest(defaultRule(QStringLiteral("default-silent-30d-nurture")), 30);
    REQUIRE(plans.message() == QString());
    REQUIRE(plans->size() == 1); // once, on the first day it held
    CHECK(plans->first().customerId == id);
    CHECK(w.count(QStringLiteral("rule_runs")) == 0); // nothing was written
}

namespace {

Rule roundRobin(RuleTriggerKind trigger)
{
    Rule rule;
    rule.id = QStringLiteral("rule-round-robin");
    rule.name = QStringLiteral("北区轮流分配");
    rule.trigger = {trigger, {}, {}};
    rule.condition = QStringLiteral("owner == null");
    rule.actions = {RuleAction{RuleActionKind::Assign,
                               {{QStringLiteral("mode"), QStringLiteral("round_robin")},
                                {QStringLiteral("team"), QStringLiteral("north")}}}};
    return rule;
}

QString ownerOf(World &w, const QString &id)
{
    return w.value(QStringLiteral("SELECT owner_id FROM customers WHERE id = '%1'").arg(id));
}

} // namespace

TEST_CASE("Round robin: new leads take turns in the team, whatever their ids",
          "[rules][runner][round_robin]")
{
    World w;
    w.exec("INSERT INTO agents(id, login, name, role, team_id, active) VALUES"
           "('sun', 'sun', '孙磊', 'agent', 'north', 1)");
    REQUIRE(w.rules.save(roundRobin(RuleTriggerKind::CustomerCreated)).message() == QString());

    // WHEN seven leads arrive one by one
    QStringList owners;
    for (int i = 0; i < 7; ++i)
        owners.append(ownerOf(w, w.addCustomer(QStringLiteral("轮流%1").arg(i))));

    // THEN the three agents of the team take turns (in the order of their ids), the supervisor
    // gets none, and each run records its turn
    CHECK(owners
          == QStringList{QStringLiteral("sun"), QStringLiteral("wang"), QStringLiteral("zhao"),
                         QStringLiteral("sun"), QStringLiteral("wang"), QStringLiteral("zhao"),
                         QStringLiteral("sun")});
    CHECK(w.value(QStringLiteral("SELECT group_concat(turn, ',') FROM (SELECT turn FROM "
                                 "rule_turns WHERE rule_id = 'rule-round-robin' ORDER BY turn)"))
          == QStringLiteral("0,1,2,3,4,5,6"));

    // A new member gets the next turn: her last turn is the oldest (never).
    w.exec("INSERT INTO agents(id, login, name, role, team_id, active) VALUES"
           "('zhou', 'zhou', '周敏', 'agent', 'north', 1)");
    CHECK(ownerOf(w, w.addCustomer(QStringLiteral("新成员"))) == QStringLiteral("zhou"));
    CHECK(ownerOf(w, w.addCustomer(QStringLiteral("再下一个"))) == QStringLiteral("wang"));
    // An agent who leaves is skipped.
    w.exec("UPDATE agents SET active = 0 WHERE id = 'zhao'");
    CHECK(ownerOf(w, w.addCustomer(QStringLiteral("跳过离开的"))) == QStringLiteral("sun"));
}

TEST_CASE("Round robin: two clients holding the same runs give the next lead to the same agent",
          "[rules][runner][round_robin]")
{
    World first;
    World second;
    const QStringList ids = {QStringLiteral("c-0"), QStringLiteral("c-1"), QStringLiteral("c-2"),
                             QStringLiteral("c-3")};
    const auto add = [](World &w, const QString &id) {
        Customer customer;
        customer.id = id;
        customer.name = QStringLiteral("客户") + id;
        REQUIRE(w.customers.create(customer).message() == QString());
    };
    for (World *w : {&first, &second}) {
        REQUIRE(w->rules.save(roundRobin(RuleTriggerKind::Schedule)).message() == QString());
        for (const QString &id : ids)
            add(*w, id);
    }
    // GIVEN the first client swept and assigned four leads in turn
    auto swept = first.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->applied == 4);
    QStringList owners;
    for (const QString &id : ids)
        owners.append(ownerOf(first, id));
    CHECK(owners.count(QStringLiteral("wang")) == 2);
    CHECK(owners.count(QStringLiteral("zhao")) == 2);
    // ... and the second client received those runs and assignments (as a sync would bring)
    QSqlQuery runs(first.store.database());
    REQUIRE(runs.exec(QStringLiteral("SELECT * FROM rule_runs")));
    while (runs.next()) {
        const QSqlRecord row = runs.record();
        QStringList names;
        QStringList marks;
        for (int i = 0; i < row.count(); ++i) {
            names.append(row.fieldName(i));
            marks.append(QStringLiteral("?"));
        }
        QSqlQuery insert(second.store.database());
        insert.prepare(QStringLiteral("INSERT INTO rule_runs(%1) VALUES(%2)")
                           .arg(names.join(QLatin1Char(',')), marks.join(QLatin1Char(','))));
        for (int i = 0; i < row.count(); ++i)
            insert.addBindValue(row.value(i));
        REQUIRE(insert.exec());
    }
    for (int i = 0; i < ids.size(); ++i) {
        second.exec(QStringLiteral("UPDATE customers SET owner_id = '%1' WHERE id = '%2'")
                        .arg(owners.at(i), ids.at(i))
                        .toUtf8()
                        .constData());
    }

    // WHEN a fifth lead reaches both and both sweep
    for (World *w : {&first, &second}) {
        add(*w, QStringLiteral("c-4"));
        auto next = w->runner.sweep();
        REQUIRE(next.message() == QString());
        CHECK(next->applied == 1);
    }
    // THEN both decided the same agent, on the same turn, in the same run
    CHECK(ownerOf(first, QStringLiteral("c-4")) == ownerOf(second, QStringLiteral("c-4")));
    CHECK(ownerOf(first, QStringLiteral("c-4")) == owners.at(0));
    const QString turnOf = QStringLiteral(
        "SELECT run_id || ':' || agent_id || ':' || turn FROM rule_turns WHERE turn = 4");
    CHECK(first.value(turnOf) == second.value(turnOf));
    CHECK_FALSE(first.value(turnOf).isEmpty());
}

namespace {

// The points of a customer's stored reasons, added up.
int reasonsTotal(World &w, const QString &id)
{
    const QString json
        = w.value(QStringLiteral("SELECT score_reasons FROM customers WHERE id = '%1'").arg(id));
    int total = 0;
    for (const QJsonValue &reason : QJsonDocument::fromJson(json.toUtf8()).array())
        total += reason.toObject().value(QStringLiteral("points")).toInt();
    return total;
}

int scoreOf(World &w, const QString &id)
{
    return w.value(QStringLiteral("SELECT score FROM customers WHERE id = '%1'").arg(id)).toInt();
}

} // namespace

TEST_CASE("Lead score: recomputed with the change that moves it, and decayed by the sweep",
          "[rules][runner][score]")
{
    World w;
    // GIVEN a manufacturing lead: the industry's points, at once
    Customer customer;
    customer.name = QStringLiteral("钱九");
    customer.industry = QStringLiteral("制造业");
    customer.ownerId = QStringLiteral("wang");
    auto created = w.customers.create(customer);
    REQUIRE(created.message() == QString());
    const QString id = *created;
    CHECK(scoreOf(w, id) == 20);
    CHECK(reasonsTotal(w, id) == 20);
    CHECK(w.value(QStringLiteral("SELECT score_reasons FROM customers WHERE id = '%1'").arg(id))
              .contains(QStringLiteral("行业匹配：制造业")));

    // WHEN the intent is raised: +30, in the same write (its outbox carries the score)
    Customer edited = w.customers.load(id).value();
    edited.intent = QStringLiteral("高");
    REQUIRE(w.customers.save(edited).message() == QString());
    CHECK(scoreOf(w, id) == 50);
    CHECK(reasonsTotal(w, id) == 50);
    CHECK(w.count(QStringLiteral("outbox"),
                  QStringLiteral("table_name = 'customers' AND row_id = '%1' AND fields LIKE "
                                 "'%\"score\":50%'")
                      .arg(id))
          == 1);

    // ... and a connected call is logged: +6 for the call, +10 for the contact today
    Call call;
    call.customerId = id;
    call.phoneE164 = QStringLiteral("+8613800138000");
    call.startedAt = w.workspace.clock().nowMs();
    call.connectedAt = call.startedAt;
    call.outcome = QStringLiteral("connected");
    call.dispositionId = w.dispositionId(QStringLiteral("有意向"));
    REQUIRE(w.activities.logCall(call));
    CHECK(scoreOf(w, id) == 66);
    CHECK(reasonsTotal(w, id) == 66);

    // WHEN two half-lives (28 days) pass: the sweep decays the call and the contact
    w.workspace.clock().advanceMs(28 * day);
    auto swept = w.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->rescored == 1);
    CHECK(scoreOf(w, id) == 20 + 30 + 2 + 3); // 6 × ¼ = 1.5 → 2, 10 × ¼ = 2.5 → 3
    CHECK(reasonsTotal(w, id) == scoreOf(w, id));
    // Nothing moved since: the next sweep writes nothing.
    auto again = w.runner.sweep();
    REQUIRE(again.message() == QString());
    CHECK(again->rescored == 0);
}

TEST_CASE("Lead score: on random customers the stored reasons add up to the stored score",
          "[rules][runner][score]")
{
    World w;
    QRandomGenerator random(20261128);
    const QStringList industries = {QStringLiteral("制造业"), QStringLiteral("教育"),
                                    QStringLiteral("零售"), QString()};
    const QStringList intents = {QStringLiteral("高"), QStringLiteral("中"), QStringLiteral("低"),
                                 QString()};
    const QStringList stages = {QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                                QStringLiteral("报价阶段"), QStringLiteral("待签约")};
    const QStringList titles = {QStringLiteral("总经理"), QStringLiteral("采购主管"),
                                QStringLiteral("工程师"), QString()};
    QStringList ids;
    for (int i = 0; i < 120; ++i) {
        Customer customer;
        customer.name = QStringLiteral("随机%1").arg(i);
        customer.industry = industries.at(random.bounded(int(industries.size())));
        customer.intent = intents.at(random.bounded(int(intents.size())));
        customer.stage = stages.at(random.bounded(int(stages.size())));
        customer.title = titles.at(random.bounded(int(titles.size())));
        customer.region = random.bounded(2) ? QStringLiteral("上海") : QStringLiteral("西藏");
        auto created = w.customers.create(customer);
        REQUIRE(created.message() == QString());
        ids.append(*created);
        const int calls = random.bounded(8);
        for (int c = 0; c < calls; ++c) {
            Call call;
            call.customerId = *created;
            call.phoneE164 = QStringLiteral("+8613800138000");
            call.startedAt = w.workspace.clock().nowMs() - random.bounded(200) * day;
            if (random.bounded(2))
                call.connectedAt = call.startedAt;
            call.outcome = call.connectedAt ? QStringLiteral("connected")
                                            : QStringLiteral("no_answer");
            REQUIRE(w.activities.logCall(call));
        }
    }
    for (int step = 0; step < 3; ++step) {
        for (const QString &id : std::as_const(ids)) {
            INFO(id.toStdString());
            CHECK(reasonsTotal(w, id) == scoreOf(w, id));
            CHECK(scoreOf(w, id) <= 100);
        }
        w.workspace.clock().advanceMs(random.bounded(1, 20) * day);
        auto swept = w.runner.sweep();
        REQUIRE(swept.message() == QString());
    }
    // The sweep's scores are the ones an event would compute now: touching a customer
    // changes nothing.
    for (const QString &id : std::as_const(ids)) {
        const int before = scoreOf(w, id);
        Customer same = w.customers.load(id).value();
        same.company = QStringLiteral("改名公司");
        REQUIRE(w.customers.save(same).message() == QString());
        CHECK(scoreOf(w, id) == before);
    }
}

TEST_CASE("Score weights are data: supervisors save them, in bounds, and every score follows",
          "[rules][runner][score][weights]")
{
    World w;
    Customer customer;
    customer.name = QStringLiteral("吴十");
    customer.industry = QStringLiteral("制造业");
    auto created = w.customers.create(customer);
    REQUIRE(created.message() == QString());
    const QString id = *created;
    CHECK(scoreOf(w, id) == 20);
    CHECK(w.runner.weights() == ScoreWeights::defaults());

    // WHEN the supervisor raises manufacturing to 45 points
    ScoreWeights weights = w.runner.weights();
    weights.industry.insert(QStringLiteral("制造业"), 45);
    weights.hotFrom = 60;
    auto saved = w.runner.saveWeights(weights);
    REQUIRE(saved.message() == QString());
    // THEN they are stored for sync and the customer is rescored at once
    CHECK(*saved == 1);
    CHECK(w.runner.weights() == weights);
    CHECK(w.count(QStringLiteral("outbox"), QStringLiteral("table_name = 'score_weights'")) == 1);
    CHECK(scoreOf(w, id) == 45);
    CHECK(reasonsTotal(w, id) == 45);
    // ... and a new customer is scored with them
    Customer other;
    other.name = QStringLiteral("郑十一");
    other.industry = QStringLiteral("制造业");
    CHECK(scoreOf(w, w.customers.create(other).value()) == 45);

    // Out of bounds is refused with the reason, whoever asks.
    ScoreWeights upsideDown = weights;
    upsideDown.warmFrom = 80;
    upsideDown.hotFrom = 50;
    auto refused = w.runner.saveWeights(upsideDown);
    REQUIRE_FALSE(refused);
    CHECK(refused.message().contains(QStringLiteral("warm")));
    ScoreWeights tooMuch = weights;
    tooMuch.region.insert(QStringLiteral("上海"), 500);
    CHECK_FALSE(w.runner.saveWeights(tooMuch));
    CHECK(w.runner.weights() == weights);

    // An agent may not change them.
    w.store.setCurrentAgentId(QStringLiteral("wang"));
    ScoreWeights mine = weights;
    mine.industry.insert(QStringLiteral("制造业"), 100);
    CHECK_FALSE(w.runner.saveWeights(mine));
    CHECK(w.runner.weights() == weights);
    CHECK(scoreOf(w, id) == 45);

    // The stored form reads back whole; keys left out keep their defaults.
    const auto read = ScoreWeights::fromJson(QString::fromUtf8(
        QJsonDocument(weights.toJson()).toJson(QJsonDocument::Compact)));
    REQUIRE(read.message() == QString());
    CHECK(*read == weights);
    CHECK(*ScoreWeights::fromJson(QStringLiteral("{\"hot_from\": 90}"))
          == [] {
                 ScoreWeights d = ScoreWeights::defaults();
                 d.hotFrom = 90;
                 return d;
             }());
    CHECK_FALSE(ScoreWeights::fromJson(QStringLiteral("[1, 2]")));
}
