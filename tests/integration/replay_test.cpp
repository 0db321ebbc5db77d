// A push the server committed but whose answer the client never recorded is replayed: it must
// never apply twice, even after "server purge" dropped the stored answers (§5).
#include "syncfixture.h"

#include "core/sync/servergateway.h"
#include "core/sync/servermaintenance.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

// Sends the outbox as the client does, but the answer is lost (a crash before it is recorded).
void pushAndForget(SyncClient &client)
{
    auto connection = ServerConnection::open(client.url());
    REQUIRE(connection.message() == QString());
    ServerGateway gateway(**connection);
    REQUIRE(gateway.hello(client.store().clientId()).message() == QString());
    QJsonArray batch;
    QSqlQuery outbox(client.store().database());
    REQUIRE(outbox.exec(QStringLiteral("SELECT mutation_id, table_name, row_id, op, base_row_version, "
                                       "fields, seq FROM outbox ORDER BY seq")));
    while (outbox.next()) {
        batch.append(QJsonObject{
            {QStringLiteral("mutation_id"), outbox.value(0).toString()},
            {QStringLiteral("table"), outbox.value(1).toString()},
            {QStringLiteral("row_id"), outbox.value(2).toString()},
            {QStringLiteral("op"), outbox.value(3).toString()},
            {QStringLiteral("base_row_version"), outbox.value(4).toLongLong()},
            {QStringLiteral("fields"), QJsonDocument::fromJson(outbox.value(5).toString().toUtf8()).object()},
            {QStringLiteral("client_seq"), outbox.value(6).toLongLong()}});
    }
    REQUIRE(!batch.isEmpty());
    REQUIRE(gateway.push(client.store().clientId(), batch).message() == QString());
}

} // namespace

TEST_CASE("a push committed on the server whose answer was lost, replayed after a purge removed "
          "the stored answers, neither applies again nor overwrites a newer value",
          "[sync][replay]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    REQUIRE(server.admin().exec(QStringLiteral(
        "INSERT INTO customers(id, name, owner_id, created_at) VALUES ('c1', 'Customer 1', ?, 1)"),
        {wang}));
    SyncClient laptop(server, QStringLiteral("wang"), wang);
    SyncClient desktop(server, QStringLiteral("wang"), wang);
    syncOk(laptop);
    syncOk(desktop);

    // GIVEN an edit and a note the server applied while the laptop crashed before recording it
    REQUIRE(laptop.writer().update(QStringLiteral("customers"), QStringLiteral("c1"),
                                   {{QStringLiteral("company"), QStringLiteral("Old Co")}}));
    REQUIRE(laptop.writer().insert(QStringLiteral("notes"), {{QStringLiteral("customer_id"), QStringLiteral("c1")},
                                                            {QStringLiteral("agent_id"), wang},
                                                            {QStringLiteral("body"), QStringLiteral("Once")},
                                                            {QStringLiteral("created_at"), 5}}));
    pushAndForget(laptop);
    REQUIRE(laptop.outboxCount() == 2);
    REQUIRE(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("Old Co"));
    // AND a newer value from another workstation
    REQUIRE(desktop.writer().update(QStringLiteral("customers"), QStringLiteral("c1"),
                                    {{QStringLiteral("company"), QStringLiteral("New Co")}}));
    syncOk(desktop);
    REQUIRE(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("New Co"));
    // AND a purge that removed the stored answers
    REQUIRE(server.admin().exec(QStringLiteral(
        "UPDATE sync.applied_mutations SET applied_at = now() - interval '100 days'")));
    auto purged = ServerMaintenance::purge(server.admin());
    REQUIRE(purged.message() == QString());
    REQUIRE(purged->answers >= 3);

    // WHEN the laptop syncs again, sending the same outbox
    syncOk(laptop);

    // THEN nothing was applied twice: the newer value stays, the note is there once, and the
    // laptop holds the server's row with an empty outbox
    CHECK(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("New Co"));
    CHECK(laptop.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("New Co"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body = 'Once'")) == QStringLiteral("1"));
    CHECK(laptop.outboxCount() == 0);
    CHECK(laptop.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
    // (the laptop learns once that the desktop's later value replaced its own)
    CHECK(laptop.value(QStringLiteral("SELECT count(*) FROM conflicts")) == QStringLiteral("1"));

    // AND a change made after that is applied as usual
    REQUIRE(laptop.writer().update(QStringLiteral("customers"), QStringLiteral("c1"),
                                   {{QStringLiteral("company"), QStringLiteral("Later Co")}}));
    syncOk(laptop);
    CHECK(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("Later Co"));
    // AND another login cannot push under the laptop's workstation id once only its mark is left
    REQUIRE(server.admin().exec(QStringLiteral("DELETE FROM sync.applied_mutations")));
    server.addUser(QStringLiteral("zhao"));
    auto zhao = ServerConnection::open(server.urlFor(QStringLiteral("zhao")));
    REQUIRE(zhao.message() == QString());
    ServerGateway gateway(**zhao);
    CHECK_FALSE(gateway.push(laptop.store().clientId(), QJsonArray{}));
}
