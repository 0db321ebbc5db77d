// What each role may do on the server, with its own login: plain SQL (no direct writes at all,
// no side doors) and mutations through sync.push (the rules of the write path).
#include "rolesworld.h"

#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

enum Role { Agent, Supervisor, Admin };

struct Operation
{
    const char *what;
    const char
        *mutation;   ///< JSON; {me}, {wang}, {zhao}, {sun}, {li}, {north}, {role} are filled in
    bool allowed[3]; ///< agent (wang), supervisor (li), admin (boss)
};

// Each operation uses rows of its own, so the order of the table does not matter.
const Operation operations[] = {
    {"edit his own customer",
     R"({"table":"customers","row_id":"w1","op":"update","fields":{"company":"Edited"}})",
     {true, true, true}},
    {"edit a colleague's customer",
     R"({"table":"customers","row_id":"z1","op":"update","fields":{"company":"Edited"}})",
     {false, true, true}},
    {"edit another team's customer",
     R"({"table":"customers","row_id":"s1","op":"update","fields":{"company":"Edited"}})",
     {false, false, true}},
    {"claim a pool lead",
     R"({"table":"customers","row_id":"p1","op":"update","fields":{"owner_id":"{me}"}})",
     {true, true, true}},
    {"give his customer to a colleague",
     R"({"table":"customers","row_id":"r1","op":"update","fields":{"owner_id":"{zhao}"}})",
     {false, true, true}},
    {"give a customer to another team's agent",
     R"({"table":"customers","row_id":"r2","op":"update","fields":{"owner_id":"{sun}"}})",
     {false, false, true}},
    {"return his customer to the pool",
     R"({"table":"customers","row_id":"r3","op":"update","fields":{"owner_id":null}})",
     {true, true, true}},
    {"delete a customer",
     R"({"table":"customers","row_id":"x1","op":"delete","fields":{"deleted":1}})",
     {false, true, true}},
    {"create a customer for himself",
     R"({"table":"customers","row_id":"new-{role}","op":"insert","fields":{"name":"New","owner_id":"{me}","created_at":1}})",
     {true, true, true}},
    {"create a customer for a colleague",
     R"({"table":"customers","row_id":"gift-{role}","op":"insert","fields":{"name":"Gift","owner_id":"{zhao}","created_at":1}})",
     {false, true, true}},
    {"move his customer to the next stage",
     R"({"table":"customers","row_id":"w2","op":"update","fields":{"stage":"需求沟通"}})",
     {true, true, true}},
    {"log a call on his customer",
     R"({"table":"calls","row_id":"call-{role}","op":"insert","fields":{"customer_id":"w1","started_at":5,"outcome":"connected"}})",
     {true, true, true}},
    {"write a note on another team's customer",
     R"({"table":"notes","row_id":"note-{role}","op":"insert","fields":{"customer_id":"s1","body":"planted","created_at":1}})",
     {false, false, true}},
    {"move a call to another of his customers (a merge)",
     R"({"table":"calls","row_id":"cz","op":"update","fields":{"customer_id":"w2"}})",
     {false, true, true}},
    {"record a merge",
     R"({"table":"stage_changes","row_id":"merge-{role}","op":"insert","fields":{"customer_id":"w1","kind":"merge","from_value":"w2","at":1}})",
     {false, true, true}},
    {"edit a colleague's call",
     R"({"table":"calls","row_id":"cz","op":"update","fields":{"note":"rewritten"}})",
     {false, false, true}},
    {"delete a colleague's note",
     R"({"table":"notes","row_id":"nz","op":"delete","fields":{"deleted":1}})",
     {false, false, true}},
    {"edit his own note",
     R"({"table":"notes","row_id":"nw","op":"update","fields":{"body":"corrected"}})",
     {true, false, true}},
    {"complete his own to-do",
     R"({"table":"todos","row_id":"tw","op":"update","fields":{"completed_at":5}})",
     {true, true, true}},
    {"complete a colleague's to-do",
     R"({"table":"todos","row_id":"tz","op":"update","fields":{"completed_at":5}})",
     {false, true, true}},
    {"take a colleague's to-do",
     R"({"table":"todos","row_id":"tz2","op":"update","fields":{"agent_id":"{me}"}})",
     {false, true, true}},
    {"give a colleague a to-do",
     R"({"table":"todos","row_id":"todo-{role}","op":"insert","fields":{"customer_id":"w1","agent_id":"{zhao}","title":"Call","due_at":9,"created_at":1}})",
     {false, true, true}},
    {"remind his supervisor with a to-do",
     R"({"table":"todos","row_id":"remind-{role}","op":"insert","fields":{"customer_id":"w1","agent_id":"{li}","title":"Look","due_at":9,"created_at":1}})",
     {true, true, true}},
    {"store a stage change of a kind clients forbid",
     R"({"table":"stage_changes","row_id":"sc-{role}","op":"insert","fields":{"customer_id":"w1","kind":"bogus","at":1}})",
     {false, false, false}},
    {"store a phone whose contact belongs to another customer",
     R"({"table":"phones","row_id":"bad-{role}","op":"insert","fields":{"customer_id":"w1","contact_id":"kz1","e164":"+8613800000001","e164_digits":"8613800000001","national":"13800000001","national_rev":"10000008331"}})",
     {false, false, false}},
    {"store a phone on his customer's contact",
     R"({"table":"phones","row_id":"ph-{role}","op":"insert","fields":{"customer_id":"w1","contact_id":"kw1","e164":"+8613800000002","e164_digits":"8613800000002","national":"13800000002","national_rev":"20000008331"}})",
     {true, true, true}},
    {"add a contact to another team's customer",
     R"({"table":"contacts","row_id":"k-{role}","op":"insert","fields":{"customer_id":"s1","name":"Spy"}})",
     {false, false, true}},
    {"tag his customer",
     R"({"table":"customer_tags","row_id":"ct-{role}","op":"insert","fields":{"customer_id":"w1","tag_id":"g1"}})",
     {true, true, true}},
    {"create a tag",
     R"({"table":"tags","row_id":"tag-{role}","op":"insert","fields":{"name":"New {role}"}})",
     {true, true, true}},
    {"rename a tag",
     R"({"table":"tags","row_id":"g1","op":"update","fields":{"name":"Renamed"}})",
     {false, false, true}},
    {"edit the do-not-call list",
     R"({"table":"dnc_numbers","row_id":"dnc-{role}","op":"insert","fields":{"kind":"number","value":"+8613900000000","added_at":1}})",
     {false, false, true}},
    {"change a policy",
     R"({"table":"policies","row_id":"pc","op":"update","fields":{"value":"9"}})",
     {false, false, true}},
    {"edit a disposition",
     R"({"table":"dispositions","row_id":"d1","op":"update","fields":{"name":"Renamed"}})",
     {false, true, true}},
    {"write an article",
     R"({"table":"articles","row_id":"art-{role}","op":"insert","fields":{"title":"Pitch"}})",
     {false, true, true}},
    {"make himself admin",
     R"({"table":"agents","row_id":"{me}","op":"update","fields":{"role":"admin"}})",
     {false, false, true}},
    {"deactivate a colleague",
     R"({"table":"agents","row_id":"{zhao}","op":"update","fields":{"active":0}})",
     {false, false, true}},
    {"move another team's agent into his team",
     R"({"table":"agents","row_id":"{sun}","op":"update","fields":{"team_id":"{north}"}})",
     {false, false, true}},
    {"rename a team",
     R"({"table":"teams","row_id":"{north}","op":"update","fields":{"name":"Best"}})",
     {false, false, true}},
    {"record his own agent state",
     R"({"table":"agent_states","row_id":"st-{role}","op":"insert","fields":{"state":"Ready","at":1}})",
     {true, true, true}},
    {"record an agent state clients do not know",
     R"({"table":"agent_states","row_id":"bad-st-{role}","op":"insert","fields":{"state":"Asleep","at":1}})",
     {false, false, false}},
    {"record a dial block",
     R"({"table":"dial_blocks","row_id":"db-{role}","op":"insert","fields":{"customer_id":"w1","phone_e164":"+8613800000002","rule":"dnc","message":"on the list","at":1}})",
     {true, true, true}},
    {"record an export in the audit log",
     R"({"table":"audit_log","row_id":"au-{role}","op":"insert","fields":{"action":"export","detail":"{}"}})",
     {false, true, true}},
    {"record an import batch in the audit log",
     R"({"table":"audit_log","row_id":"ai-{role}","op":"insert","fields":{"action":"import","detail":"{}"}})",
     {false, true, true}},
    {"create a customer by an import",
     R"({"table":"customers","row_id":"imp-{role}","op":"insert","import_batch":"b-{role}","fields":{"name":"Imported","owner_id":"{me}","created_at":1}})",
     {false, true, true}},
    {"forge a claim in the audit log",
     R"({"table":"audit_log","row_id":"forged-{role}","op":"insert","fields":{"action":"claim"}})",
     {false, false, false}},
};

