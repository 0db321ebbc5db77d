#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/customers/timelinequery.h"
#include "core/queue/todoservice.h"

#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

Customer sampleCustomer()
{
    Customer c;
    c.name = QStringLiteral("王建国");
    c.company = QStringLiteral("北京星河科技有限公司");
    c.title = QStringLiteral("采购总监");
    c.email = QStringLiteral("wang.jianguo@xinghe-tech.cn");
    c.industry = QStringLiteral("制造业");
    c.region = QStringLiteral("北京");
    c.source = QStringLiteral("展会名片");
    c.intent = QStringLiteral("中");
    c.stage = QStringLiteral("需求沟通");
    c.customerType = QStringLiteral("技术导向型");
    c.ownerId = QStringLiteral("agent-me");
    c.score = 72;
    c.scoreReasons = QStringLiteral(R"([{"points":20,"reason":"高意向"}])");
    c.customFields = {{QStringLiteral("预算"), QStringLiteral("50万")}};
    c.amount = 120000.5;
    c.createdAt = 1767225600000LL;
    c.assignedAt = 1767229200000LL;
    c.lastContactAt = 1767232800000LL;
    Contact primary;
    primary.name = QStringLiteral("王建国");
    primary.title = QStringLiteral("采购总监");
    primary.email = QStringLiteral("wjg@xinghe-tech.cn");
    primary.isPrimary = true;
    primary.phones = {{QString(), QStringLiteral("138 0013 8000"), QStringLiteral("手机")},
                      {QString(), QStringLiteral("010-6552 9988"), QStringLiteral("座机")}};
    Contact assistant;
    assistant.name = QStringLiteral("李娜");
    assistant.title = QStringLiteral("助理");
    assistant.phones = {{QString(), QStringLiteral("+86 139-1000-2000"), QStringLiteral("手机")}};
    c.contacts = {primary, assistant};
    c.tags = {QStringLiteral("重点客户"), QStringLiteral("展会")};
    return c;
}

} // namespace

TEST_CASE("A customer round-trips every field through the repository", "[repository]")
{
    TestWorkspace workspace;
    CustomerRepository repository(workspace.store());
    const Customer original = sampleCustomer();
    auto id = repository.create(original);
    INFO(id.message().toStdString());
    REQUIRE(id.ok());
    const auto loaded = repository.load(*id);
    REQUIRE(loaded.ok());
    CHECK(loaded->name == original.name);
    CHECK(loaded->company == original.company);
    CHECK(loaded->title == original.title);
    CHECK(loaded->email == original.email);
    CHECK(loaded->industry == original.industry);
    CHECK(loaded->region == original.region);
    CHECK(loaded->source == original.source);
    CHECK(loaded->intent == original.intent);
    CHECK(loaded->stage == original.stage);
    CHECK(loaded->customerType == original.customerType);
    CHECK(loaded->ownerId == original.ownerId);
    CHECK(loaded->score == 72);
    CHECK(loaded->scoreReasons == original.scoreReasons);
    CHECK(loaded->customFields == original.customFields);
    CHECK(loaded->amount == Approx(120000.5));
    CHECK(loaded->createdAt == original.createdAt);
    CHECK(loaded->assignedAt == original.assignedAt);
    CHECK(loaded->lastContactAt == original.lastContactAt);
    CHECK(loaded->tags == QStringList{QStringLiteral("展会"), QStringLiteral("重点客户")});
    REQUIRE(loaded->contacts.size() == 2);
    CHECK(loaded->contacts.at(0).name == QStringLiteral("王建国"));
    CHECK(loaded->contacts.at(0).isPrimary);
    CHECK(loaded->contacts.at(0).email == QStringLiteral("wjg@xinghe-tech.cn"));
    QStringList phones;
    for (const ContactPhone &p : loaded->contacts.at(0).phones)
        phones.append(p.e164);
    phones.sort();
    CHECK(phones == QStringList{QStringLiteral("+861065529988"), QStringLiteral("+8613800138000")});
    REQUIRE(loaded->contacts.at(1).phones.size() == 1);
    CHECK(loaded->contacts.at(1).phones.at(0).e164 == QStringLiteral("+8613910002000"));

    // customer + 2 contacts + 3 phones + 2 tags + 2 links, each with one outbox entry.
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 10);
}

