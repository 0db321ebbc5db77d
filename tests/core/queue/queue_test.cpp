#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/leadpool.h"
#include "core/queue/queuequery.h"
#include "core/reference/referencerepository.h"
#include "core/queue/reminderscheduler.h"
#include "core/queue/todoservice.h"
#include "core/storage/changebus.h"
#include "core/queue/waketimer.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>

#include <random>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;
constexpr qint64 hour = 60 * minute;
// TestWorkspace starts at 2026-03-02 09:00 in Shanghai (UTC+8, no daylight saving).
const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));

/// A timer the test fires by hand.
class ManualTimer final : public WakeTimer
{
public:
    void setCallback(std::function<void()> callback) override { m_callback = std::move(callback); }
    void arm(qint64 delayMs) override { armedMs = delayMs; }
    void disarm() override { armedMs = -1; }
    void fire() { m_callback(); }

    qint64 armedMs = -1;

private:
    std::function<void()> m_callback;
};

struct Fixture
{
    TestWorkspace workspace;
    CustomerRepository customers{workspace.store()};
    ActivityRepository activities{workspace.store()};
    ReferenceRepository reference{workspace.store()};
    TodoService todos{workspace.store(), shanghai};
    LeadPool pool{workspace.store(), shanghai};

    // The workspace works as agent-me, an active agent.
    Fixture() { addAgent(QStringLiteral("agent-me"), QStringLiteral("agent")); }

    qint64 now() { return workspace.clock().nowMs(); }

    QString addCustomer(const QString &name, int score, const QString &owner = QStringLiteral("agent-me"))
    {
        Customer c;
        c.name = name;
        c.score = score;
        c.ownerId = owner;
        return customers.create(c).value();
    }

    QString addTodo(const QString &title, qint64 dueAt, int priority = 2, const QString &customerId = {},
                    const QString &agent = QStringLiteral("agent-me"))
    {
        Todo todo;
        todo.title = title;
        todo.dueAt = dueAt;
        todo.priority = priority;
        todo.customerId = customerId;
        todo.agentId = agent;
        if (agent != workspace.store().currentAgentId())
            todo.createdByRule = QStringLiteral("test-rule"); // assigned to someone else
        return todos.add(todo).value();
    }

    QVariant todoField(const QString &id, const QString &field)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(QStringLiteral("SELECT %1 FROM todos WHERE id = ?").arg(field));
        query.addBindValue(id);
        query.exec();
        return query.next() ? query.value(0) : QVariant();
    }

    QVariant customerField(const QString &id, const QString &field)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(QStringLiteral("SELECT %1 FROM customers WHERE id = ?").arg(field));
        query.addBindValue(id);
        query.exec();
        return query.next() ? query.value(0) : QVariant();
    }

    void addAgent(const QString &id, const QString &role)
    {
        if (reference.agent(id).value()) {
            QSqlQuery query(workspace.store().database());
            query.prepare(QStringLiteral("UPDATE agents SET role = ? WHERE id = ?"));
            query.addBindValue(role);
            query.addBindValue(id);
            REQUIRE(query.exec());
            return;
        }
        Agent agent;
        agent.id = id;
        agent.login = id;
        agent.name = id;
        agent.role = role;
        REQUIRE(reference.addAgent(agent));
    }
};

QStringList titles(const QList<Reminder> &reminders)
{
    QStringList out;
    for (const Reminder &reminder : reminders)
        out.append(reminder.title);
    return out;
}

QStringList dueTitles(const QSignalSpy &spy)
{
    QStringList out;
    for (const QList<QVariant> &args : spy)
        out.append(args.at(0).value<Reminder>().title);
    return out;
}

} // namespace

