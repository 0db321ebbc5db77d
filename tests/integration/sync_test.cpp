#include "syncfixture.h"

#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

const QString customerField = QStringLiteral("SELECT %1 FROM customers WHERE id = ?");

QString localField(SyncClient &client, const QString &field, const QString &id)
{
    return client.value(customerField.arg(field), {id});
}

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

} // namespace

TEST_CASE("two clients editing offline converge, different fields merge without conflict",
          "[sync]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient a(server, QStringLiteral("li"), li);
    SyncClient b(server, QStringLiteral("wang"), wang);

    // GIVEN a customer of wang that both clients have
    const QString shared = b.addCustomer(QStringLiteral("星河科技"));
    syncOk(b);
    syncOk(a);
    REQUIRE(localField(a, QStringLiteral("name"), shared) == QStringLiteral("星河科技"));

    // WHEN both edit offline: a different field each, and each adds a customer of its own
    REQUIRE(a.writer().update(QStringLiteral("customers"), shared,
                              {{QStringLiteral("stage"), QStringLiteral("需求沟通")}}));
    REQUIRE(b.writer().update(QStringLiteral("customers"), shared,
                              {{QStringLiteral("intent"), QStringLiteral("高")}}));
    const QString mine = a.addCustomer(QStringLiteral("A's lead"), wang);
    const QString theirs = b.addCustomer(QStringLiteral("B's lead"));

    // ... and come back online one after the other, then once more
    syncOk(a);
    syncOk(b);
    syncOk(a);

    // THEN both hold the same rows with both edits and no conflict anywhere
    for (SyncClient *client : {&a, &b}) {
        CHECK(localField(*client, QStringLiteral("stage"), shared) == QStringLiteral("需求沟通"));
        CHECK(localField(*client, QStringLiteral("intent"), shared) == QStringLiteral("高"));
        CHECK(localField(*client, QStringLiteral("name"), mine) == QStringLiteral("A's lead"));
        CHECK(localField(*client, QStringLiteral("name"), theirs) == QStringLiteral("B's lead"));
        CHECK(client->outboxCount() == 0);
        CHECK(client->value(QStringLiteral("SELECT count(*) FROM conflicts")) == QStringLiteral("0"));
        CHECK(localField(*client, QStringLiteral("row_version"), shared)
              == server.value(QStringLiteral("SELECT row_version FROM customers WHERE id = ?"),
                              {shared}));
    }
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("3"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.conflict_log")) == QStringLiteral("0"));
}

TEST_CASE("the same batch pushed twice changes nothing twice and gets the same answer", "[sync]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    auto connection = ServerConnection::open(client.url());
    REQUIRE(connection.message() == QString());
    ServerGateway gateway(**connection);

    const QJsonArray batch = {
        QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("m1")},
                    {QStringLiteral("table"), QStringLiteral("customers")},
                    {QStringLiteral("row_id"), QStringLiteral("c1")},
                    {QStringLiteral("op"), QStringLiteral("insert")},
                    {QStringLiteral("base_row_version"), 0},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("Li Lei")},
                                 {QStringLiteral("owner_id"), wang},
                                 {QStringLiteral("created_at"), 1000}}}},
        QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("m2")},
                    {QStringLiteral("table"), QStringLiteral("customers")},
                    {QStringLiteral("row_id"), QStringLiteral("c1")},
                    {QStringLiteral("op"), QStringLiteral("update")},
                    {QStringLiteral("base_row_version"), 0},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("amount"), 1500.5}}}},
        QJsonObject{{QStringLiteral("mutation_id"), QStringLiteral("m3")},
                    {QStringLiteral("table"), QStringLiteral("notes")},
                    {QStringLiteral("row_id"), QStringLiteral("n1")},
                    {QStringLiteral("op"), QStringLiteral("insert")},
                    {QStringLiteral("base_row_version"), 0},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("customer_id"), QStringLiteral("c1")},
                                 {QStringLiteral("body"), QStringLiteral("called back")},
                                 {QStringLiteral("created_at"), 1000}}}}};
    auto first = gateway.push(client.store().clientId(), batch);
    REQUIRE(first.message() == QString());
    const QString changesAfterFirst = server.value(QStringLiteral("SELECT count(*) FROM sync.changes"));
    auto second = gateway.push(client.store().clientId(), batch);
    REQUIRE(second.message() == QString());

    CHECK(*first == *second);
    CHECK(first->at(0).toObject().value(QStringLiteral("status")).toString() == QStringLiteral("applied"));
    CHECK(server.value(QStringLiteral("SELECT row_version || '/' || amount FROM customers"))
          == QStringLiteral("2/1500.5"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes")) == QStringLiteral("1"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.changes")) == changesAfterFirst);
}

