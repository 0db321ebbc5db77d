// The attacks and accidents seen with real logins (issue "The server decides"), each replayed
// against a real server: none of them may stop, stall or mislead anyone else's sync.
#include "rolesworld.h"

#include "core/queue/leadpool.h"
#include "core/sync/servergateway.h"
#include "core/sync/serverusers.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

QJsonObject mutation(const QString &id,
                     const QString &table,
                     const QString &rowId,
                     const QString &op,
                     const QJsonObject &fields)
{
    return {{QStringLiteral("mutation_id"), id},     {QStringLiteral("table"), table},
            {QStringLiteral("row_id"), rowId},       {QStringLiteral("op"), op},
            {QStringLiteral("base_row_version"), 1}, {QStringLiteral("fields"), fields}};
}

QString status(const Result<QJsonArray> &results, int i)
{
    REQUIRE(results.message() == QString());
    return results->at(i).toObject().value(QStringLiteral("status")).toString();
}

} // namespace

TEST_CASE("a supervisor cannot make himself admin, move another team's agent or deactivate "
          "the admin, with psql or through push",
          "[attacks][security]")
{
    RolesWorld world;
    auto li = world.connect(QStringLiteral("li"));
    CHECK_FALSE(
        li->exec(QStringLiteral("UPDATE agents SET role = 'admin' WHERE login = current_user")));
    CHECK_FALSE(li->exec(QStringLiteral("UPDATE agents SET team_id = ? WHERE login = 'sun'"),
                         {world.north}));
    CHECK_FALSE(li->exec(QStringLiteral("UPDATE agents SET active = 0 WHERE login = 'boss'")));
    CHECK_FALSE(li->exec(QStringLiteral("SELECT sync.user_set_role('li', 'admin')")));
    CHECK_FALSE(li->exec(QStringLiteral("SELECT sync.user_set_active('boss', false)")));

    ServerGateway gateway(*li);
    auto results = gateway.push(
        QStringLiteral("li-client"),
        {mutation(QStringLiteral("m1"), QStringLiteral("agents"), world.id(QStringLiteral("li")),
                  QStringLiteral("update"), {{QStringLiteral("role"), QStringLiteral("admin")}}),
         mutation(QStringLiteral("m2"), QStringLiteral("agents"), world.id(QStringLiteral("sun")),
                  QStringLiteral("update"), {{QStringLiteral("team_id"), world.north}}),
         mutation(QStringLiteral("m3"), QStringLiteral("agents"), world.id(QStringLiteral("boss")),
                  QStringLiteral("update"), {{QStringLiteral("active"), 0}})});
    for (int i = 0; i < 3; ++i)
        CHECK(status(results, i) == QStringLiteral("rejected"));
    CHECK(world.server().value(QStringLiteral("SELECT string_agg(login || ':' || role || ':' || "
                                              "active, ',' ORDER BY login) FROM agents "
                                              "WHERE login IN ('boss', 'li')"))
          == QStringLiteral("boss:admin:1,li:supervisor:1"));
    CHECK(world.server().value(
              QStringLiteral("SELECT t.name FROM agents a JOIN teams t ON t.id = a.team_id "
                             "WHERE a.login = 'sun'"))
          == QStringLiteral("South"));
}