TEST_CASE("My queue lists overdue first, then today by priority and score, then upcoming", "[queue]")
{
    Fixture f;
    const qint64 t = f.now(); // Monday 09:00
    const QString low = f.addCustomer(QStringLiteral("低分客户"), 10);
    const QString mid = f.addCustomer(QStringLiteral("中分客户"), 50);
    const QString high = f.addCustomer(QStringLiteral("高分客户"), 80);
    f.addTodo(QStringLiteral("A late an hour"), t - hour, 3);
    f.addTodo(QStringLiteral("B late since yesterday"), t - 16 * hour, 1);
    f.addTodo(QStringLiteral("C p2 score 50"), t + hour, 2, mid);
    f.addTodo(QStringLiteral("D p1 score 10"), t + 2 * hour, 1, low);
    f.addTodo(QStringLiteral("E p2 score 80"), t + 3 * hour, 2, high);
    f.addTodo(QStringLiteral("F last second of today"), t + 15 * hour - second, 3);
    f.addTodo(QStringLiteral("G midnight"), t + 15 * hour, 1);
    f.addTodo(QStringLiteral("H in three days"), t + 72 * hour, 1);
    const QString done = f.addTodo(QStringLiteral("I completed"), t - 2 * hour);
    REQUIRE(f.todos.complete({done}).value() == 1);
    f.addTodo(QStringLiteral("J someone else's"), t - hour, 1, {}, QStringLiteral("agent-other"));

    const QueueSnapshot queue = QueueQuery(f.workspace.store(), shanghai).load(QStringLiteral("agent-me"), t).value();

    QStringList order;
    for (const QueueItem &item : queue.items)
        order.append(item.todo.title.left(1));
    CHECK(order.join(QString()) == QStringLiteral("BADECFGH"));
    CHECK(queue.overdueCount == 2);
    CHECK(queue.todayCount == 4);
    CHECK(queue.upcomingCount == 2);
    CHECK(queue.items.at(0).lateMs == 16 * hour);
    CHECK(queue.items.at(1).lateMs == hour);
    CHECK(queue.items.at(2).section == QueueItem::Section::Today);
    CHECK(queue.items.at(2).customerName == QStringLiteral("低分客户"));
    CHECK(queue.items.at(6).section == QueueItem::Section::Upcoming);

    SECTION("rows are capped per section but the counts are not")
    {
        const QueueSnapshot capped = QueueQuery(f.workspace.store(), shanghai).load(QStringLiteral("agent-me"), t, 1).value();
        CHECK(capped.items.size() == 3);
        CHECK(capped.overdueCount == 2);
        CHECK(capped.todayCount == 4);
    }
}

TEST_CASE("A reminder fires once at its due time, again after a snooze, and for todos pulled from the server", "[queue][reminders]")
{
    Fixture f;
    auto timer = std::make_unique<ManualTimer>();
    ManualTimer *manual = timer.get();
    ReminderScheduler scheduler(f.workspace.store(), f.workspace.clock(), std::move(timer));
    QSignalSpy due(&scheduler, &ReminderScheduler::reminderDue);
    QSignalSpy missed(&scheduler, &ReminderScheduler::remindersMissed);

    const QString callback = f.addTodo(QStringLiteral("Call back"), f.now() + 10 * minute);
    scheduler.start();
    CHECK(due.isEmpty());
    CHECK(manual->armedMs == ReminderScheduler::rescanIntervalMs);

    f.workspace.clock().advanceMs(10 * minute - second);
    manual->fire();
    CHECK(due.isEmpty());
    CHECK(manual->armedMs == second);

    f.workspace.clock().advanceMs(second);
    manual->fire();
    REQUIRE(due.size() == 1);
    CHECK(due.at(0).at(0).value<Reminder>().todoId == callback);

    f.workspace.clock().advanceMs(minute);
    manual->fire();
    scheduler.check();
    CHECK(due.size() == 1);

    // Snoozed: the same todo fires again at its new time, once.
    REQUIRE(f.todos.snooze({callback}, TodoService::Snooze::FifteenMinutes).value() == 1);
    scheduler.check();
    CHECK(due.size() == 1);
    f.workspace.clock().advanceMs(15 * minute);
    manual->fire();
    manual->fire();
    CHECK(dueTitles(due) == QStringList{QStringLiteral("Call back"), QStringLiteral("Call back")});

    // Pulled from the server while running: a row written straight into SQLite, no outbox.
    QSqlQuery insert(f.workspace.store().database());
    insert.prepare(QStringLiteral("INSERT INTO todos (id, agent_id, title, due_at, created_at, row_version) "
                                  "VALUES ('pulled-1', 'agent-me', 'From the server', ?, ?, 7)"));
    insert.addBindValue(f.now() + 5 * second);
    insert.addBindValue(f.now());
    REQUIRE(insert.exec());
    manual->fire(); // the periodic rescan notices it and arms for its due time
    CHECK(manual->armedMs == 5 * second);
    f.workspace.clock().advanceMs(5 * second);
    manual->fire();
    CHECK(dueTitles(due).last() == QStringLiteral("From the server"));
    CHECK(due.size() == 3);

    // Completed todos never fire.
    const QString finished = f.addTodo(QStringLiteral("Finished early"), f.now() + minute);
    REQUIRE(f.todos.complete({finished}).value() == 1);
    f.workspace.clock().advanceMs(2 * minute);
    manual->fire();
    CHECK(due.size() == 3);
    CHECK(missed.isEmpty());
}