TEST_CASE("a lost reply is replayed safely: the server committed, the client did not record it",
          "[sync]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    const QString id = client.addCustomer(QStringLiteral("Han Meimei"));
    REQUIRE(client.writer().update(QStringLiteral("customers"), id,
                                   {{QStringLiteral("stage"), QStringLiteral("方案提供")}}));
    REQUIRE(client.writer().insert(QStringLiteral("calls"),
                                   {{QStringLiteral("customer_id"), id},
                                    {QStringLiteral("started_at"), 5000},
                                    {QStringLiteral("duration_s"), 75}}));

    // GIVEN the server applied the whole outbox but the reply never reached the client
    {
        auto connection = ServerConnection::open(client.url());
        REQUIRE(connection.message() == QString());
        ServerGateway gateway(**connection);
        QJsonArray batch;
        QSqlQuery outbox(client.store().database());
        REQUIRE(outbox.exec(QStringLiteral(
            "SELECT mutation_id, table_name, row_id, op, base_row_version, fields FROM outbox "
            "ORDER BY seq")));
        while (outbox.next()) {
            batch.append(QJsonObject{
                {QStringLiteral("mutation_id"), outbox.value(0).toString()},
                {QStringLiteral("table"), outbox.value(1).toString()},
                {QStringLiteral("row_id"), outbox.value(2).toString()},
                {QStringLiteral("op"), outbox.value(3).toString()},
                {QStringLiteral("base_row_version"), outbox.value(4).toLongLong()},
                {QStringLiteral("fields"),
                 QJsonDocument::fromJson(outbox.value(5).toString().toUtf8()).object()}});
        }
        REQUIRE(batch.size() == 3);
        REQUIRE(gateway.push(client.store().clientId(), batch).message() == QString());
    }
    REQUIRE(client.outboxCount() == 3);

    // WHEN the client syncs again
    auto report = client.sync();
    REQUIRE(report.message() == QString());

    // THEN everything exists once, with the version of the first application
    CHECK(client.outboxCount() == 0);
    CHECK(server.value(QStringLiteral("SELECT row_version || '/' || stage FROM customers"))
          == QStringLiteral("2/方案提供"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM calls")) == QStringLiteral("1"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.applied_mutations")) == QStringLiteral("3"));
    CHECK(client.value(QStringLiteral("SELECT row_version FROM customers")) == QStringLiteral("2"));
}

TEST_CASE("the in-flight transaction trap: a lower seq committed after a higher one is delivered",
          "[sync]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    syncOk(client);
    auto slow = server.openAdmin();
    auto fast = server.openAdmin();

    // GIVEN a transaction that takes the lower sequence number and stays open
    REQUIRE(slow->database().transaction());
    REQUIRE(slow->exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                      "VALUES ('slow', 'Slow Ltd', ?, 1)"),
                       {wang}));
    // ... and a later one that commits first, with a higher sequence number
    REQUIRE(fast->exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                      "VALUES ('fast', 'Fast Ltd', ?, 1)"),
                       {wang}));
    CHECK(server.value(QStringLiteral("SELECT seq FROM sync.changes WHERE row_id = 'fast'")).toInt()
          > slow->scalar(QStringLiteral("SELECT seq FROM sync.changes WHERE row_id = 'slow'"))->toInt());

    // WHEN the client pulls while the slow one is open, then again after it commits
    auto during = client.sync();
    REQUIRE(during.message() == QString());
    CHECK(during->feedWaiting);
    REQUIRE(slow->database().commit());
    syncOk(client);

    // THEN both rows arrived: the cursor never moved past the open transaction
    CHECK(client.value(QStringLiteral("SELECT group_concat(id, ',') FROM "
                                      "(SELECT id FROM customers ORDER BY id)"))
          == QStringLiteral("fast,slow"));
}

