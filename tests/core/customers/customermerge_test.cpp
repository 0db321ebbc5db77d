#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/domain/customervalidation.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/customers/customersearch.h"
#include "core/customers/duplicatefinder.h"
#include "core/reference/referencerepository.h"
#include "core/customers/timelinequery.h"

#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

struct MergeFixture
{
    TestWorkspace workspace;
    CustomerRepository customers{workspace.store()};
    ActivityRepository activities{workspace.store()};
    ReferenceRepository reference{workspace.store()};
    CustomerMerger merger{workspace.store()};

    QString add(const QString &name, const QString &company, const QStringList &phones,
                const QString &email = {}, const QStringList &tags = {})
    {
        Customer c;
        c.name = name;
        c.company = company;
        c.email = email;
        c.tags = tags;
        Contact contact;
        contact.name = name;
        for (const QString &phone : phones)
            contact.phones.append({QString(), phone, QStringLiteral("手机")});
        c.contacts = {contact};
        auto id = customers.create(c);
        REQUIRE(id.ok());
        return id.value();
    }

    void signInAs(const QString &role)
    {
        Agent agent;
        agent.login = role;
        agent.name = role;
        agent.role = role;
        auto id = reference.addAgent(agent);
        REQUIRE(id.ok());
        workspace.store().setCurrentAgentId(id.value());
    }

    int count(const QString &sql)
    {
        QSqlQuery query(workspace.store().database());
        REQUIRE(query.exec(sql));
        REQUIRE(query.next());
        return query.value(0).toInt();
    }
};

QStringList errorFields(const Customer &customer)
{
    QStringList fields;
    for (const Error &error : validateCustomer(customer))
        fields.append(error.field);
    return fields;
}

} // namespace

TEST_CASE("Validation names the field of each problem", "[customer]")
{
    Customer c;
    c.stage = QStringLiteral("首次联系");
    c.intent = QStringLiteral("无");
    CHECK(errorFields(c) == QStringList{QStringLiteral("name")});
    c.name = QStringLiteral("王建国");
    c.email = QStringLiteral("wang@");
    c.stage = QStringLiteral("随便");
    Contact contact;
    contact.phones = {{QString(), QStringLiteral("12345"), QString()}};
    c.contacts = {contact};
    CHECK(errorFields(c) == QStringList{QStringLiteral("email"), QStringLiteral("stage"),
                                        QStringLiteral("contacts/0/name"),
                                        QStringLiteral("contacts/0/phones/0")});
    const QList<Error> errors = validateCustomer(c);
    CHECK(errors.at(0).message.contains(QStringLiteral("wang@")));
    CHECK(errors.at(1).message.contains(QStringLiteral("随便")));
}

TEST_CASE("Duplicates are found by the same normalized phone or e-mail while typing", "[customer]")
{
    MergeFixture f;
    const QString wang = f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"),
                               {QStringLiteral("13800138000")}, QStringLiteral("Wang@XingHe.cn"));
    const QString li = f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("010-8888 8000")});
    const DuplicateFinder finder(f.workspace.store());

    auto found = finder.find({QStringLiteral("+86 138-0013-8000")}, {});
    REQUIRE(found.size() == 1);
    CHECK(found.first().customerId == wang);
    CHECK(found.first().reason == DuplicateMatch::Reason::Phone);
    CHECK(found.first().matched == QStringLiteral("+8613800138000"));
    CHECK(finder.find({QStringLiteral("(010) 88888000")}, {}).first().customerId == li);
    found = finder.find({}, {QStringLiteral(" wang@xinghe.CN ")});
    REQUIRE(found.size() == 1);
    CHECK(found.first().reason == DuplicateMatch::Reason::Email);
    // Incomplete input and the customer being edited are not duplicates.
    CHECK(finder.find({QStringLiteral("138001")}, {QStringLiteral("wang@")}).isEmpty());
    CHECK(finder.find({QStringLiteral("13800138000")}, {}, wang).isEmpty());
    // Both a phone and an e-mail of the same customer: listed once.
    CHECK(finder.find({QStringLiteral("13800138000")}, {QStringLiteral("wang@xinghe.cn")}).size() == 1);
    Customer typed;
    typed.name = QStringLiteral("新客户");
    Contact contact;
    contact.phones = {{QString(), QStringLiteral("010 8888 8000"), QString()}};
    typed.contacts = {contact};
    CHECK(finder.findFor(typed).first().customerId == li);
}

TEST_CASE("Only supervisors and admins can merge", "[customer]")
{
    MergeFixture f;
    const QString a = f.add(QStringLiteral("王建国"), QString(), {QStringLiteral("13800138000")});
    const QString b = f.add(QStringLiteral("王建国"), QString(), {QStringLiteral("13800138001")});
    f.signInAs(QStringLiteral("agent"));
    const auto refused = f.merger.merge(a, b);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.message().contains(QStringLiteral("supervisors")));
    CHECK(f.customers.load(b).ok());
}