TEST_CASE("a trigger on a table of his own cannot write the change feed", "[attacks][security]")
{
    RolesWorld world;
    SyncClient other(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    syncOk(other);
    auto wang = world.connect(QStringLiteral("wang"));
    CHECK(wang->execScript(QStringLiteral("CREATE TEMP TABLE ghost(id text)")).message()
          == QStringLiteral("permission denied to create temporary tables in database \"%1\"")
                 .arg(wang->url().database));
    CHECK(wang->execScript(QStringLiteral("CREATE TABLE public.ghost(id text)")).message()
          == QStringLiteral("permission denied for schema public"));
    CHECK(wang->execScript(QStringLiteral("CREATE TABLE sync.ghost(id text)")).message()
          == QStringLiteral("permission denied for schema sync"));
    // Even a table the administrator left writable could not feed the log: the feed writer
    // accepts synced tables only.
    REQUIRE(
        world.server().admin().execScript(QStringLiteral("CREATE TABLE public.ghost(id text)")));
    REQUIRE(world.server().admin().execScript(
        QStringLiteral("CREATE TRIGGER ghost_feed AFTER INSERT ON public.ghost FOR EACH ROW "
                       "EXECUTE FUNCTION sync.record_change()")));
    CHECK_FALSE(
        world.server().admin().exec(QStringLiteral("INSERT INTO public.ghost VALUES ('x')")));
    CHECK(world.server().value(
              QStringLiteral("SELECT count(*) FROM sync.changes WHERE table_name = 'ghost'"))
          == QStringLiteral("0"));
    syncOk(other);
}

TEST_CASE("values the clients' schema forbids are refused, and every client keeps syncing",
          "[attacks][security]")
{
    RolesWorld world;
    SyncClient colleague(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    syncOk(colleague);
    auto wang = world.connect(QStringLiteral("wang"));
    ServerGateway gateway(*wang);
    auto results
        = gateway.push(QStringLiteral("wang-client"),
                       {mutation(QStringLiteral("m1"), QStringLiteral("stage_changes"),
                                 QStringLiteral("sc1"), QStringLiteral("insert"),
                                 {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                  {QStringLiteral("kind"), QStringLiteral("takeover")},
                                  {QStringLiteral("at"), 1}}),
                        mutation(QStringLiteral("m2"), QStringLiteral("phones"),
                                 QStringLiteral("ph1"), QStringLiteral("insert"),
                                 {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                  {QStringLiteral("contact_id"), QStringLiteral("kz1")},
                                  {QStringLiteral("e164"), QStringLiteral("+8613800000001")},
                                  {QStringLiteral("e164_digits"), QStringLiteral("8613800000001")},
                                  {QStringLiteral("national"), QStringLiteral("13800000001")},
                                  {QStringLiteral("national_rev"), QStringLiteral("10000008331")}}),
                        mutation(QStringLiteral("m3"), QStringLiteral("todos"),
                                 QStringLiteral("td1"), QStringLiteral("insert"),
                                 {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                  {QStringLiteral("kind"), QStringLiteral("party")},
                                  {QStringLiteral("title"), QStringLiteral("x")},
                                  {QStringLiteral("due_at"), 1},
                                  {QStringLiteral("created_at"), 1}}),
                        mutation(QStringLiteral("m4"), QStringLiteral("calls"),
                                 QStringLiteral("cl1"), QStringLiteral("insert"),
                                 {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                  {QStringLiteral("started_at"), QStringLiteral("yesterday")}})});
    for (int i = 0; i < 4; ++i)
        CHECK(status(results, i) == QStringLiteral("rejected"));
    CHECK(world.server().value(QStringLiteral(
              "SELECT (SELECT count(*) FROM stage_changes) + (SELECT count(*) FROM phones) "
              "+ (SELECT count(*) FROM calls WHERE id = 'cl1')"))
          == QStringLiteral("0"));

    syncOk(colleague);
    SyncClient fresh(world.server(), QStringLiteral("li"), QString());
    REQUIRE(fresh.store().setStateValue(QStringLiteral("agent_id"), QStringLiteral("")));
    syncOk(fresh);
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers")) != QStringLiteral("0"));
}

TEST_CASE("no conflict-log entry can be forged against a colleague", "[attacks][security]")
{
    RolesWorld world;
    SyncClient victim(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    syncOk(victim);
    auto wang = world.connect(QStringLiteral("wang"));
    CHECK_FALSE(wang->exec(
        QStringLiteral(
            "INSERT INTO sync.conflict_log(table_name, row_id, field, winner_value, loser_value, "
            "winner_client, loser_client, winner_login, loser_login) VALUES ('customers', 'z1', "
            "'name', '\"Forged\"', '\"Zhao One\"', 'x', ?, 'wang', 'zhao')"),
        {victim.store().clientId()}));
    CHECK_FALSE(wang->exec(QStringLiteral("SELECT sync.apply_mutation(?, '{}', '{}')"),
                           {victim.store().clientId()}));
    syncOk(victim);
    CHECK(victim.value(QStringLiteral("SELECT count(*) FROM conflicts")) == QStringLiteral("0"));
}

TEST_CASE("a disabled user cannot sign in, read or write, and the client says so",
          "[attacks][security][users]")
{
    RolesWorld world;
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(wang);
    auto open = world.connect(QStringLiteral("wang"));

    SECTION("set inactive directly on the server: every sync function refuses, nothing is visible")
    {
        REQUIRE(world.server().admin().exec(
            QStringLiteral("UPDATE agents SET active = 0 WHERE login = 'wang'")));
        auto hello = ServerGateway(*open).hello();
        CHECK(hello.message()
              == QStringLiteral("Your account is disabled: ask your administrator."));
        CHECK(*open->scalar(QStringLiteral("SELECT count(*) FROM customers"))
              == QStringLiteral("0"));
        CHECK(*open->scalar(QStringLiteral("SELECT count(*) FROM agents")) == QStringLiteral("0"));
        auto pushed = ServerGateway(*open).push(
            QStringLiteral("c"), {mutation(QStringLiteral("m1"), QStringLiteral("notes"),
                                           QStringLiteral("n1"), QStringLiteral("insert"),
                                           {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                            {QStringLiteral("body"), QStringLiteral("still here")},
                                            {QStringLiteral("created_at"), 1}})});
        CHECK_FALSE(pushed);
        CHECK_FALSE(ServerGateway(*open).pull({}, 10));
        wang.addCustomer(QStringLiteral("Offline work"));
        auto report = wang.sync();
        CHECK(report.message()
              == QStringLiteral("Your account is disabled: ask your administrator."));
        CHECK(wang.outboxCount() == 1);
        CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                                  "'sign_in_refused'"))
              != QStringLiteral("0"));
    }
    SECTION("disabled by an administrator: the login is refused and open sessions end")
    {
        auto boss = world.connect(QStringLiteral("boss"));
        REQUIRE(ServerUsers::setActive(*boss, QStringLiteral("wang"), false).message()
                == QString());
        CHECK_FALSE(open->isAlive());
        auto again = ServerConnection::open(world.server().urlFor(QStringLiteral("wang")));
        CHECK(again.message()
              == QStringLiteral("Your account is disabled: ask your administrator."));
        CHECK(wang.sync().message()
              == QStringLiteral("Your account is disabled: ask your administrator."));

        REQUIRE(ServerUsers::setActive(*boss, QStringLiteral("wang"), true).message() == QString());
        syncOk(wang);
    }
}