TEST_CASE("Reminders missed while the app was closed or asleep are reported once, together", "[queue][reminders]")
{
    Fixture f;
    const QString first = f.addTodo(QStringLiteral("Fired before quitting"), f.now() + minute);
    f.addTodo(QStringLiteral("Due while closed 1"), f.now() + hour);
    f.addTodo(QStringLiteral("Due while closed 2"), f.now() + 2 * hour);
    {
        auto timer = std::make_unique<ManualTimer>();
        ReminderScheduler scheduler(f.workspace.store(), f.workspace.clock(), std::move(timer));
        QSignalSpy due(&scheduler, &ReminderScheduler::reminderDue);
        scheduler.start();
        f.workspace.clock().advanceMs(minute);
        scheduler.check();
        REQUIRE(due.size() == 1);
    }
    f.workspace.close();
    f.workspace.clock().advanceMs(3 * hour);

    auto reopened = f.workspace.reopen();
    reopened->setClock(&f.workspace.clock());
    {
        ReminderScheduler restarted(*reopened, f.workspace.clock(), std::make_unique<ManualTimer>());
        QSignalSpy due(&restarted, &ReminderScheduler::reminderDue);
        QSignalSpy missed(&restarted, &ReminderScheduler::remindersMissed);
        restarted.start();
        CHECK(due.isEmpty());
        REQUIRE(missed.size() == 1);
        CHECK(titles(missed.at(0).at(0).value<QList<Reminder>>())
              == QStringList{QStringLiteral("Due while closed 1"), QStringLiteral("Due while closed 2")});
        restarted.check();
        CHECK(missed.size() == 1);
    }
    {
        ReminderScheduler again(*reopened, f.workspace.clock(), std::make_unique<ManualTimer>());
        QSignalSpy due(&again, &ReminderScheduler::reminderDue);
        QSignalSpy missed(&again, &ReminderScheduler::remindersMissed);
        again.start();
        CHECK(due.isEmpty());
        CHECK(missed.isEmpty());

        // Asleep: the timer fires long after the due time, so it counts as missed.
        Todo todo;
        todo.title = QStringLiteral("Due while asleep");
        todo.dueAt = f.now() + 10 * minute;
        REQUIRE(TodoService(*reopened).add(todo));
        f.workspace.clock().advanceMs(2 * hour);
        again.check();
        CHECK(due.isEmpty());
        REQUIRE(missed.size() == 1);
        CHECK(titles(missed.at(0).at(0).value<QList<Reminder>>()) == QStringList{QStringLiteral("Due while asleep")});
    }
    (void)first;
}

