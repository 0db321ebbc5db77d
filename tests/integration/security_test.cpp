#include "syncfixture.h"

#include "serverenvironment.h"
#include "core/sync/servergateway.h"
#include "core/sync/serverschema.h"

#include <catch2/catch.hpp>

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

TEST_CASE("reassignment removes the customer and its children from the old owner's cache",
          "[sync][security]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    const QString zhao = server.addUser(QStringLiteral("zhao"));
    SyncClient oldOwner(server, QStringLiteral("wang"), wang);
    SyncClient newOwner(server, QStringLiteral("zhao"), zhao);
    const QString id = oldOwner.addCustomer(QStringLiteral("Moving Co"));
    REQUIRE(oldOwner.writer().insert(QStringLiteral("notes"),
                                     {{QStringLiteral("customer_id"), id},
                                      {QStringLiteral("body"), QStringLiteral("likes tea")},
                                      {QStringLiteral("created_at"), 1}}));
    syncOk(oldOwner);
    syncOk(newOwner);
    REQUIRE(newOwner.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("0"));

    // WHEN a supervisor reassigns it on the server
    REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = ?"),
                                {zhao, id}));
    syncOk(oldOwner);
    syncOk(newOwner);

    // THEN the old owner's cache no longer has it, the new owner's has it with its history
    CHECK(oldOwner.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("0"));
    CHECK(oldOwner.value(QStringLiteral("SELECT count(*) FROM notes")) == QStringLiteral("0"));
    CHECK(newOwner.value(QStringLiteral("SELECT name FROM customers")) == QStringLiteral("Moving Co"));
    CHECK(newOwner.value(QStringLiteral("SELECT body FROM notes")) == QStringLiteral("likes tea"));
}