const char *const roleNames[] = {"agent", "supervisor", "admin"};
const char *const roleLogins[] = {"wang", "li", "boss"};

QJsonObject mutationFor(const Operation &operation, Role role, const RolesWorld &world, int index)
{
    QString text = QString::fromUtf8(operation.mutation);
    text.replace(QStringLiteral("{me}"), world.id(QLatin1String(roleLogins[role])))
        .replace(QStringLiteral("{wang}"), world.id(QStringLiteral("wang")))
        .replace(QStringLiteral("{zhao}"), world.id(QStringLiteral("zhao")))
        .replace(QStringLiteral("{sun}"), world.id(QStringLiteral("sun")))
        .replace(QStringLiteral("{li}"), world.id(QStringLiteral("li")))
        .replace(QStringLiteral("{north}"), world.north)
        .replace(QStringLiteral("{role}"), QLatin1String(roleNames[role]));
    QJsonObject mutation = QJsonDocument::fromJson(text.toUtf8()).object();
    REQUIRE_FALSE(mutation.isEmpty());
    mutation.insert(QStringLiteral("mutation_id"), QStringLiteral("op-%1").arg(index));
    mutation.insert(QStringLiteral("base_row_version"), 1);
    return mutation;
}

// The synced tables a client could want to write directly.
const char *const tables[]
    = {"teams",     "agents",        "policies",    "dispositions",  "tags",        "articles",
       "customers", "contacts",      "phones",      "customer_tags", "calls",       "notes",
       "todos",     "stage_changes", "dnc_numbers", "agent_states",  "dial_blocks", "audit_log"};

} // namespace