TEST_CASE("the claim cap, deletion, authorship and the to-do rules hold on the server",
          "[attacks][security]")
{
    RolesWorld world;
    auto wang = world.connect(QStringLiteral("wang"));
    ServerGateway gateway(*wang);
    const QString me = world.id(QStringLiteral("wang"));
    const QString zhao = world.id(QStringLiteral("zhao"));

    // Three pool leads in one push, with a cap of two a day.
    auto claims = gateway.push(
        QStringLiteral("w"),
        {mutation(QStringLiteral("c1"), QStringLiteral("customers"), QStringLiteral("p1"),
                  QStringLiteral("update"), {{QStringLiteral("owner_id"), me}}),
         mutation(QStringLiteral("c2"), QStringLiteral("customers"), QStringLiteral("p2"),
                  QStringLiteral("update"), {{QStringLiteral("owner_id"), me}}),
         mutation(QStringLiteral("c3"), QStringLiteral("customers"), QStringLiteral("p3"),
                  QStringLiteral("update"), {{QStringLiteral("owner_id"), me}})});
    CHECK(status(claims, 0) == QStringLiteral("applied"));
    CHECK(status(claims, 1) == QStringLiteral("applied"));
    CHECK(status(claims, 2) == QStringLiteral("rejected"));
    CHECK(claims->at(2).toObject().value(QStringLiteral("code")).toString()
          == QStringLiteral("claim_cap"));
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ?"),
                               {me})
          == QStringLiteral("8"));
    CHECK(world.server().value(
              QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'claim'"))
          == QStringLiteral("2"));

    // A note and a call in a colleague's name are stored as his own.
    auto forged = gateway.push(QStringLiteral("w"),
                               {mutation(QStringLiteral("f1"), QStringLiteral("notes"),
                                         QStringLiteral("fn"), QStringLiteral("insert"),
                                         {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                          {QStringLiteral("agent_id"), zhao},
                                          {QStringLiteral("updated_by"), zhao},
                                          {QStringLiteral("body"), QStringLiteral("said by zhao?")},
                                          {QStringLiteral("created_at"), 1}}),
                                mutation(QStringLiteral("f2"), QStringLiteral("calls"),
                                         QStringLiteral("fc"), QStringLiteral("insert"),
                                         {{QStringLiteral("customer_id"), QStringLiteral("w1")},
                                          {QStringLiteral("agent_id"), zhao},
                                          {QStringLiteral("started_at"), 1}})});
    CHECK(status(forged, 0) == QStringLiteral("applied"));
    CHECK(world.server().value(
              QStringLiteral("SELECT string_agg(DISTINCT agent_id || '/' || updated_by, ',') FROM "
                             "(SELECT agent_id, updated_by FROM notes WHERE id = 'fn' UNION ALL "
                             "SELECT agent_id, updated_by FROM calls WHERE id = 'fc') x"))
          == me + QLatin1Char('/') + me);

    // His colleague's note, call and to-dos on his own customer stay his colleague's.
    auto edits = gateway.push(
        QStringLiteral("w"),
        {mutation(QStringLiteral("e1"), QStringLiteral("notes"), QStringLiteral("nz"),
                  QStringLiteral("update"),
                  {{QStringLiteral("body"), QStringLiteral("rewritten")}}),
         mutation(QStringLiteral("e2"), QStringLiteral("calls"), QStringLiteral("cz"),
                  QStringLiteral("delete"), {{QStringLiteral("deleted"), 1}}),
         mutation(QStringLiteral("e3"), QStringLiteral("todos"), QStringLiteral("tz"),
                  QStringLiteral("update"), {{QStringLiteral("completed_at"), 5}}),
         mutation(QStringLiteral("e4"), QStringLiteral("todos"), QStringLiteral("tz2"),
                  QStringLiteral("update"), {{QStringLiteral("agent_id"), me}}),
         mutation(QStringLiteral("e5"), QStringLiteral("customers"), QStringLiteral("x1"),
                  QStringLiteral("delete"), {{QStringLiteral("deleted"), 1}})});
    for (int i = 0; i < 5; ++i)
        CHECK(status(edits, i) == QStringLiteral("rejected"));
    CHECK(world.server().value(
              QStringLiteral("SELECT (SELECT body FROM notes WHERE id = 'nz') || '/' || "
                             "(SELECT deleted FROM calls WHERE id = 'cz') || '/' || "
                             "(SELECT count(*) FROM todos WHERE agent_id = ? AND completed_at IS "
                             "NULL) || '/' || "
                             "(SELECT deleted FROM customers WHERE id = 'x1')"),
              {zhao})
          == QStringLiteral("his/0/2/0"));
}