TEST_CASE("Snooze presets and reschedule move open todos and write the outbox", "[queue]")
{
    Fixture f;
    const qint64 t = f.now();
    const QString a = f.addTodo(QStringLiteral("a"), t + hour);
    const QString b = f.addTodo(QStringLiteral("b"), t + hour);
    const QString c = f.addTodo(QStringLiteral("c"), t + hour);
    const int outboxBefore = f.workspace.rowCount(QStringLiteral("outbox"));

    REQUIRE(f.todos.snooze({a}, TodoService::Snooze::FifteenMinutes).value() == 1);
    CHECK(f.todoField(a, QStringLiteral("due_at")).toLongLong() == t + 15 * minute);
    REQUIRE(f.todos.snooze({b}, TodoService::Snooze::OneHour).value() == 1);
    CHECK(f.todoField(b, QStringLiteral("due_at")).toLongLong() == t + hour);
    REQUIRE(f.todos.snooze({c}, TodoService::Snooze::TomorrowMorning).value() == 1);
    // Tuesday 2026-03-03 09:00 in Shanghai is 01:00 UTC.
    CHECK(f.todoField(c, QStringLiteral("due_at")).toLongLong() == 1772499600000LL);

    const qint64 picked = t + 5 * hour;
    REQUIRE(f.todos.reschedule({a}, picked).value() == 1);
    CHECK(f.todoField(a, QStringLiteral("due_at")).toLongLong() == picked);
    const auto past = f.todos.reschedule({a}, t - minute);
    CHECK_FALSE(past.ok());
    CHECK(f.todoField(a, QStringLiteral("due_at")).toLongLong() == picked);

    // b's due time did not change (+1 h from now is where it was): no outbox entry for it.
    CHECK(f.workspace.rowCount(QStringLiteral("outbox")) == outboxBefore + 3);
    CHECK(f.workspace.rowCount(QStringLiteral("outbox"),
                               QStringLiteral("table_name = 'todos' AND op = 'update'")) == 3);

    // With Tuesday a holiday, "tomorrow morning" is Wednesday's.
    REQUIRE(f.reference.setPolicy(QStringLiteral("holidays"), QStringLiteral("2026-03-03")));
    REQUIRE(f.todos.snooze({c}, TodoService::Snooze::TomorrowMorning).value() == 1);
    CHECK(f.todoField(c, QStringLiteral("due_at")).toLongLong() == 1772499600000LL + 24 * hour);
}

TEST_CASE("Bulk actions act on every open todo in the selection and skip completed ones", "[queue]")
{
    Fixture f;
    const qint64 t = f.now();
    const QString a = f.addTodo(QStringLiteral("a"), t - hour);
    const QString b = f.addTodo(QStringLiteral("b"), t + hour);
    const QString c = f.addTodo(QStringLiteral("c"), t + 2 * hour);
    f.workspace.clock().advanceMs(minute);
    REQUIRE(f.todos.complete({c}).value() == 1);
    const qint64 firstCompletion = f.todoField(c, QStringLiteral("completed_at")).toLongLong();
    f.workspace.clock().advanceMs(minute);

    QSignalSpy changed(&f.workspace.store().changeBus(), &ChangeBus::changed);
    REQUIRE(f.todos.snooze({a, b, c}, TodoService::Snooze::OneHour).value() == 2);
    CHECK(f.todoField(a, QStringLiteral("due_at")).toLongLong() == t + 2 * minute + hour);
    CHECK(f.todoField(c, QStringLiteral("due_at")).toLongLong() == t + 2 * hour);
    CHECK(changed.size() == 1);

    f.addAgent(QStringLiteral("agent-me"), QStringLiteral("agent"));
    f.addAgent(QStringLiteral("agent-b"), QStringLiteral("agent"));
    CHECK_FALSE(f.todos.reassign({a, b}, QStringLiteral("agent-b")).ok());
    CHECK(f.todoField(a, QStringLiteral("agent_id")).toString() == QStringLiteral("agent-me"));

    f.addAgent(QStringLiteral("boss"), QStringLiteral("supervisor"));
    f.workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    REQUIRE(f.todos.reassign({a, b, c}, QStringLiteral("agent-b")).value() == 2);
    CHECK(f.todoField(b, QStringLiteral("agent_id")).toString() == QStringLiteral("agent-b"));
    CHECK(f.todoField(c, QStringLiteral("agent_id")).toString() == QStringLiteral("agent-me"));
    CHECK_FALSE(f.todos.reassign({a}, QStringLiteral("nobody")).ok());

    REQUIRE(f.todos.complete({a, b, c}).value() == 2);
    CHECK(f.todoField(c, QStringLiteral("completed_at")).toLongLong() == firstCompletion);
    CHECK(f.todoField(a, QStringLiteral("completed_at")).toLongLong() == t + 2 * minute);
    CHECK(QueueQuery(f.workspace.store(), shanghai).load(QStringLiteral("agent-b"), f.now()).value().items.isEmpty());
}

