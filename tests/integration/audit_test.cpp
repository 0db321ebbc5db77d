// The audit log end to end: what a workstation records reaches the server under the signed-in
// login, what the server records from a client's changes reaches the caches of those who may
// read it, and nobody changes or deletes an entry, with SQL under his own login or through push.
#include "rolesworld.h"

#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/queue/leadpool.h"
#include "core/reference/audittrail.h"
#include "core/reference/referencerepository.h"
#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

} // namespace

TEST_CASE("an entry a workstation records reaches the server as the signed-in user's, from that "
          "workstation",
          "[audit][security]")
{
    RolesWorld world;
    // (exports are supervisors' and admins' work: the server refuses an agent's entry)
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient boss(world.server(), QStringLiteral("boss"), world.id(QStringLiteral("boss")));
    SyncClient sun(world.server(), QStringLiteral("sun"), world.id(QStringLiteral("sun")));
    syncOk(li);

    // GIVEN an export recorded through the audit trail, and an entry forged in the workspace
    // with a colleague's name, another workstation and a time long ago
    AuditTrail trail(li.store());
    REQUIRE(trail.record(QStringLiteral("export"), QStringLiteral("customers"), QString(),
                         {{QStringLiteral("format"), QStringLiteral("csv")},
                          {QStringLiteral("rows"), 12}})
                .message()
            == QString());
    REQUIRE(li.writer()
                .insert(QStringLiteral("audit_log"),
                        {{QStringLiteral("id"), QStringLiteral("forged")},
                         {QStringLiteral("at"), 1},
                         {QStringLiteral("agent_id"), world.id(QStringLiteral("zhao"))},
                         {QStringLiteral("login"), QStringLiteral("zhao")},
                         {QStringLiteral("action"), QStringLiteral("export")},
                         {QStringLiteral("workstation"), QStringLiteral("zhao-pc")}})
                .message()
            == QString());
    // An action the server records itself is not the workstation's to write.
    CHECK_FALSE(trail.record(QStringLiteral("claim"), QStringLiteral("customers"),
                             QStringLiteral("p1")));
    CHECK(li.outboxCount() == 2);

    // WHEN the workstation syncs
    syncOk(li);

    // THEN the server holds both as li's, from li's workstation, at the server's time
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(login || '/' || agent_id || '/' || workstation, ',') "
              "FROM audit_log WHERE action = 'export'"))
          == QStringLiteral("%1/%2/%3,%1/%2/%3")
                 .arg(QStringLiteral("li"), world.id(QStringLiteral("li")),
                      li.store().clientId()));
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM audit_log WHERE "
                                              "action = 'export' AND at > 1000000000000")) == QStringLiteral("2"));
    const QJsonObject detail
        = QJsonDocument::fromJson(world.server()
                                      .value(QStringLiteral("SELECT detail FROM audit_log WHERE "
                                                            "action = 'export' AND id <> 'forged'"))
                                      .toUtf8())
              .object();
    CHECK(detail.value(QStringLiteral("format")).toString() == QStringLiteral("csv"));
    CHECK(detail.value(QStringLiteral("rows")).toInt() == 12);
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'claim'"))
          == QStringLiteral("0"));

    // AND the workstation's cache holds the server's copy once it pulled again
    syncOk(li);
    CHECK(li.value(QStringLiteral("SELECT login || '/' || agent_id || '/' || workstation || '/' "
                                    "|| (row_version > 0) || '/' || (at > 1000000000000) "
                                    "FROM audit_log WHERE id = 'forged'"))
          == QStringLiteral("li/%1/%2/1/1")
                 .arg(world.id(QStringLiteral("li")), li.store().clientId()));
    CHECK(li.outboxCount() == 0);

    // AND the administrator's cache receives them, another team's agent's does not
    syncOk(boss);
    syncOk(sun);
    CHECK(boss.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'export' "
                                    "AND agent_id = ?"),
                     {world.id(QStringLiteral("li"))})
          == QStringLiteral("2"));
    CHECK(sun.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE agent_id <> ?"),
                    {world.id(QStringLiteral("sun"))})
          == QStringLiteral("0"));
}

