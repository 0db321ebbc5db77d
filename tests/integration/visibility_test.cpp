// Visibility changes reach every cache they touch: a record moved to another customer, a
// customer reassigned, an agent moved to another team (§5: replicas converge).
#include "rolesworld.h"

#include "core/sync/serverusers.h"

#include <catch2/catch.hpp>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

int count(SyncClient &client, const QString &table, const QString &id)
{
    return client.value(QStringLiteral("SELECT count(*) FROM %1 WHERE id = ?").arg(table), {id}).toInt();
}

// A client signed in as a supervisor (no agent row of its own in the workspace yet).
std::unique_ptr<SyncClient> supervisorClient(RolesWorld &world, const QString &login)
{
    auto client = std::make_unique<SyncClient>(world.server(), login, QString());
    REQUIRE(client->store().setStateValue(QStringLiteral("agent_id"), QStringLiteral("")));
    return client;
}

} // namespace

TEST_CASE("a contact, note, call or to-do moved to a customer the client cannot see leaves its "
          "cache and reaches the caches that see it",
          "[sync][visibility]")
{
    RolesWorld world;
    world.server().addUser(QStringLiteral("liu"), QStringLiteral("supervisor"), QStringLiteral("South"));
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    SyncClient zhao(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    auto li = supervisorClient(world, QStringLiteral("li"));
    auto liu = supervisorClient(world, QStringLiteral("liu"));
    for (SyncClient *client : {&wang, &zhao, li.get(), liu.get()})
        syncOk(*client);
    REQUIRE(count(wang, QStringLiteral("contacts"), QStringLiteral("kw1")) == 1);
    REQUIRE(count(wang, QStringLiteral("notes"), QStringLiteral("nw")) == 1);
    REQUIRE(count(wang, QStringLiteral("calls"), QStringLiteral("cz")) == 1);
    REQUIRE(count(*li, QStringLiteral("todos"), QStringLiteral("tw")) == 1);

    // WHEN an administrator moves wang's contact and note to zhao's customer, the call to the
    // pool and the to-do to a customer of the South team
    auto boss = world.connect(QStringLiteral("boss"));
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE contacts SET customer_id = 'z1' WHERE id = 'kw1'")));
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE notes SET customer_id = 'z1' WHERE id = 'nw'")));
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE calls SET customer_id = 's1' WHERE id = 'cz'")));
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE todos SET customer_id = 's1' WHERE id = 'tw'")));
    for (SyncClient *client : {&wang, &zhao, li.get(), liu.get()})
        syncOk(*client);

    // THEN wang's cache no longer holds them, zhao's has the contact and the note
    CHECK(count(wang, QStringLiteral("contacts"), QStringLiteral("kw1")) == 0);
    CHECK(count(wang, QStringLiteral("notes"), QStringLiteral("nw")) == 0);
    CHECK(count(wang, QStringLiteral("calls"), QStringLiteral("cz")) == 0);
    CHECK(count(wang, QStringLiteral("todos"), QStringLiteral("tw")) == 0);
    CHECK(count(zhao, QStringLiteral("contacts"), QStringLiteral("kw1")) == 1);
    CHECK(count(zhao, QStringLiteral("notes"), QStringLiteral("nw")) == 1);
    CHECK(zhao.value(QStringLiteral("SELECT customer_id FROM contacts WHERE id = 'kw1'")) == QStringLiteral("z1"));
    // AND the North supervisor keeps what stayed in his team and loses what went South
    CHECK(count(*li, QStringLiteral("contacts"), QStringLiteral("kw1")) == 1);
    CHECK(count(*li, QStringLiteral("calls"), QStringLiteral("cz")) == 0);
    CHECK(count(*li, QStringLiteral("todos"), QStringLiteral("tw")) == 0);
    CHECK(count(*liu, QStringLiteral("calls"), QStringLiteral("cz")) == 1);
    CHECK(count(*liu, QStringLiteral("todos"), QStringLiteral("tw")) == 1);
}

TEST_CASE("an agent moved to another team with \"user add --team\": the old supervisor loses his "
          "customers, calls, to-dos and states, the new one receives them, even after a "
          "reassignment the old supervisor had not pulled yet",
          "[sync][visibility][users]")
{
    RolesWorld world;
    world.server().addUser(QStringLiteral("liu"), QStringLiteral("supervisor"), QStringLiteral("South"));
    const QString wangId = world.id(QStringLiteral("wang"));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, title, due_at, created_at) "
                       "VALUES ('tfree', NULL, ?, 'No customer', 5, 1)"),
        {wangId}));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO agent_states(id, agent_id, state, at) VALUES ('st1', ?, 'Ready', 1)"),
        {wangId}));
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at) VALUES ('cw', 'w2', ?, 1)"),
        {wangId}));
    auto li = supervisorClient(world, QStringLiteral("li"));
    auto liu = supervisorClient(world, QStringLiteral("liu"));
    syncOk(*li);
    syncOk(*liu);
    REQUIRE(count(*li, QStringLiteral("customers"), QStringLiteral("r1")) == 1);
    REQUIRE(count(*li, QStringLiteral("todos"), QStringLiteral("tfree")) == 1);
    REQUIRE(count(*li, QStringLiteral("agent_states"), QStringLiteral("st1")) == 1);
    REQUIRE(count(*liu, QStringLiteral("customers"), QStringLiteral("w2")) == 0);

    // WHEN the administrator gives r1 to zhao, then moves wang to South with "user add --team"
    // and only then the supervisors sync
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = 'r1'"),
                                        {world.id(QStringLiteral("zhao"))}));
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = 'r2'"),
                                        {world.id(QStringLiteral("sun"))}));
    auto boss = world.connect(QStringLiteral("boss"));
    ServerUser moved;
    moved.login = QStringLiteral("wang");
    moved.password = QStringLiteral("password-wang");
    moved.team = QStringLiteral("South");
    moved.name = QStringLiteral("Wang");
    REQUIRE(ServerUsers::add(*boss, moved).message() == QString());
    syncOk(*li);
    syncOk(*liu);

    // THEN the North supervisor keeps r1 (now zhao's) and nothing of wang's
    CHECK(count(*li, QStringLiteral("customers"), QStringLiteral("r1")) == 1);
    CHECK(li->value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ?"), {wangId}) == QStringLiteral("0"));
    CHECK(count(*li, QStringLiteral("customers"), QStringLiteral("r2")) == 0);
    CHECK(count(*li, QStringLiteral("calls"), QStringLiteral("cw")) == 0);
    CHECK(count(*li, QStringLiteral("todos"), QStringLiteral("tfree")) == 0);
    CHECK(count(*li, QStringLiteral("agent_states"), QStringLiteral("st1")) == 0);
    // AND the South supervisor has all of wang's and r2
    CHECK(liu->value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ?"), {wangId})
          == QStringLiteral("4"));
    CHECK(count(*liu, QStringLiteral("customers"), QStringLiteral("r2")) == 1);
    CHECK(count(*liu, QStringLiteral("calls"), QStringLiteral("cw")) == 1);
    CHECK(count(*liu, QStringLiteral("todos"), QStringLiteral("tfree")) == 1);
    CHECK(count(*liu, QStringLiteral("agent_states"), QStringLiteral("st1")) == 1);
}