TEST_CASE("the change feed is read only through sync.pull, as far as the caller may see",
          "[attacks][security]")
{
    RolesWorld world;
    auto sun = world.connect(QStringLiteral("sun"));
    CHECK_FALSE(sun->exec(QStringLiteral("SELECT count(*) FROM sync.changes")));
    CHECK(*sun->scalar(QStringLiteral("SELECT count(*) FROM sync.applied_mutations"))
          == QStringLiteral("0"));
    auto page = ServerGateway(*sun).pull({}, 1000);
    REQUIRE(page.message() == QString());
    QStringList customers;
    for (const auto &table : page->tables) {
        if (table.first != QLatin1String("customers"))
            continue;
        for (const QJsonValue &row : table.second) {
            customers.append(row.toObject().value(QStringLiteral("id")).toString());
            CHECK_FALSE(row.toObject().contains(QStringLiteral("field_clients")));
        }
    }
    customers.sort();
    CHECK(customers.join(QLatin1Char(',')) == QStringLiteral("p1,p2,p3,s1"));
}

TEST_CASE("an agent's held-open transaction does not stall two other clients' sync for long",
          "[attacks][horizon]")
{
    RolesWorld world;
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    syncOk(wang);
    syncOk(li);

    // GIVEN an agent who lifts his own timeouts and holds a transaction with a write in it
    auto zhao = world.connect(QStringLiteral("zhao"));
    REQUIRE(zhao->execScript(
        QStringLiteral("ALTER ROLE zhao SET idle_in_transaction_session_timeout = 0")));
    REQUIRE(zhao->execScript(QStringLiteral("SET idle_in_transaction_session_timeout = 0")));
    REQUIRE(zhao->execScript(QStringLiteral("SET statement_timeout = 0")));
    REQUIRE(zhao->database().transaction());
    auto held = ServerGateway(*zhao).push(
        QStringLiteral("zhao-client"),
        {mutation(QStringLiteral("h1"), QStringLiteral("notes"), QStringLiteral("held"),
                  QStringLiteral("insert"),
                  {{QStringLiteral("customer_id"), QStringLiteral("z1")},
                   {QStringLiteral("body"), QStringLiteral("never committed")},
                   {QStringLiteral("created_at"), 1}})});
    REQUIRE(status(held, 0) == QStringLiteral("applied"));

    // WHEN an agent changes his customer and both clients keep syncing
    REQUIRE(wang.writer().update(
        QStringLiteral("customers"), QStringLiteral("w1"),
        {{QStringLiteral("company"), QStringLiteral("Seen by the supervisor")}}));
    QElapsedTimer timer;
    timer.start();
    bool waited = false;
    bool arrived = false;
    while (!arrived && timer.elapsed() < 120000) {
        auto pushed = wang.sync();
        REQUIRE(pushed.message() == QString());
        auto pulled = li.sync();
        REQUIRE(pulled.message() == QString());
        waited = waited || pulled->feedWaiting;
        arrived = li.value(QStringLiteral("SELECT company FROM customers WHERE id = 'w1'"))
                  == QLatin1String("Seen by the supervisor");
        if (!arrived)
            QThread::msleep(1000);
    }

    // THEN the change arrives once the server ends the held transaction (after about 30 s),
    // the stall was reported meanwhile, and the held write never commits
    WARN("a held transaction delayed the feed by " << timer.elapsed() << " ms");
    CHECK(arrived);
    CHECK(waited);
    CHECK_FALSE(zhao->database().commit());
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM notes WHERE id = 'held'"))
          == QStringLiteral("0"));
}

