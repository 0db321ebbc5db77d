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

#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

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

namespace {

// Everything a condition may see of one customer, calls in a fixed order (the reader lists a
// customer's calls in any order).
QString described(const CustomerFacts &facts)
{
    const Customer &c = facts.customer;
    QStringList parts{c.id,       c.name,         c.company,
                      c.title,    c.email,        c.industry,
                      c.region,   c.source,       c.intent,
                      c.stage,    c.customerType, c.ownerId,
                      QString::number(c.score),   QString::number(c.amount),
                      QString::number(c.createdAt),
                      c.assignedAt ? QString::number(*c.assignedAt) : QStringLiteral("-"),
                      c.lastContactAt ? QString::number(*c.lastContactAt) : QStringLiteral("-"),
                      QString::number(c.updatedAt), c.scoreReasons, c.tags.join(QLatin1Char(','))};
    QStringList calls;
    for (const CallFact &call : facts.calls) {
        calls.append(QStringLiteral("%1/%2/%3/%4/%5/%6")
                         .arg(call.at)
                         .arg(call.disposition, call.outcome)
                         .arg(call.connected)
                         .arg(call.durationSeconds)
                         .arg(call.note));
    }
    calls.sort();
    parts.append(calls.join(QLatin1Char(';')));
    if (const auto &todo = facts.lastTodo) {
        parts.append(QStringLiteral("%1/%2/%3/%4/%5/%6")
                         .arg(todo->id, todo->title, todo->kind)
                         .arg(todo->dueAt)
                         .arg(todo->priority)
                         .arg(todo->completedAt ? QString::number(*todo->completedAt)
                                                : QStringLiteral("-")));
    }
    return parts.join(QLatin1Char('|'));
}

struct ChunkedRead
{
    QStringList facts;
    QList<int> chunkSizes;
};

ChunkedRead readChunks(const CustomerFactsReader &reader, const QStringList *only = nullptr)
{
    ChunkedRead read;
    const auto visit = [&read](const QList<CustomerFacts> &chunk) {
        read.chunkSizes.append(int(chunk.size()));
        for (const CustomerFacts &facts : chunk)
            read.facts.append(described(facts));
        return true;
    };
    const Status scanned = only ? reader.forEachChunkOf(*only, visit) : reader.forEachChunk(visit);
    REQUIRE(scanned.message() == QString());
    return read;
}

void sql(LocalStore &store, const QString &text, const QVariantList &values)
{
    QSqlQuery query(store.database());
    query.prepare(text);
    for (const QVariant &value : values)
        query.addBindValue(value);
    INFO(text.toStdString() << " → " << query.lastError().text().toStdString());
    REQUIRE(query.exec());
}

} // namespace

