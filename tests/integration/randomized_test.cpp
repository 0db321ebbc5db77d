#include "syncfixture.h"

#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// Sends the whole outbox but "loses" the reply: the server commits, the client records nothing
// (a crash between push and settle).
void pushAndForget(SyncClient &client)
{
    auto connection = ServerConnection::open(client.url());
    if (!connection)
        return;
    ServerGateway gateway(**connection);
    QJsonArray batch;
    QSqlQuery outbox(client.store().database());
    REQUIRE(outbox.exec(QStringLiteral("SELECT mutation_id, table_name, row_id, op, base_row_version, "
                                       "fields FROM outbox ORDER BY seq")));
    while (outbox.next()) {
        batch.append(QJsonObject{
            {QStringLiteral("mutation_id"), outbox.value(0).toString()},
            {QStringLiteral("table"), outbox.value(1).toString()},
            {QStringLiteral("row_id"), outbox.value(2).toString()},
            {QStringLiteral("op"), outbox.value(3).toString()},
            {QStringLiteral("base_row_version"), outbox.value(4).toLongLong()},
            {QStringLiteral("fields"), QJsonDocument::fromJson(outbox.value(5).toString().toUtf8()).object()}});
    }
    if (!batch.isEmpty())
        (void)gateway.push(client.store().clientId(), batch);
}

QString pickCustomer(SyncClient &client, QRandomGenerator &random)
{
    QSqlQuery query(client.store().database());
    REQUIRE(query.exec(QStringLiteral("SELECT id FROM customers WHERE deleted = 0 ORDER BY id")));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids.isEmpty() ? QString() : ids.at(int(random.bounded(quint32(ids.size()))));
}

// Every customer and note as one text, read with SQLite's or PostgreSQL's aggregate.
QString snapshot(const std::function<QString(const QString &)> &read, bool postgres)
{
    const QString aggregate = postgres ? QStringLiteral("string_agg(%1, ';' ORDER BY id)")
                                       : QStringLiteral("group_concat(%1, ';')");
    const QString customers = aggregate.arg(QStringLiteral(
        "id || '|' || name || '|' || stage || '|' || intent || '|' || company || '|' || deleted "
        "|| '|' || row_version"));
    const QString notes = aggregate.arg(QStringLiteral("id || '|' || body"));
    return read(QStringLiteral("SELECT %1 FROM (SELECT * FROM customers ORDER BY id) c").arg(customers))
           + QStringLiteral("#")
           + read(QStringLiteral("SELECT %1 FROM (SELECT * FROM notes ORDER BY id) n").arg(notes));
}

} // namespace

TEST_CASE("randomized: several clients, random edits, disconnects and lost replies converge with "
          "nothing lost or doubled",
          "[sync][random]")
{
    const int seeds = qEnvironmentVariableIntValue("LEADLINE_SYNC_SEEDS") > 0
                          ? qEnvironmentVariableIntValue("LEADLINE_SYNC_SEEDS")
                          : 12;
    const QStringList stages = {QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                                QStringLiteral("方案提供"), QStringLiteral("报价阶段")};
    const QStringList intents = {QStringLiteral("高"), QStringLiteral("中"), QStringLiteral("低")};
    int customersChecked = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
        CAPTURE(seed);
        QRandomGenerator random{quint32(seed)};
        SyncServer server;
        std::vector<std::unique_ptr<SyncClient>> clients;
        for (const char *login : {"ann", "bob", "cy"}) {
            const QString name = QLatin1String(login);
            clients.push_back(std::make_unique<SyncClient>(server, name,
                                                           server.addUser(name, QStringLiteral("admin"))));
        }
        int notesWritten = 0;
        for (int step = 0; step < 40; ++step) {
            SyncClient &client = *clients.at(random.bounded(quint32(clients.size())));
            const QString customer = pickCustomer(client, random);
            switch (random.bounded(8)) {
            case 0:
                client.addCustomer(QStringLiteral("C%1-%2").arg(seed).arg(step));
                break;
            case 1:
                if (!customer.isEmpty())
                    (void)client.writer().update(QStringLiteral("customers"), customer,
                                                 {{QStringLiteral("stage"), stages.at(random.bounded(4))}});
                break;
            case 2:
                if (!customer.isEmpty())
                    (void)client.writer().update(QStringLiteral("customers"), customer,
                                                 {{QStringLiteral("intent"), intents.at(random.bounded(3))},
                                                  {QStringLiteral("company"), QStringLiteral("Co %1").arg(step)}});
                break;
            case 3:
                if (!customer.isEmpty()) {
                    REQUIRE(client.writer().insert(QStringLiteral("notes"),
                                                   {{QStringLiteral("customer_id"), customer},
                                                    {QStringLiteral("body"), QStringLiteral("n%1").arg(step)},
                                                    {QStringLiteral("created_at"), step}}));
                    ++notesWritten;
                }
                break;
            case 4:
                if (!customer.isEmpty() && random.bounded(3) == 0)
                    (void)client.writer().remove(QStringLiteral("customers"), customer);
                break;
            case 5:
                pushAndForget(client);
                break;
            case 6:
                // Every client connection is cut mid-flight.
                REQUIRE(server.admin().exec(QStringLiteral(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename IN ('ann', 'bob', 'cy')")));
                break;
            default:
                (void)client.sync(1 + int(random.bounded(4)), 1 + int(random.bounded(5)));
                break;
            }
        }
        // Everyone comes back online: two full rounds each.
        for (int round = 0; round < 2; ++round) {
            for (auto &client : clients)
                REQUIRE(client->sync().message() == QString());
        }
        const QString expected = snapshot([&server](const QString &sql) { return server.value(sql); }, true);
        for (auto &client : clients) {
            CHECK(client->outboxCount() == 0);
            CHECK(client->value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
            CHECK(snapshot([&client](const QString &sql) { return client->value(sql); }, false) == expected);
        }
        CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes")).toInt() == notesWritten);
        customersChecked += server.value(QStringLiteral("SELECT count(*) FROM customers")).toInt();
    }
    CHECK(customersChecked >= seeds); // the runs did real work
    std::printf("randomized sync: %d seeds, %d customers converged\n", seeds, customersChecked);
}