TEST_CASE("Editing a customer saves only the differences and records stage and owner changes", "[repository]")
{
    TestWorkspace workspace;
    CustomerRepository repository(workspace.store());
    auto id = repository.create(sampleCustomer());
    REQUIRE(id.ok());
    Customer edited = *repository.load(*id);
    edited.ownerId = QStringLiteral("agent-other");

    // Only a supervisor gives a customer to another owner.
    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.addAgent({QStringLiteral("agent-me"), QStringLiteral("me"), QStringLiteral("我"),
                                QStringLiteral("agent"), QString(), true}));
    REQUIRE(reference.addAgent({QStringLiteral("boss"), QStringLiteral("boss"), QStringLiteral("主管"),
                                QStringLiteral("supervisor"), QString(), true}));
    const Status refused = repository.save(edited);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == QStringLiteral("owner_id"));
    CHECK(repository.load(*id)->ownerId == QStringLiteral("agent-me"));
    workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    const int before = workspace.rowCount(QStringLiteral("outbox"));

    edited.stage = QStringLiteral("方案提供");
    edited.contacts.removeAt(1);
    edited.contacts[0].phones.append({QString(), QStringLiteral("13700001111"), QStringLiteral("备用")});
    edited.tags = {QStringLiteral("重点客户"), QStringLiteral("已报价")};
    workspace.clock().advanceMs(60'000);
    REQUIRE(repository.save(edited).ok());

    const auto loaded = repository.load(*id);
    REQUIRE(loaded);
    CHECK(loaded->stage == QStringLiteral("方案提供"));
    CHECK(loaded->ownerId == QStringLiteral("agent-other"));
    CHECK(loaded->contacts.size() == 1);
    CHECK(loaded->contacts.at(0).phones.size() == 3);
    CHECK(loaded->tags == QStringList{QStringLiteral("已报价"), QStringLiteral("重点客户")});
    CHECK(workspace.rowCount(QStringLiteral("stage_changes"), QStringLiteral("kind = 'stage' AND from_value = '需求沟通' AND to_value = '方案提供'")) == 1);
    CHECK(workspace.rowCount(QStringLiteral("stage_changes"), QStringLiteral("kind = 'owner'")) == 1);
    // customer update, 2 events, contact delete, its phone delete, 1 phone insert,
    // 1 tag insert + 1 link insert, 1 link delete = 9
    CHECK(workspace.rowCount(QStringLiteral("outbox")) - before == 9);

    // Saving again unchanged writes nothing.
    const int after = workspace.rowCount(QStringLiteral("outbox"));
    REQUIRE(repository.save(*repository.load(*id)).ok());
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == after);
}

TEST_CASE("Invalid customers are refused with a message on the field, and nothing is saved", "[repository]")
{
    TestWorkspace workspace;
    CustomerRepository repository(workspace.store());

    Customer noName = sampleCustomer();
    noName.name = QStringLiteral("   ");
    auto result = repository.create(noName);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().field == QStringLiteral("name"));
    CHECK(result.message() == QStringLiteral("Name is required."));

    Customer badEmail = sampleCustomer();
    badEmail.email = QStringLiteral("wang@");
    result = repository.create(badEmail);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().field == QStringLiteral("email"));

    Customer badPhone = sampleCustomer();
    badPhone.contacts[1].phones[0].e164 = QStringLiteral("12345");
    result = repository.create(badPhone);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().field == QStringLiteral("contacts/1/phones/0"));

    Customer badStage = sampleCustomer();
    badStage.stage = QStringLiteral("不存在");
    result = repository.create(badStage);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().field == QStringLiteral("stage"));

    CHECK(workspace.rowCount(QStringLiteral("customers")) == 0);
    CHECK(workspace.rowCount(QStringLiteral("phones")) == 0);
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 0);
}

TEST_CASE("The timeline lists calls, notes, todos and stage changes newest first", "[repository][timeline]")
{
    TestWorkspace workspace;
    CustomerRepository customers(workspace.store());
    ActivityRepository activities(workspace.store());
    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.ensureDefaultDispositions().ok());
    auto id = customers.create(sampleCustomer());
    REQUIRE(id.ok());
    const qint64 t0 = workspace.clock().nowMs();

    Call call;
    call.customerId = *id;
    call.phoneE164 = QStringLiteral("+8613800138000");
    call.startedAt = t0 + 1000;
    call.endedAt = t0 + 200'000;
    call.durationSeconds = 185;
    call.outcome = QStringLiteral("connected");
    call.dispositionId = reference.dispositions()->at(0).id;
    call.note = QStringLiteral("客户关注交付周期");
    REQUIRE(activities.logCall(call).ok());

    Note note;
    note.customerId = *id;
    note.body = QStringLiteral("已发送产品资料");
    note.createdAt = t0 + 300'000;
    REQUIRE(activities.addNote(note).ok());

    Todo todo;
    todo.customerId = *id;
    todo.title = QStringLiteral("回电确认方案");
    todo.dueAt = t0 + 86'400'000;
    todo.createdAt = t0 + 400'000;
    REQUIRE(TodoService(workspace.store()).add(todo).ok());

    workspace.clock().setNowMs(t0 + 500'000);
    Customer edited = *customers.load(*id);
    edited.stage = QStringLiteral("方案提供");
    REQUIRE(customers.save(edited).ok());

    const TimelineQuery timeline(workspace.store());
    const auto events = timeline.fetch(*id, 50).value();
    REQUIRE(events.size() == 4);
    CHECK(events.at(0).kind == TimelineEvent::Kind::Stage);
    CHECK(events.at(0).title == QStringLiteral("需求沟通 → 方案提供"));
    CHECK(events.at(1).kind == TimelineEvent::Kind::Todo);
    CHECK(events.at(1).title == QStringLiteral("回电确认方案"));
    CHECK(events.at(2).kind == TimelineEvent::Kind::Note);
    CHECK(events.at(2).detail == QStringLiteral("已发送产品资料"));
    CHECK(events.at(3).kind == TimelineEvent::Kind::Call);
    CHECK(events.at(3).title == QStringLiteral("有意向"));
    CHECK(events.at(3).durationSeconds == 185);
    CHECK(timeline.count(*id) == 4);

    const auto callsOnly = timeline.fetch(*id, 50, 0, {TimelineEvent::Kind::Call}).value();
    REQUIRE(callsOnly.size() == 1);
    CHECK(callsOnly.at(0).detail == QStringLiteral("客户关注交付周期"));
    const auto paged = timeline.fetch(*id, 2, 2).value();
    REQUIRE(paged.size() == 2);
    CHECK(paged.at(0).kind == TimelineEvent::Kind::Note);

    // Logging the call stamped the customer's last contact.
    CHECK(customers.load(*id)->lastContactAt == t0 + 200'000);
}

TEST_CASE("Completing a todo is one-way and keeps the first completion time", "[repository]")
{
    TestWorkspace workspace;
    REQUIRE(ReferenceRepository(workspace.store())
                .addAgent({QStringLiteral("agent-me"), QStringLiteral("me"), QStringLiteral("我"),
                           QStringLiteral("agent"), QString(), true}));
    const int before = workspace.rowCount(QStringLiteral("outbox"));
    TodoService todos(workspace.store());
    Todo todo;
    todo.title = QStringLiteral("整理周报");
    todo.dueAt = workspace.clock().nowMs() + 3'600'000;
    auto id = todos.add(todo);
    REQUIRE(id.ok());
    const qint64 first = workspace.clock().nowMs() + 10'000;
    workspace.clock().setNowMs(first);
    REQUIRE(todos.complete({*id}).value() == 1);
    workspace.clock().advanceMs(60'000);
    REQUIRE(todos.complete({*id}).value() == 0);
    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("SELECT completed_at FROM todos")));
    REQUIRE(query.next());
    CHECK(query.value(0).toLongLong() == first);
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == before + 2);
}