TEST_CASE("an agent's credentials neither read nor change another agent's customers",
          "[sync][security]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    const QString zhao = server.addUser(QStringLiteral("zhao"));
    REQUIRE(server.admin().exec(
        QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) VALUES "
                       "('w1', 'Wang''s', ?, 1), ('z1', 'Zhao''s', ?, 1), ('p1', 'Pool', NULL, 1)"),
        {wang, zhao}));
    REQUIRE(server.admin().exec(QStringLiteral(
        "INSERT INTO notes(id, customer_id, body, created_at) VALUES ('zn', 'z1', 'secret', 1)")));

    auto opened = ServerConnection::open(server.urlFor(QStringLiteral("wang")));
    REQUIRE(opened.message() == QString());
    ServerConnection &agent = **opened;

    // Plain SQL sees only his own customer and the pool.
    CHECK(*agent.scalar(QStringLiteral("SELECT string_agg(id, ',' ORDER BY id) FROM customers"))
          == QStringLiteral("p1,w1"));
    CHECK(*agent.scalar(QStringLiteral("SELECT count(*) FROM notes")) == QStringLiteral("0"));
    // No direct writes at all: every write goes through sync.push.
    CHECK(agent.exec(QStringLiteral("UPDATE customers SET name = 'hacked' WHERE id = 'z1'")).message()
          == QStringLiteral("permission denied for table customers"));
    CHECK_FALSE(agent.exec(QStringLiteral("UPDATE customers SET name = 'mine' WHERE id = 'w1'")));
    CHECK_FALSE(agent.exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                          "VALUES ('x', 'planted', ?, 1)"),
                           {zhao}));
    CHECK_FALSE(agent.exec(QStringLiteral("DELETE FROM customers WHERE id = 'z1'")));
    CHECK_FALSE(agent.exec(QStringLiteral("SELECT count(*) FROM sync.applied_mutations WHERE login <> current_user "
                                          "UNION ALL SELECT 1 FROM pg_authid")));

    // Through the sync functions: an update and a take-over of zhao's customer are refused.
    ServerGateway gateway(agent);
    auto results = gateway.push(QStringLiteral("wang-client"), QJsonArray{
        QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("m1")},
                    {QStringLiteral("table"), QStringLiteral("customers")},
                    {QStringLiteral("row_id"), QStringLiteral("z1")},
                    {QStringLiteral("op"), QStringLiteral("update")},
                    {QStringLiteral("base_row_version"), 1},
                    {QStringLiteral("fields"), QJsonObject{{QStringLiteral("owner_id"), wang}}}},
        QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("m2")},
                    {QStringLiteral("table"), QStringLiteral("notes")},
                    {QStringLiteral("row_id"), QStringLiteral("n2")},
                    {QStringLiteral("op"), QStringLiteral("insert")},
                    {QStringLiteral("base_row_version"), 0},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("customer_id"), QStringLiteral("z1")},
                                 {QStringLiteral("body"), QStringLiteral("planted")},
                                 {QStringLiteral("created_at"), 1}}}}});
    REQUIRE(results.message() == QString());
    CHECK(results->at(0).toObject().value(QStringLiteral("status")).toString() == QStringLiteral("rejected"));
    CHECK(results->at(1).toObject().value(QStringLiteral("status")).toString() == QStringLiteral("rejected"));
    CHECK(server.value(QStringLiteral("SELECT owner_id || '/' || name FROM customers WHERE id = 'z1'"))
          == zhao + QStringLiteral("/Zhao's"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes")) == QStringLiteral("1"));

    // The feed delivers nothing of zhao's either.
    auto page = gateway.pull({}, 100);
    REQUIRE(page.message() == QString());
    QStringList seen;
    for (const auto &table : page->tables) {
        for (const QJsonValue &row : table.second)
            seen.append(row.toObject().value(QStringLiteral("id")).toString());
    }
    CHECK_FALSE(seen.contains(QStringLiteral("z1")));
    CHECK_FALSE(seen.contains(QStringLiteral("zn")));
    CHECK(seen.contains(QStringLiteral("w1")));
}

TEST_CASE("a rejected change is set aside with its reason and the row restored from the server",
          "[sync][security]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO dispositions(id, name) VALUES ('d1', 'Busy')")));
    syncOk(client);
    REQUIRE(client.value(QStringLiteral("SELECT name FROM dispositions")) == QStringLiteral("Busy"));

    // An agent may not edit dispositions (supervisors do).
    REQUIRE(client.writer().update(QStringLiteral("dispositions"), QStringLiteral("d1"),
                                   {{QStringLiteral("name"), QStringLiteral("Renamed")}}));
    auto report = client.sync();
    REQUIRE(report.message() == QString());
    CHECK(report->rejected == 1);
    CHECK(client.outboxCount() == 0);
    CHECK(client.value(QStringLiteral("SELECT name FROM dispositions")) == QStringLiteral("Busy"));
    CHECK(client.value(QStringLiteral("SELECT table_name || ':' || row_id FROM outbox_rejected"))
          == QStringLiteral("dispositions:d1"));
    CHECK_FALSE(client.value(QStringLiteral("SELECT reason FROM outbox_rejected")).isEmpty());
}

TEST_CASE("a version mismatch is refused with a clear message and the outbox untouched",
          "[sync][security]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    client.addCustomer(QStringLiteral("Waiting Ltd"));
    const int newer = ServerSchema::latestVersion() + 1;
    REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO sync.schema_version(version) VALUES (?)"),
                                {newer}));

    auto connection = ServerConnection::open(client.url());
    REQUIRE(connection.message() == QString());
    SyncRound round(client.store(), **connection);
    auto report = round.run();

    REQUIRE_FALSE(report);
    CHECK(round.failure() == SyncFailure::VersionMismatch);
    CHECK(report.message()
          == QStringLiteral("server schema %1, this client supports up to %2: please update Leadline")
                 .arg(newer)
                 .arg(newer - 1));
    CHECK(client.outboxCount() == 1);
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("0"));
}

TEST_CASE("an unreachable server fails the round, and the next round after it returns succeeds",
          "[sync]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    client.addCustomer(QStringLiteral("Offline Ltd"));

    auto connection = ServerConnection::open(client.url());
    REQUIRE(connection.message() == QString());
    ServerEnvironment::server().stop();
    SyncRound round(client.store(), **connection);
    auto offline = round.run();
    CHECK_FALSE(offline);
    CHECK(round.failure() == SyncFailure::Unreachable);
    CHECK_FALSE(client.sync());
    CHECK(client.outboxCount() == 1);

    REQUIRE(ServerEnvironment::server().start());
    auto online = client.sync();
    REQUIRE(online.message() == QString());
    CHECK(online->pushed == 1);
    CHECK(client.outboxCount() == 0);
    CHECK(client.sync()->pushed == 0);
}