TEST_CASE("a call and a note logged offline on a pool lead a colleague claims meanwhile both "
          "reach the server",
          "[attacks][facts]")
{
    RolesWorld world;
    const QString wangId = world.id(QStringLiteral("wang"));
    SyncClient wang(world.server(), QStringLiteral("wang"), wangId);
    SyncClient zhao(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    syncOk(wang);
    syncOk(zhao);

    // GIVEN wang, offline, logs a call and a note on pool lead p1
    REQUIRE(wang.writer().insert(QStringLiteral("calls"),
                                 {{QStringLiteral("id"), QStringLiteral("offline-call")},
                                  {QStringLiteral("customer_id"), QStringLiteral("p1")},
                                  {QStringLiteral("agent_id"), wangId},
                                  {QStringLiteral("started_at"), 10},
                                  {QStringLiteral("outcome"), QStringLiteral("connected")}}));
    REQUIRE(wang.writer().insert(QStringLiteral("notes"),
                                 {{QStringLiteral("id"), QStringLiteral("offline-note")},
                                  {QStringLiteral("customer_id"), QStringLiteral("p1")},
                                  {QStringLiteral("agent_id"), wangId},
                                  {QStringLiteral("body"), QStringLiteral("wants a quote")},
                                  {QStringLiteral("created_at"), 10}}));
    REQUIRE(wang.writer().update(QStringLiteral("customers"), QStringLiteral("p1"),
                                 {{QStringLiteral("last_contact_at"), 10}}));
    // ... while zhao claims it
    LeadPool pool(zhao.store());
    REQUIRE(pool.claim({QStringLiteral("p1")}).message() == QString());
    syncOk(zhao);

    // WHEN wang comes back
    syncOk(wang);

    // THEN the call and the note are on the server, his, on the lead zhao now owns
    CHECK(world.server().value(
              QStringLiteral("SELECT string_agg(id || ':' || agent_id, ',' ORDER BY id) FROM "
                             "(SELECT id, agent_id FROM calls WHERE customer_id = 'p1' UNION ALL "
                             "SELECT id, agent_id FROM notes WHERE customer_id = 'p1') x"))
          == QStringLiteral("offline-call:%1,offline-note:%1").arg(wangId));
    CHECK(wang.outboxCount() == 0);
    CHECK(wang.value(QStringLiteral(
              "SELECT count(*) FROM outbox_rejected WHERE table_name IN ('calls', 'notes')"))
          == QStringLiteral("0"));
    // AND the new owner sees them on the lead's timeline
    syncOk(zhao);
    CHECK(zhao.value(QStringLiteral("SELECT count(*) FROM calls WHERE customer_id = 'p1'"))
          == QStringLiteral("1"));
    CHECK(zhao.value(QStringLiteral("SELECT body FROM notes WHERE customer_id = 'p1'"))
          == QStringLiteral("wants a quote"));
}

TEST_CASE("two tags swapping names in one push leave every other client syncing", "[attacks][tags]")
{
    RolesWorld world;
    REQUIRE(world.server().admin().exec(
        QStringLiteral("INSERT INTO tags(id, name) VALUES ('ga', 'Hot'), ('gb', 'Cold')")));
    SyncClient reader(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    SyncClient pager(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    syncOk(reader);
    syncOk(pager);

    auto boss = world.connect(QStringLiteral("boss"));
    auto swapped = ServerGateway(*boss).push(
        QStringLiteral("boss-client"),
        {mutation(QStringLiteral("s1"), QStringLiteral("tags"), QStringLiteral("ga"),
                  QStringLiteral("update"), {{QStringLiteral("name"), QStringLiteral("Cold")}}),
         mutation(QStringLiteral("s2"), QStringLiteral("tags"), QStringLiteral("gb"),
                  QStringLiteral("update"), {{QStringLiteral("name"), QStringLiteral("Hot")}})});
    CHECK(status(swapped, 0) == QStringLiteral("applied"));
    CHECK(status(swapped, 1) == QStringLiteral("applied"));

    syncOk(reader);
    REQUIRE(pager.sync(500, 1).message() == QString());
    for (SyncClient *client : {&reader, &pager}) {
        CHECK(client->value(QStringLiteral(
                  "SELECT group_concat(id || '=' || name, ',') FROM "
                  "(SELECT id, name FROM tags WHERE id IN ('ga', 'gb') ORDER BY id)"))
              == QStringLiteral("ga=Cold,gb=Hot"));
    }
    // A real duplicate is refused with a reason; a name freed by a deletion may be taken.
    auto duplicate = ServerGateway(*boss).push(
        QStringLiteral("boss-client"),
        {mutation(QStringLiteral("d1"), QStringLiteral("tags"), QStringLiteral("ga"),
                  QStringLiteral("update"), {{QStringLiteral("name"), QStringLiteral("Hot")}})});
    CHECK(status(duplicate, 0) == QStringLiteral("rejected"));
    CHECK(duplicate->at(0).toObject().value(QStringLiteral("code")).toString()
          == QStringLiteral("unique"));
    auto freed = ServerGateway(*boss).push(
        QStringLiteral("boss-client"),
        {mutation(QStringLiteral("d2"), QStringLiteral("tags"), QStringLiteral("gb"),
                  QStringLiteral("delete"), {{QStringLiteral("deleted"), 1}}),
         mutation(QStringLiteral("d3"), QStringLiteral("tags"), QStringLiteral("gc"),
                  QStringLiteral("insert"), {{QStringLiteral("name"), QStringLiteral("Hot")}})});
    CHECK(status(freed, 0) == QStringLiteral("applied"));
    CHECK(status(freed, 1) == QStringLiteral("applied"));
    syncOk(reader);
    CHECK(reader.value(QStringLiteral("SELECT id FROM tags WHERE name = 'Hot'"))
          == QStringLiteral("gc"));
}

TEST_CASE("a workstation's client id cannot be borrowed by another login", "[attacks][security]")
{
    RolesWorld world;
    SyncClient zhao(world.server(), QStringLiteral("zhao"), world.id(QStringLiteral("zhao")));
    zhao.addCustomer(QStringLiteral("Zhao's lead"));
    syncOk(zhao);
    auto wang = world.connect(QStringLiteral("wang"));
    auto borrowed = ServerGateway(*wang).push(
        zhao.store().clientId(),
        {mutation(QStringLiteral("b1"), QStringLiteral("customers"), QStringLiteral("w1"),
                  QStringLiteral("update"), {{QStringLiteral("company"), QStringLiteral("Hidden")}})});
    CHECK(borrowed.message()
          == QStringLiteral(
              "This workspace belongs to another user: sign in with a workspace of your own."));
    CHECK(world.server().value(QStringLiteral("SELECT company FROM customers WHERE id = 'w1'"))
          == QString());
}