TEST_CASE("a customer reassigned to another team, then its old owner moved to that team: the "
          "old supervisor drops it though the old owner is no longer his",
          "[sync][visibility]")
{
    RolesWorld world;
    auto li = supervisorClient(world, QStringLiteral("li"));
    syncOk(*li);
    REQUIRE(count(*li, QStringLiteral("customers"), QStringLiteral("x1")) == 1);

    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = 'x1'"),
                                        {world.id(QStringLiteral("sun"))}));
    auto boss = world.connect(QStringLiteral("boss"));
    REQUIRE(ServerUsers::setTeam(*boss, QStringLiteral("wang"), QStringLiteral("South")).message() == QString());
    syncOk(*li);

    CHECK(count(*li, QStringLiteral("customers"), QStringLiteral("x1")) == 0);
    CHECK(li->value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id IS NOT NULL")) == QStringLiteral("1"));
}

TEST_CASE("a deleted customer brought back reaches a cache made after the deletion with its "
          "contacts, phones, tags, calls, notes and to-dos",
          "[sync][visibility][undelete]")
{
    RolesWorld world;
    REQUIRE(world.server().admin().exec(QStringLiteral(
        "INSERT INTO phones(id, contact_id, customer_id, e164, e164_digits, national, national_rev) "
        "VALUES ('pw1', 'kw1', 'w1', '+8613800138000', '8613800138000', '13800138000', "
        "'00083100831')")));
    REQUIRE(world.server().admin().exec(QStringLiteral(
        "INSERT INTO customer_tags(id, customer_id, tag_id) VALUES ('gw1', 'w1', 'g1')")));
    // GIVEN wang's customer w1 was deleted before the first sync of this workspace
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET deleted = 1 WHERE id = 'w1'")));
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(wang);
    REQUIRE(count(wang, QStringLiteral("customers"), QStringLiteral("w1")) == 0);
    REQUIRE(count(wang, QStringLiteral("notes"), QStringLiteral("nw")) == 0);
    REQUIRE(count(wang, QStringLiteral("customers"), QStringLiteral("w2")) == 1);

    // WHEN an administrator brings it back (undoing the deletion) and wang pulls
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET deleted = 0 WHERE id = 'w1'")));
    syncOk(wang);

    // THEN wang has the customer and everything on it, as a workspace made before the deletion
    CHECK(count(wang, QStringLiteral("customers"), QStringLiteral("w1")) == 1);
    CHECK(count(wang, QStringLiteral("contacts"), QStringLiteral("kw1")) == 1);
    CHECK(count(wang, QStringLiteral("phones"), QStringLiteral("pw1")) == 1);
    CHECK(count(wang, QStringLiteral("customer_tags"), QStringLiteral("gw1")) == 1);
    CHECK(count(wang, QStringLiteral("calls"), QStringLiteral("cz")) == 1);
    CHECK(wang.value(QStringLiteral("SELECT group_concat(id, ',') FROM (SELECT id FROM notes "
                                    "WHERE customer_id = 'w1' ORDER BY id)"))
          == QStringLiteral("nw,nz"));
    CHECK(wang.value(QStringLiteral("SELECT group_concat(id, ',') FROM (SELECT id FROM todos "
                                    "WHERE customer_id = 'w1' ORDER BY id)"))
          == QStringLiteral("tw,tz,tz2"));
}