TEST_CASE("xid order is not commit order: the client ends on the newest value", "[sync]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                               "VALUES ('c', 'v1', ?, 1)"),
                                {wang}));
    syncOk(client);
    auto older = server.openAdmin();
    auto newer = server.openAdmin();

    // GIVEN an older transaction (lower xid) that writes the row last
    REQUIRE(older->database().transaction());
    REQUIRE(older->exec(QStringLiteral("INSERT INTO tags(id, name) VALUES ('t', 'first xid')")));
    REQUIRE(newer->exec(QStringLiteral("UPDATE customers SET name = 'v2' WHERE id = 'c'")));
    REQUIRE(older->exec(QStringLiteral("UPDATE customers SET name = 'v3' WHERE id = 'c'")));
    REQUIRE(older->database().commit());
    CHECK(server.value(QStringLiteral(
              "SELECT (SELECT xid FROM sync.changes WHERE row_id = 'c' ORDER BY seq DESC LIMIT 1) "
              "< (SELECT xid FROM sync.changes WHERE row_id = 'c' ORDER BY seq DESC OFFSET 1 LIMIT 1)"))
          == QStringLiteral("true"));

    // WHEN the client pulls (in small pages, so the two changes come one by one)
    auto report = client.sync(500, 1);
    REQUIRE(report.message() == QString());

    // THEN it holds the committed, newest value
    CHECK(client.value(QStringLiteral("SELECT name || '/' || row_version FROM customers"))
          == QStringLiteral("v3/3"));
}

TEST_CASE("a concurrent edit of the same field logs exactly one conflict and both converge",
          "[sync]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient a(server, QStringLiteral("li"), li);
    SyncClient b(server, QStringLiteral("wang"), wang);
    const QString id = b.addCustomer(QStringLiteral("星河科技"));
    syncOk(b);
    syncOk(a);

    REQUIRE(a.writer().update(QStringLiteral("customers"), id, {{QStringLiteral("intent"), QStringLiteral("低")}}));
    REQUIRE(b.writer().update(QStringLiteral("customers"), id, {{QStringLiteral("intent"), QStringLiteral("高")}}));
    syncOk(a); // arrives first
    syncOk(b); // arrives last: wins, and replaces a's value
    syncOk(a);
    syncOk(b);

    CHECK(localField(a, QStringLiteral("intent"), id) == QStringLiteral("高"));
    CHECK(localField(b, QStringLiteral("intent"), id) == QStringLiteral("高"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.conflict_log")) == QStringLiteral("1"));
    CHECK(server.value(QStringLiteral("SELECT loser_value #>> '{}' FROM sync.conflict_log"))
          == QStringLiteral("低"));
    // Shown once, to the one whose value was replaced: "your 低 was replaced by wang's 高".
    CHECK(b.value(QStringLiteral("SELECT count(*) FROM conflicts")) == QStringLiteral("0"));
    CHECK(a.value(QStringLiteral("SELECT count(*) FROM conflicts")) == QStringLiteral("1"));
    CHECK(a.value(QStringLiteral("SELECT field || ':' || mine || '>' || theirs || '@' || their_agent_id "
                                 "FROM conflicts"))
          == QStringLiteral("intent:低>高@") + wang);
}

TEST_CASE("delete vs edit: the delete wins on both sides", "[sync]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient a(server, QStringLiteral("li"), li);
    SyncClient b(server, QStringLiteral("wang"), wang);
    const QString id = b.addCustomer(QStringLiteral("Doomed Ltd"));
    syncOk(b);
    syncOk(a);

    REQUIRE(a.writer().remove(QStringLiteral("customers"), id));
    REQUIRE(b.writer().update(QStringLiteral("customers"), id, {{QStringLiteral("company"), QStringLiteral("Edited")}}));
    syncOk(a);
    syncOk(b);
    syncOk(a);

    CHECK(localField(a, QStringLiteral("deleted"), id) == QStringLiteral("1"));
    CHECK(localField(b, QStringLiteral("deleted"), id) == QStringLiteral("1"));
    CHECK(server.value(QStringLiteral("SELECT deleted || '/' || company FROM customers")) == QStringLiteral("1/"));
    CHECK(b.outboxCount() == 0);
}