TEST_CASE("the server records the claim, reassignment, merge, deletion and policy change a "
          "client makes, and the entries reach the supervisor's and the administrator's caches",
          "[audit][security]")
{
    RolesWorld world;
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient boss(world.server(), QStringLiteral("boss"), world.id(QStringLiteral("boss")));
    syncOk(wang);
    syncOk(li);
    syncOk(boss);

    // GIVEN the ordinary services of each client
    REQUIRE(LeadPool(wang.store()).claim({QStringLiteral("p1")}).message() == QString());
    CustomerRepository liCustomers(li.store());
    REQUIRE(li.writer()
                .update(QStringLiteral("customers"), QStringLiteral("z1"),
                        {{QStringLiteral("owner_id"), world.id(QStringLiteral("wang"))}})
                .message()
            == QString());
    REQUIRE(CustomerMerger(li.store()).merge(QStringLiteral("w1"), QStringLiteral("w2")).message()
            == QString());
    REQUIRE(liCustomers.remove(QStringLiteral("r1")).message() == QString());
    REQUIRE(ReferenceRepository(boss.store()).setPolicy(QStringLiteral("pool_claim_cap"),
                                                        QStringLiteral("5"))
                .message()
            == QString());

    // WHEN they sync
    syncOk(wang);
    syncOk(li);
    syncOk(boss);

    // THEN the server recorded each, under the login and workstation that made it
    const auto entries = [&](const QString &login) {
        return world.server().value(
            QStringLiteral("SELECT string_agg(action || ':' || CASE action WHEN 'merge' THEN "
                           "detail::jsonb ->> 'into' ELSE row_id END || '@' || "
                           "(workstation = ?)::text, ',' ORDER BY action, row_id) "
                           "FROM audit_log WHERE login = ? AND action <> 'sign_in'"),
            {login == QLatin1String("wang")  ? wang.store().clientId()
             : login == QLatin1String("li") ? li.store().clientId()
                                             : boss.store().clientId(),
             login});
    };
    CHECK(entries(QStringLiteral("wang")) == QStringLiteral("claim:p1@true"));
    CHECK(entries(QStringLiteral("li"))
          == QStringLiteral("delete:r1@true,delete:w2@true,merge:w1@true,reassign:z1@true"));
    CHECK(entries(QStringLiteral("boss")) == QStringLiteral("policy:pc@true"));

    // AND they reach the caches of those who may read them: the supervisor his team's, the
    // administrator everyone's, the agent his own
    syncOk(wang);
    syncOk(li);
    syncOk(boss);
    const QString sensitive = QStringLiteral(
        "SELECT group_concat(action || ':' || row_id, ',') FROM (SELECT action, CASE action WHEN "
        "'merge' THEN json_extract(detail, '$.into') ELSE row_id END AS row_id FROM audit_log "
        "WHERE action NOT IN ('sign_in', 'user') ORDER BY 1, 2)");
    CHECK(boss.value(sensitive)
          == QStringLiteral("claim:p1,delete:r1,delete:w2,merge:w1,policy:pc,reassign:z1"));
    CHECK(li.value(sensitive) == QStringLiteral("claim:p1,delete:r1,delete:w2,merge:w1,reassign:z1"));
    CHECK(wang.value(sensitive) == QStringLiteral("claim:p1"));
}

TEST_CASE("nobody changes or deletes an audit entry: not with SQL under his own login, not "
          "through push, not from his workspace",
          "[audit][security]")
{
    RolesWorld world;
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(wang);
    REQUIRE(AuditTrail(wang.store()).record(QStringLiteral("failed_sign_in"),
                                            QStringLiteral("agents"), QString(),
                                            {{QStringLiteral("rows"), 3}})
                .message()
            == QString());
    syncOk(wang);
    const QString entry = world.server().value(
        QStringLiteral("SELECT id FROM audit_log WHERE action = 'failed_sign_in'"));
    REQUIRE_FALSE(entry.isEmpty());
    const QString before = world.server().value(
        QStringLiteral("SELECT count(*) || '/' || md5(string_agg(a::text, ',' ORDER BY id)) "
                       "FROM audit_log a WHERE action <> 'sign_in'"));

    for (const char *login : {"wang", "li", "boss"}) {
        INFO("as " << login);
        auto own = world.connect(QLatin1String(login));
        const QString denied = QStringLiteral("permission denied for table audit_log");
        CHECK(own->exec(QStringLiteral("UPDATE audit_log SET detail = '{}' WHERE id = ?"), {entry})
                  .message()
              == denied);
        CHECK(own->exec(QStringLiteral("UPDATE audit_log SET action = 'claim'")).message()
              == denied);
        CHECK(own->exec(QStringLiteral("DELETE FROM audit_log WHERE id = ?"), {entry}).message()
              == denied);
        CHECK(own->exec(QStringLiteral("DELETE FROM audit_log")).message() == denied);
        CHECK_FALSE(own->execScript(QStringLiteral("TRUNCATE audit_log")));
        CHECK_FALSE(own->execScript(
            QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")));

        // Through the one write path: an update and a delete of the entry are refused.
        auto answers = ServerGateway(*own).push(
            QStringLiteral("audit-%1").arg(QLatin1String(login)),
            QJsonArray{QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("u")},
                                   {QStringLiteral("table"), QStringLiteral("audit_log")},
                                   {QStringLiteral("row_id"), entry},
                                   {QStringLiteral("op"), QStringLiteral("update")},
                                   {QStringLiteral("base_row_version"), 1},
                                   {QStringLiteral("fields"),
                                    QJsonObject{{QStringLiteral("detail"), QStringLiteral("{}")}}}},
                       QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("d")},
                                   {QStringLiteral("table"), QStringLiteral("audit_log")},
                                   {QStringLiteral("row_id"), entry},
                                   {QStringLiteral("op"), QStringLiteral("delete")},
                                   {QStringLiteral("base_row_version"), 1},
                                   {QStringLiteral("fields"),
                                    QJsonObject{{QStringLiteral("deleted"), 1}}}}});
        REQUIRE(answers.message() == QString());
        CHECK(answers->at(0).toObject().value(QStringLiteral("status")).toString()
              == QStringLiteral("rejected"));
        CHECK(answers->at(1).toObject().value(QStringLiteral("status")).toString()
              == QStringLiteral("rejected"));
    }

    // From the workspace: the edit is refused, the server's entry put back, the refusal shown.
    REQUIRE(wang.writer()
                .update(QStringLiteral("audit_log"), entry,
                        {{QStringLiteral("detail"), QStringLiteral("{\"rows\":0}")}})
                .message()
            == QString());
    syncOk(wang);
    CHECK(wang.value(QStringLiteral("SELECT detail FROM audit_log WHERE id = ?"), {entry})
          == QStringLiteral("{\"rows\":3}"));
    CHECK(wang.value(QStringLiteral("SELECT count(*) FROM outbox_rejected WHERE table_name = "
                                    "'audit_log'"))
          == QStringLiteral("1"));

    CHECK(world.server().value(
              QStringLiteral("SELECT count(*) || '/' || md5(string_agg(a::text, ',' ORDER BY id)) "
                             "FROM audit_log a WHERE action <> 'sign_in'"))
          == before);
}