TEST_CASE("Nobody completes a colleague's todo but a supervisor", "[repository][permissions]")
{
    TestWorkspace workspace;
    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.addAgent({QStringLiteral("agent-me"), QStringLiteral("me"), QStringLiteral("我"),
                                QStringLiteral("agent"), QString(), true}));
    REQUIRE(reference.addAgent({QStringLiteral("boss"), QStringLiteral("boss"), QStringLiteral("主管"),
                                QStringLiteral("supervisor"), QString(), true}));
    TodoService todos(workspace.store());
    Todo theirs;
    theirs.title = QStringLiteral("同事的回电");
    theirs.dueAt = workspace.clock().nowMs() + 3'600'000;
    theirs.agentId = QStringLiteral("colleague");
    theirs.createdByRule = QStringLiteral("rule-1"); // rules may assign to anyone
    const QString id = todos.add(theirs).value();

    const auto refused = todos.complete({id});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.message().contains(QStringLiteral("assignee")));
    CHECK_FALSE(todos.reschedule({id}, workspace.clock().nowMs() + 7'200'000).ok());

    workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    CHECK(todos.complete({id}).value() == 1);
}

TEST_CASE("The default dispositions cover the shipped set with hotkeys 1 to 8", "[repository]")
{
    TestWorkspace workspace;
    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.ensureDefaultDispositions().ok());
    REQUIRE(reference.ensureDefaultDispositions().ok()); // idempotent
    const auto dispositions = reference.dispositions().value();
    REQUIRE(dispositions.size() == 8);
    QStringList names;
    for (int i = 0; i < dispositions.size(); ++i) {
        names.append(dispositions.at(i).name);
        CHECK(dispositions.at(i).hotkey == i + 1);
    }
    CHECK(names == QStringList{QStringLiteral("有意向"), QStringLiteral("无意向"), QStringLiteral("未接通"),
                               QStringLiteral("忙线"), QStringLiteral("空号/错号"), QStringLiteral("语音信箱"),
                               QStringLiteral("要求回电"), QStringLiteral("已成交")});
    CHECK(dispositions.at(0).noteRequired);
    CHECK(dispositions.at(0).callbackRequired);
    CHECK_FALSE(dispositions.at(2).isConnect);
}

TEST_CASE("Loading a customer tells a customer that is gone from a workspace that cannot be read",
          "[repository]")
{
    TestWorkspace workspace;
    CustomerRepository repository(workspace.store());
    auto id = repository.create(sampleCustomer());
    REQUIRE(id.ok());

    const auto gone = repository.load(QStringLiteral("no-such-customer"));
    REQUIRE_FALSE(gone);
    CHECK(gone.error().missing);

    // A customer whose phones cannot be read is not returned without them.
    QSqlQuery damage(workspace.store().database());
    REQUIRE(damage.exec(QStringLiteral("ALTER TABLE phones RENAME TO lost")));
    const auto unreadable = repository.load(*id);
    REQUIRE_FALSE(unreadable);
    CHECK_FALSE(unreadable.error().missing);
    CHECK(unreadable.message().startsWith(QStringLiteral("The customer could not be read:")));
}