TEST_CASE("a note written offline on a customer deleted before a cache's first sync neither stops "
          "that cache's pull nor lands in it, and comes with the customer when it is brought back",
          "[sync][visibility][undelete]")
{
    RolesWorld world;
    // GIVEN wang's laptop, synced while w1 was live, goes offline
    SyncClient laptop(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(laptop);
    REQUIRE(count(laptop, QStringLiteral("customers"), QStringLiteral("w1")) == 1);
    // AND w1 is deleted, after which wang's new desktop makes its first sync (without w1)
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET deleted = 1 WHERE id = 'w1'")));
    SyncClient desktop(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(desktop);
    REQUIRE(count(desktop, QStringLiteral("customers"), QStringLiteral("w1")) == 0);

    // WHEN the laptop, still unaware of the deletion, writes a note on w1 and syncs (the server
    // keeps the fact), and the desktop pulls
    REQUIRE(laptop.writer().insert(QStringLiteral("notes"),
                                   {{QStringLiteral("id"), QStringLiteral("nlate")},
                                    {QStringLiteral("customer_id"), QStringLiteral("w1")},
                                    {QStringLiteral("body"), QStringLiteral("called back")},
                                    {QStringLiteral("created_at"), 1}}));
    syncOk(laptop);
    REQUIRE(world.server().value(QStringLiteral("SELECT count(*) FROM notes WHERE id = 'nlate'"))
            == QStringLiteral("1"));
    auto pulled = desktop.sync();

    // THEN the desktop's pull succeeds and holds nothing of w1; the laptop keeps its note
    CHECK(pulled.message() == QString());
    CHECK(count(desktop, QStringLiteral("notes"), QStringLiteral("nlate")) == 0);
    CHECK(count(laptop, QStringLiteral("notes"), QStringLiteral("nlate")) == 1);
    CHECK(desktop.outboxCount() == 0);

    // AND when an administrator brings w1 back, the desktop receives it with the late note
    REQUIRE(world.server().admin().exec(QStringLiteral("UPDATE customers SET deleted = 0 WHERE id = 'w1'")));
    syncOk(desktop);
    CHECK(count(desktop, QStringLiteral("customers"), QStringLiteral("w1")) == 1);
    CHECK(count(desktop, QStringLiteral("notes"), QStringLiteral("nlate")) == 1);
}