TEST_CASE("Claiming from the pool respects the daily cap, and supervisors assign", "[pool]")
{
    Fixture f;
    f.addAgent(QStringLiteral("agent-me"), QStringLiteral("agent"));
    f.addAgent(QStringLiteral("boss"), QStringLiteral("supervisor"));
    REQUIRE(f.reference.setPolicy(QStringLiteral("pool_claim_cap"), QStringLiteral("2")));
    const QString p1 = f.addCustomer(QStringLiteral("池一"), 30, {});
    const QString p2 = f.addCustomer(QStringLiteral("池二"), 90, {});
    const QString p3 = f.addCustomer(QStringLiteral("池三"), 60, {});
    const QString p4 = f.addCustomer(QStringLiteral("池四"), 10, {});
    f.addCustomer(QStringLiteral("我的"), 99);

    const QList<PoolLead> leads = f.pool.pool().value();
    REQUIRE(leads.size() == 4);
    CHECK(leads.at(0).name == QStringLiteral("池二"));
    CHECK(leads.at(1).name == QStringLiteral("池三"));

    CHECK_FALSE(f.pool.claim({p1, p2, p3}).ok());
    CHECK(f.pool.poolCount().value() == 4);
    REQUIRE(f.pool.claim({p1, p2}).value() == 2);
    CHECK(f.customerField(p1, QStringLiteral("owner_id")).toString() == QStringLiteral("agent-me"));
    CHECK(f.customerField(p1, QStringLiteral("assigned_at")).toLongLong() == f.now());
    CHECK(f.workspace.rowCount(QStringLiteral("stage_changes"), QStringLiteral("kind = 'pool'")) == 2);
    CHECK(f.pool.claimedToday(QStringLiteral("agent-me")).value() == 2);
    CHECK_FALSE(f.pool.claim({p3}).ok());
    CHECK_FALSE(f.pool.claim({p1}).ok());

    CHECK_FALSE(f.pool.assign({p3}, QStringLiteral("agent-me")).ok());
    f.workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    REQUIRE(f.pool.assign({p3}, QStringLiteral("agent-me")).value() == 1);
    CHECK(f.customerField(p3, QStringLiteral("owner_id")).toString() == QStringLiteral("agent-me"));
    CHECK(f.pool.claimedToday(QStringLiteral("agent-me")).value() == 2);

    // The cap is per local day: tomorrow the agent may claim again.
    f.workspace.store().setCurrentAgentId(QStringLiteral("agent-me"));
    f.workspace.clock().advanceMs(15 * hour); // Tuesday 00:00 in Shanghai
    CHECK(f.pool.claimedToday(QStringLiteral("agent-me")).value() == 0);
    REQUIRE(f.pool.claim({p4}).value() == 1);
    CHECK(f.pool.poolCount().value() == 0);
}