TEST_CASE("The facts read a chunk at a time are exactly those of one whole read, in order",
          "[rules][facts][random]")
{
    const quint32 seed = GENERATE(7U, 8U, 9U);
    INFO("seed " << seed);
    Test::TestWorkspace workspace;
    LocalStore &store = workspace.store();
    QRandomGenerator random(seed);
    const qint64 now = workspace.clock().nowMs();
    REQUIRE(ReferenceRepository(store).ensureDefaultDispositions().ok());
    sql(store,
        QStringLiteral("INSERT INTO agents(id, login, name, role, active) "
                       "VALUES ('wang', 'wang', '王伟', 'agent', 1)"),
        {});
    const auto pick = [&random](const QStringList &values) {
        return values.at(int(random.bounded(quint32(values.size()))));
    };
    // Written straight to the tables, as the sync writes what it pulls: tags (some deleted, on
    // deleted tags), calls inside and before the window (some deleted), to-dos (a customer's
    // latest by creation), deleted customers among the live ones.
    QStringList ids;
    const int customers = 40 + int(random.bounded(30U));
    for (int i = 0; i < customers; ++i) {
        const QString id = QStringLiteral("c-%1").arg(random.bounded(1000000U), 7, 10, QLatin1Char('0'))
                           + QString::number(i);
        ids.append(id);
        sql(store,
            QStringLiteral("INSERT INTO customers(id, name, intent, stage, owner_id, score, "
                           "created_at, assigned_at, last_contact_at, deleted, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {id, QStringLiteral("客户%1").arg(i), pick({QStringLiteral("高"), QStringLiteral("无")}),
             pick({QStringLiteral("首次联系"), QStringLiteral("需求沟通")}),
             random.bounded(3) == 0 ? QVariant(QMetaType::fromType<QString>())
                                    : QVariant(QStringLiteral("wang")),
             int(random.bounded(90)), now - qint64(random.bounded(400U)) * 3600000,
             random.bounded(2) ? QVariant(now - 3600000) : QVariant(QMetaType::fromType<qint64>()),
             random.bounded(2) ? QVariant(now - 7200000) : QVariant(QMetaType::fromType<qint64>()),
             random.bounded(8) == 0 ? 1 : 0, now});
        for (int t = int(random.bounded(3)); t > 0; --t) {
            const QString tag = pick({QStringLiteral("VIP"), QStringLiteral("培育"),
                                      QStringLiteral("老客户"), QStringLiteral("旧标签")});
            sql(store,
                QStringLiteral("INSERT OR IGNORE INTO tags(id, name, deleted) VALUES (?, ?, ?)"),
                {QStringLiteral("tag-") + tag, tag,
                 tag == QStringLiteral("旧标签") ? 1 : 0});
            sql(store,
                QStringLiteral("INSERT INTO customer_tags(id, customer_id, tag_id, deleted) "
                               "VALUES (?, ?, ?, ?)"),
                {QStringLiteral("link-%1-%2").arg(i).arg(t), id, QStringLiteral("tag-") + tag,
                 random.bounded(5) == 0 ? 1 : 0});
        }
        for (int k = int(random.bounded(5)); k > 0; --k) {
            const qint64 at = now - qint64(random.bounded(60U * 24)) * 3600000;
            sql(store,
                QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at, "
                               "connected_at, duration_s, disposition_id, outcome, note, deleted) "
                               "VALUES (?, ?, 'wang', ?, ?, ?, ?, ?, ?, ?)"),
                {QStringLiteral("call-%1-%2").arg(i).arg(k), id, at,
                 random.bounded(2) ? QVariant(at + 5000) : QVariant(QMetaType::fromType<qint64>()),
                 int(random.bounded(300)), random.bounded(2) ? interested : noAnswer,
                 pick({QStringLiteral("connected"), QStringLiteral("no_answer")}),
                 QStringLiteral("备注%1").arg(k), random.bounded(6) == 0 ? 1 : 0});
        }
        for (int k = int(random.bounded(3)); k > 0; --k) {
            sql(store,
                QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, kind, title, due_at, "
                               "priority, completed_at, created_at, deleted) "
                               "VALUES (?, ?, 'wang', ?, ?, ?, ?, ?, ?, ?)"),
                {QStringLiteral("todo-%1-%2").arg(i).arg(k), id,
                 pick({QStringLiteral("callback"), QStringLiteral("meeting")}),
                 QStringLiteral("待办%1").arg(k), now + qint64(k) * 3600000,
                 int(random.bounded(3)) + 1,
                 random.bounded(2) ? QVariant(now) : QVariant(QMetaType::fromType<qint64>()),
                 now - qint64(i * 10 + k) * 60000, random.bounded(7) == 0 ? 1 : 0});
        }
    }
    const qint64 since = now - 14 * day;
    const ChunkedRead whole = readChunks(CustomerFactsReader(store, since, 0));
    REQUIRE(whole.chunkSizes.size() == 1);
    QStringList live;
    {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(
            QStringLiteral("SELECT id FROM customers WHERE deleted = 0 ORDER BY rowid")));
        while (query.next())
            live.append(query.value(0).toString());
    }
    REQUIRE(whole.facts.size() == live.size());
    // One customer at a time (the event path) gives the same facts as the whole read.
    for (int i = 0; i < live.size(); ++i) {
        auto one = CustomerFactsReader(store, since).read(live.at(i));
        REQUIRE(one.message() == QString());
        REQUIRE(one->has_value());
        CHECK(described(**one) == whole.facts.at(i));
    }
    // A random half of the customers (deleted and unknown ones among them) as listed.
    QStringList listed{QStringLiteral("no-such-customer")};
    QStringList listedFacts;
    for (int i = 0; i < ids.size(); ++i) {
        if (random.bounded(2) == 0)
            continue;
        listed.prepend(ids.at(i)); // out of order: the reader reads them in rowid order
        if (const qsizetype at = live.indexOf(ids.at(i)); at >= 0)
            listedFacts.append(whole.facts.at(at));
    }
    std::sort(listedFacts.begin(), listedFacts.end(), [&](const QString &a, const QString &b) {
        return live.indexOf(a.section(QLatin1Char('|'), 0, 0))
               < live.indexOf(b.section(QLatin1Char('|'), 0, 0));
    });
    for (const int size : {1, 7, 500}) {
        INFO("chunks of " << size);
        const ChunkedRead chunked = readChunks(CustomerFactsReader(store, since, size));
        CHECK(chunked.facts == whole.facts);
        CHECK(chunked.chunkSizes.size() == (live.size() + size - 1) / size);
        CHECK(*std::max_element(chunked.chunkSizes.cbegin(), chunked.chunkSizes.cend()) <= size);
        const ChunkedRead some = readChunks(CustomerFactsReader(store, since, size), &listed);
        CHECK(some.facts == listedFacts);
    }
}