TEST_CASE("A merge keeps every record on the survivor and can be undone until synced", "[customer]")
{
    MergeFixture f;
    f.signInAs(QStringLiteral("supervisor"));
    const QString keep = f.add(QStringLiteral("王建国"), QString(), {QStringLiteral("13800138000")},
                               QString(), {QStringLiteral("重点客户")});
    const QString dup = f.add(QStringLiteral("王建国(重复)"), QStringLiteral("北京星河科技有限公司"),
                              {QStringLiteral("13900139000"), QStringLiteral("010-8888 8000")},
                              QStringLiteral("wang@xinghe.cn"), {QStringLiteral("重点客户"), QStringLiteral("展会")});
    Note note;
    note.customerId = dup;
    note.body = QStringLiteral("重复录入的客户");
    REQUIRE(f.activities.addNote(note).ok());
    QSqlQuery call(f.workspace.store().database());
    REQUIRE(call.exec(QStringLiteral("INSERT INTO calls(id, customer_id, started_at, duration_s) "
                                     "VALUES('call-1', '%1', 1772413200000, 95)").arg(dup)));
    REQUIRE(call.exec(QStringLiteral("INSERT INTO todos(id, customer_id, title, due_at, created_at) "
                                     "VALUES('todo-1', '%1', '回电', 1772413200000, 1772413200000)").arg(dup)));
    const int outboxBefore = f.count(QStringLiteral("SELECT count(*) FROM outbox"));

    const auto merged = f.merger.merge(keep, dup);
    REQUIRE(merged.ok());

    const Customer survivor = f.customers.load(keep).value();
    CHECK(f.customers.load(dup).error().missing);
    CHECK(survivor.contacts.size() == 2);
    CHECK(survivor.allPhones().size() == 3);
    CHECK(survivor.tags == QStringList{QStringLiteral("展会"), QStringLiteral("重点客户")});
    CHECK(survivor.company == QStringLiteral("北京星河科技有限公司")); // blank field filled
    CHECK(survivor.email == QStringLiteral("wang@xinghe.cn"));
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM calls WHERE customer_id = '%1'").arg(keep)) == 1);
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM todos WHERE customer_id = '%1'").arg(keep)) == 1);
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = '%1'").arg(keep)) == 1);
    const auto timeline = TimelineQuery(f.workspace.store()).fetch(keep, 50, 0, {TimelineEvent::Kind::Merge}).value();
    REQUIRE(timeline.size() == 1);
    CHECK(timeline.first().title.contains(QStringLiteral("王建国(重复)")));
    // Every change is in the outbox: 3 moved phones... all in one transaction.
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM outbox WHERE table_name = 'customers' AND row_id = '%1' AND op = 'delete'").arg(dup)) == 1);
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM outbox")) > outboxBefore);
    // Search follows: the duplicate's phone and company now find the survivor only.
    const auto hits = CustomerSearch(f.workspace.store()).search(QStringLiteral("139 0013 9000"), {}, 10).value();
    REQUIRE(hits.size() == 1);
    CHECK(hits.first().id == keep);

    REQUIRE(f.merger.canUndo(merged.value()));
    REQUIRE(f.merger.undo(merged.value()).ok());
    const Customer restored = f.customers.load(dup).value();
    CHECK(restored.contacts.size() == 1);
    CHECK(restored.allPhones().size() == 2);
    CHECK(restored.tags == QStringList{QStringLiteral("展会"), QStringLiteral("重点客户")});
    const Customer original = f.customers.load(keep).value();
    CHECK(original.company.isEmpty());
    CHECK(original.allPhones() == QStringList{QStringLiteral("+8613800138000")});
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM calls WHERE customer_id = '%1'").arg(dup)) == 1);
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM stage_changes WHERE kind = 'merge'")) == 0);
    CHECK(f.count(QStringLiteral("SELECT count(*) FROM outbox")) == outboxBefore);
    CHECK(CustomerSearch(f.workspace.store()).search(QStringLiteral("星河"), {}, 10).value().first().id == dup);
    CHECK_FALSE(f.merger.canUndo(merged.value()));
}

TEST_CASE("A merge whose changes were sent cannot be undone", "[customer]")
{
    MergeFixture f;
    f.signInAs(QStringLiteral("admin"));
    const QString keep = f.add(QStringLiteral("甲"), QString(), {QStringLiteral("13800138000")});
    const QString dup = f.add(QStringLiteral("乙"), QString(), {QStringLiteral("13900139000")});
    const auto merged = f.merger.merge(keep, dup);
    REQUIRE(merged.ok());
    QSqlQuery pushed(f.workspace.store().database());
    REQUIRE(pushed.exec(QStringLiteral("DELETE FROM outbox"))); // as a successful push does
    CHECK_FALSE(f.merger.canUndo(merged.value()));
    const auto undone = f.merger.undo(merged.value());
    REQUIRE_FALSE(undone.ok());
    CHECK(undone.message().contains(QStringLiteral("already been sent")));
    CHECK(f.customers.load(dup).error().missing);
}