TEST_CASE("A lead nobody called returns to the pool at the window's edge", "[pool]")
{
    Fixture f;
    const QString idle = f.addCustomer(QStringLiteral("没人打"), 40, {});
    const QString called = f.addCustomer(QStringLiteral("打过了"), 40, {});
    const qint64 t0 = f.now();
    REQUIRE(f.pool.claim({idle, called}).value() == 2);
    f.workspace.clock().advanceMs(hour);
    Call call;
    call.customerId = called;
    REQUIRE(f.activities.logCall(call));

    f.workspace.clock().setNowMs(t0 + 20 * hour - second);
    QList<WatchedLead> watched = f.pool.watched(QStringLiteral("agent-me")).value();
    REQUIRE(watched.size() == 1);
    // A supervisor watches every agent's leads (no owner given: the null and the empty text).
    CHECK(f.pool.watched(QString()).value().size() == 1);
    CHECK(f.pool.watched(QStringLiteral("")).value().size() == 1);
    CHECK(f.pool.watched(QStringLiteral("agent-other")).value().isEmpty());
    CHECK(watched.at(0).customerId == idle);
    CHECK(watched.at(0).timeLeftMs == 4 * hour + second);
    CHECK_FALSE(watched.at(0).warn);
    f.workspace.clock().setNowMs(t0 + 20 * hour + second);
    CHECK(f.pool.watched(QStringLiteral("agent-me")).value().at(0).warn);

    f.workspace.clock().setNowMs(t0 + 24 * hour - second);
    REQUIRE(f.pool.returnOverdue().value() == 0);
    CHECK(f.customerField(idle, QStringLiteral("owner_id")).toString() == QStringLiteral("agent-me"));
    CHECK(f.pool.watched(QStringLiteral("agent-me")).value().at(0).timeLeftMs == second);

    f.workspace.clock().setNowMs(t0 + 24 * hour + second);
    QSignalSpy changed(&f.workspace.store().changeBus(), &ChangeBus::changed);
    REQUIRE(f.pool.returnOverdue().value() == 1);
    CHECK(f.customerField(idle, QStringLiteral("owner_id")).isNull());
    CHECK(f.customerField(called, QStringLiteral("owner_id")).toString() == QStringLiteral("agent-me"));
    CHECK(changed.size() == 1);
    const ChangeSet announced = changed.at(0).at(0).value<ChangeSet>();
    CHECK(announced.customerIds.contains(idle));
    CHECK_FALSE(announced.customerIds.contains(called));
    CHECK(announced.touches({"customers", "stage_changes"}));
    CHECK(f.workspace.rowCount(QStringLiteral("stage_changes"),
                               QStringLiteral("kind = 'pool' AND from_value = 'agent-me' AND to_value = ''")) == 1);
    CHECK(f.workspace.rowCount(QStringLiteral("outbox"),
                               QStringLiteral("table_name = 'customers' AND op = 'update' "
                                              "AND fields LIKE '%owner_id%'")) == 3);
    CHECK(f.pool.watched(QString()).value().isEmpty());
    REQUIRE(f.pool.returnOverdue().value() == 0);

    SECTION("the window comes from policy")
    {
        REQUIRE(f.reference.setPolicy(QStringLiteral("pool_return_hours"), QStringLiteral("168")));
        CHECK(f.pool.policy()->returnWindowMs == 168 * hour);
        CHECK(f.pool.policy()->warnMs == 72 * hour);
    }
}