TEST_CASE("each role's mutations through sync.push: allowed and refused", "[roles][security]")
{
    for (const Role role : {Agent, Supervisor, Admin}) {
        DYNAMIC_SECTION("as " << roleNames[role])
        {
            RolesWorld world;
            auto connection = world.connect(QLatin1String(roleLogins[role]));
            ServerGateway gateway(*connection);
            int index = 0;
            for (const Operation &operation : operations) {
                ++index;
                const QJsonObject mutation = mutationFor(operation, role, world, index);
                auto results
                    = gateway.push(QStringLiteral("client-%1").arg(QLatin1String(roleNames[role])),
                                   QJsonArray{mutation});
                REQUIRE(results.message() == QString());
                const QJsonObject answer = results->at(0).toObject();
                const bool rejected = answer.value(QStringLiteral("status")).toString()
                                      == QLatin1String("rejected");
                INFO(roleNames[role]
                     << " may " << (operation.allowed[role] ? "" : "not ") << operation.what << ": "
                     << answer.value(QStringLiteral("reason")).toString().toStdString());
                CHECK(rejected == !operation.allowed[role]);
                if (rejected)
                    CHECK_FALSE(answer.value(QStringLiteral("reason")).toString().isEmpty());
            }
            // What was refused left the server as it was.
            if (role == Agent) {
                CHECK(world.server().value(
                          QStringLiteral("SELECT company FROM customers WHERE id = 'z1'"))
                      == QString());
                CHECK(world.server().value(
                          QStringLiteral("SELECT role FROM agents WHERE login = 'wang'"))
                      == QStringLiteral("agent"));
                CHECK(world.server().value(QStringLiteral("SELECT name FROM tags WHERE id = 'g1'"))
                      == QStringLiteral("VIP"));
                CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM dnc_numbers"))
                      == QStringLiteral("0"));
                CHECK(world.server().value(
                          QStringLiteral("SELECT deleted FROM customers WHERE id = 'x1'"))
                      == QStringLiteral("0"));
            }
        }
    }
}