TEST_CASE("The pool's watch list stays what a full scan of customers and calls gives, whoever writes",
          "[pool][pool_watch]")
{
    // Writes as the services, the sync (upserts) and an import make them, in random order; after
    // each one pool_watch must name exactly the owned, live, assigned customers with no live call
    // at or after their assignment.
    const auto seed = GENERATE(1u, 2u, 3u, 4u, 5u);
    Fixture f;
    QSqlDatabase db = f.workspace.store().database();
    std::mt19937 random(seed);
    const auto pick = [&random](int n) { return int(random() % unsigned(n)); };
    QStringList customers;
    QStringList calls;
    const auto exec = [&db](const QString &sql, const QVariantList &values) {
        QSqlQuery query(db);
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        const bool done = query.exec();
        INFO(sql.toStdString() << ": " << query.lastError().text().toStdString());
        REQUIRE(done);
    };
    const auto ids = [&db](const QString &sql) {
        QSqlQuery query(db);
        REQUIRE(query.exec(sql));
        QStringList out;
        while (query.next())
            out.append(query.value(0).toString());
        return out;
    };
    const QVariant noOwner(QMetaType::fromType<QString>());
    const QVariant noTime(QMetaType::fromType<qint64>());
    for (int step = 0; step < 400; ++step) {
        const qint64 at = 1000 + pick(100);
        switch (customers.isEmpty() ? 0 : pick(7)) {
        case 0: { // a customer, owned or not, assigned or not
            const QString id = QStringLiteral("c%1").arg(step);
            const bool owned = pick(3) > 0;
            exec(QStringLiteral("INSERT INTO customers (id, name, owner_id, assigned_at, deleted, created_at) "
                                "VALUES (?, ?, ?, ?, ?, 1)"),
                 {id, id, owned ? QVariant(QStringLiteral("agent-me")) : noOwner,
                  owned && pick(5) > 0 ? QVariant(at) : noTime, pick(10) == 0 ? 1 : 0});
            customers.append(id);
            break;
        }
        case 1: // assigned again, released, or given to another agent (a sync's upsert)
            exec(QStringLiteral("INSERT INTO customers (id, name, created_at) VALUES (?, 'x', 1) ON CONFLICT(id) DO "
                                "UPDATE SET owner_id = excluded.owner_id, assigned_at = ?"),
                 {customers.at(pick(int(customers.size()))), at});
            exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = ?"),
                 {pick(3) == 0 ? noOwner : QVariant(QStringLiteral("agent-%1").arg(pick(3))),
                  customers.at(pick(int(customers.size())))});
            break;
        case 2: { // a call, live or already deleted
            const QString id = QStringLiteral("k%1").arg(step);
            exec(QStringLiteral("INSERT INTO calls (id, customer_id, agent_id, phone_e164, started_at, "
                                "deleted) VALUES (?, ?, 'agent-me', '+8613800138000', ?, ?)"),
                 {id, customers.at(pick(int(customers.size()))), at, pick(8) == 0 ? 1 : 0});
            calls.append(id);
            break;
        }
        case 3: // a call deleted or brought back, moved (a merge) or re-timed
            if (!calls.isEmpty()) {
                const QString call = calls.at(pick(int(calls.size())));
                switch (pick(3)) {
                case 0:
                    exec(QStringLiteral("UPDATE calls SET deleted = 1 - deleted WHERE id = ?"), {call});
                    break;
                case 1:
                    exec(QStringLiteral("UPDATE calls SET customer_id = ? WHERE id = ?"),
                         {customers.at(pick(int(customers.size()))), call});
                    break;
                default:
                    exec(QStringLiteral("UPDATE calls SET started_at = ? WHERE id = ?"), {at, call});
                }
            }
            break;
        case 4: // a call removed outright (a damaged row repaired, a purge)
            if (!calls.isEmpty())
                exec(QStringLiteral("DELETE FROM calls WHERE id = ?"), {calls.takeAt(pick(int(calls.size())))});
            break;
        case 5: // a customer deleted or brought back
            exec(QStringLiteral("UPDATE customers SET deleted = 1 - deleted WHERE id = ?"),
                 {customers.at(pick(int(customers.size())))});
            break;
        default: // a customer removed outright
            exec(QStringLiteral("DELETE FROM customers WHERE id = ?"),
                 {customers.takeAt(pick(int(customers.size())))});
        }
        const QStringList watched = ids(QStringLiteral(
            "SELECT customer_id || '/' || owner_id || '/' || assigned_at FROM pool_watch ORDER BY 1"));
        const QStringList scanned = ids(QStringLiteral(
            "SELECT c.id || '/' || c.owner_id || '/' || c.assigned_at FROM customers c "
            "WHERE c.owner_id IS NOT NULL AND c.deleted = 0 AND c.assigned_at IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id AND k.deleted = 0 "
            "AND k.started_at >= c.assigned_at) ORDER BY 1"));
        INFO("seed " << seed << " step " << step);
        REQUIRE(watched == scanned);
    }
}