TEST_CASE("each role's own login writes nothing directly and finds no side door",
          "[roles][security]")
{
    RolesWorld world;
    for (const Role role : {Agent, Supervisor, Admin}) {
        DYNAMIC_SECTION("as " << roleNames[role])
        {
            auto connection = world.connect(QLatin1String(roleLogins[role]));
            for (const char *table : tables) {
                const QString name = QLatin1String(table);
                INFO(roleNames[role] << " on " << table);
                const QString denied = QStringLiteral("permission denied for table %1").arg(name);
                CHECK(connection->exec(QStringLiteral("SELECT count(*) FROM %1").arg(name)));
                CHECK(connection
                          ->exec(QStringLiteral("INSERT INTO %1(id) VALUES ('direct')").arg(name))
                          .message()
                      == denied);
                CHECK(connection
                          ->exec(QStringLiteral("UPDATE %1 SET deleted = 0 WHERE false").arg(name))
                          .message()
                      == denied);
                CHECK(connection->exec(QStringLiteral("DELETE FROM %1 WHERE false").arg(name))
                          .message()
                      == denied);
            }
            const char *const sideDoors[] = {
                "SELECT count(*) FROM sync.changes",
                "INSERT INTO sync.conflict_log(table_name, row_id, field, winner_client, "
                "loser_client) "
                "VALUES ('customers', 'w1', 'name', 'a', 'b')",
                "INSERT INTO sync.applied_mutations(client_id, mutation_id, result) VALUES ('a', "
                "'b', '{}')",
                "INSERT INTO sync.changes(table_name, row_id) VALUES ('ghost', 'x')",
                "SELECT sync.apply_mutation('a', '{}', '{}')",
                "SELECT sync.login_of_client('a')",
                "SELECT sync.release_horizon('0')",
                "SELECT sync.purge('100 days')",
                "SELECT sync.create_login('x', 'password-x')",
                "CREATE TEMP TABLE ghost(id text)",
                "CREATE TABLE public.ghost(id text)",
                "CREATE FUNCTION public.ghost() RETURNS trigger LANGUAGE plpgsql AS "
                "'BEGIN RETURN NULL; END'",
            };
            for (const char *sql : sideDoors) {
                INFO(roleNames[role] << ": " << sql);
                CHECK(connection->execScript(QLatin1String(sql))
                          .message()
                          .startsWith(QLatin1String("permission denied")));
            }
            CHECK(*connection->scalar(QStringLiteral(
                      "SELECT has_function_privilege('sync.record_change()', 'EXECUTE') "
                      "OR has_function_privilege('sync.record_customer_change()', 'EXECUTE')"))
                  == QStringLiteral("false"));
            // Every SECURITY DEFINER function has a fixed search_path and no PUBLIC execute.
            CHECK(*connection->scalar(QStringLiteral(
                      "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'sync'::regnamespace "
                      "AND p.prosecdef AND (p.proconfig IS NULL OR NOT EXISTS (SELECT 1 FROM "
                      "unnest(p.proconfig) c WHERE c LIKE 'search_path=%') OR "
                      "has_function_privilege('public', p.oid, 'EXECUTE'))"))
                  == QStringLiteral("0"));
            // Users are managed by administrators only, through the server's own functions.
            auto added = connection->exec(
                QStringLiteral(
                    "SELECT sync.user_add('newbie-%1', 'password-1', 'agent', 'North', 'Newbie')")
                    .arg(QLatin1String(roleNames[role])));
            CHECK(bool(added) == (role == Admin));
            if (!added)
                CHECK(added.message() == QStringLiteral("Only administrators manage users."));
        }
    }
}
