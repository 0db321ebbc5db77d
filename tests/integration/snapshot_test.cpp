#include "syncfixture.h"

#include "core/storage/bulkload.h"
#include "core/storage/changebus.h"
#include "core/storage/localstore.h"
#include "core/customers/customersearch.h"
#include "core/storage/searchindex.h"
#include "core/sync/servergateway.h"
#include "core/sync/servermaintenance.h"
#include "core/sync/snapshotloader.h"

#include <catch2/catch.hpp>

#include <QDateTime>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client, int pageSize = 2000)
{
    auto report = client.sync(500, pageSize);
    REQUIRE(report.message() == QString());
}

void addServerCustomer(SyncServer &server, const QString &id, const QString &name,
                       const QVariant &owner, int deleted = 0)
{
    REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at, "
                                               "deleted) VALUES (?, ?, ?, 1, ?)"),
                                {id, name, owner, deleted}));
}

QString ids(SyncClient &client, const QString &table = QStringLiteral("customers"))
{
    return client.value(QStringLiteral("SELECT group_concat(id, ',') FROM (SELECT id FROM %1 ORDER BY id)")
                            .arg(table));
}

// The indexes a workspace has, by name: a bulk load must leave exactly the schema's set.
QString indexNames(SyncClient &client)
{
    return client.value(QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM "
                                       "sqlite_schema WHERE type = 'index' ORDER BY name)"));
}

qint64 daysAgoMs(int days)
{
    return QDateTime::currentDateTimeUtc().addDays(-days).toMSecsSinceEpoch();
}

} // namespace

TEST_CASE("a first sync loads a snapshot page by page, and a transaction open meanwhile arrives "
          "by the feed after it",
          "[sync][snapshot]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    const QString zhao = server.addUser(QStringLiteral("zhao"));
    for (int i = 1; i <= 7; ++i) {
        addServerCustomer(server, QStringLiteral("c%1").arg(i), QStringLiteral("客户%1\t\"引号\"\\\n次行").arg(i),
                          i == 7 ? QVariant() : QVariant(wang));
        REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO contacts(id, customer_id, name) "
                                                   "VALUES (?, ?, ?)"),
                                    {QStringLiteral("k%1").arg(i), QStringLiteral("c%1").arg(i),
                                     QStringLiteral("联系人%1").arg(i)}));
    }
    addServerCustomer(server, QStringLiteral("gone"), QStringLiteral("已删除"), wang, 1);
    addServerCustomer(server, QStringLiteral("other"), QStringLiteral("别人的"), zhao);

    // GIVEN a server transaction that changed c1 and is still open
    auto slow = server.openAdmin();
    REQUIRE(slow->database().transaction());
    REQUIRE(slow->exec(QStringLiteral("UPDATE customers SET name = '改名' WHERE id = 'c1'")));

    // WHEN a new, empty workspace syncs, reading the snapshot two rows at a time
    SyncClient fresh(server, QStringLiteral("wang"), wang);
    SyncClient reference(server, QStringLiteral("wang"), wang);
    const QString schemaIndexes = indexNames(reference);
    // (what the window would see when the rows are first announced)
    int announcedCustomers = -1;
    bool indexBuiltWhenAnnounced = true;
    int foundWhenAnnounced = -1;
    QObject::connect(&fresh.store().changeBus(), &ChangeBus::changed, [&](const ChangeSet &change) {
        if (announcedCustomers >= 0 || !change.tables.contains(QStringLiteral("customers")))
            return;
        announcedCustomers = fresh.value(QStringLiteral("SELECT count(*) FROM customers")).toInt();
        indexBuiltWhenAnnounced = CustomerSearch(fresh.store()).indexReady();
        foundWhenAnnounced = int(CustomerSearch(fresh.store()).search(QStringLiteral("客户5"), {}, 10).value().size());
    });
    syncOk(fresh, 2);
    // THEN the rows are announced (the list and the 360 view usable) before the search index is
    // built, and a search meanwhile reads the rows
    CHECK(announcedCustomers == 7);
    CHECK_FALSE(indexBuiltWhenAnnounced);
    CHECK(foundWhenAnnounced == 1);

    // THEN it holds what the agent may see, live rows only, every value as the server has it
    CHECK(ids(fresh) == QStringLiteral("c1,c2,c3,c4,c5,c6,c7"));
    CHECK(ids(fresh, QStringLiteral("contacts")) == QStringLiteral("k1,k2,k3,k4,k5,k6,k7"));
    CHECK(fresh.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c3'"))
          == QStringLiteral("客户3\t\"引号\"\\\n次行"));
    CHECK(fresh.value(QStringLiteral("SELECT quote(owner_id) FROM customers WHERE id = 'c7'")) == QStringLiteral("NULL"));
    CHECK(fresh.value(QStringLiteral("SELECT quote(email) FROM contacts WHERE id = 'k3'")) == QStringLiteral("''"));
    CHECK(fresh.value(QStringLiteral("SELECT typeof(created_at) || typeof(row_version) || typeof(amount) "
                                     "|| typeof(name) FROM customers WHERE id = 'c3'"))
          == QStringLiteral("integerintegerrealtext"));
    CHECK(fresh.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c1'")) == QStringLiteral("客户1\t\"引号\"\\\n次行"));
    // AND the bulk load put every index back and indexed the customers for search
    CHECK_FALSE(BulkLoad::isActive(fresh.store()));
    CHECK_FALSE(SearchIndex::isPaused(fresh.store()));
    CHECK(indexNames(fresh) == schemaIndexes);
    CHECK(CustomerSearch(fresh.store()).search(QStringLiteral("联系人5"), {}, 10).value().size() == 1);

    // AND once the open transaction commits, the next round brings its change
    REQUIRE(slow->database().commit());
    syncOk(fresh, 2);
    CHECK(fresh.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c1'")) == QStringLiteral("改名"));
    CHECK(CustomerSearch(fresh.store()).search(QStringLiteral("改名"), {}, 10).value().size() == 1);
}

TEST_CASE("a first load that broke off is finished by the next sync", "[sync][snapshot]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    for (int i = 1; i <= 4; ++i)
        addServerCustomer(server, QStringLiteral("c%1").arg(i), QStringLiteral("Customer %1").arg(i), wang);
    SyncClient fresh(server, QStringLiteral("wang"), wang);
    const QString schemaIndexes = indexNames(fresh);

    // GIVEN a load that dropped the indexes, wrote part of the rows and then lost the server
    REQUIRE(BulkLoad::begin(fresh.store()));
    REQUIRE(fresh.writer().insert(QStringLiteral("customers"), {{QStringLiteral("name"), QStringLiteral("Typed meanwhile")},
                                                               {QStringLiteral("owner_id"), wang},
                                                               {QStringLiteral("created_at"), 5}}));
    CHECK(indexNames(fresh) != schemaIndexes);

    // WHEN the next round runs
    syncOk(fresh);

    // THEN the load is complete, the indexes and search are back, and the local customer was kept
    CHECK_FALSE(BulkLoad::isActive(fresh.store()));
    CHECK(indexNames(fresh) == schemaIndexes);
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("5"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("5"));
    CHECK(CustomerSearch(fresh.store()).search(QStringLiteral("Typed meanwhile"), {}, 10).value().size() == 1);
    CHECK(CustomerSearch(fresh.store()).search(QStringLiteral("Customer 3"), {}, 10).value().size() == 1);
}

TEST_CASE("a restored server makes the cache resync in full: what the server lost leaves the "
          "cache, what the client made is pushed first and kept",
          "[sync][snapshot]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    for (int i = 1; i <= 3; ++i)
        addServerCustomer(server, QStringLiteral("c%1").arg(i), QStringLiteral("Customer %1").arg(i), wang);
    SyncClient client(server, QStringLiteral("wang"), wang);
    syncOk(client);
    REQUIRE(ids(client) == QStringLiteral("c1,c2,c3"));
    const QString before = client.store().stateValue(QStringLiteral("server_generation"));

    // GIVEN an edit and a new customer made offline
    REQUIRE(client.writer().update(QStringLiteral("customers"), QStringLiteral("c1"),
                                   {{QStringLiteral("company"), QStringLiteral("Offline Co")}}));
    const QString local = client.addCustomer(QStringLiteral("Made offline"));
    // AND a server restored from a dump that never had c3
    REQUIRE(server.admin().exec(QStringLiteral("DELETE FROM customers WHERE id = 'c3'")));
    REQUIRE(server.admin().exec(QStringLiteral(
        "UPDATE sync.server_info SET value = gen_random_uuid()::text WHERE key = 'generation'")));

    // WHEN the client syncs (signing in again, as after a restore)
    client.disconnect();
    syncOk(client);

    // THEN its changes went to the server first, c3 left the cache, and it reads the new generation
    QStringList expected = {QStringLiteral("c1"), QStringLiteral("c2"), local};
    expected.sort();
    CHECK(ids(client) == expected.join(QLatin1Char(',')));
    CHECK(client.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("Offline Co"));
    CHECK(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("Offline Co"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = ?"), {local}) == QStringLiteral("1"));
    CHECK(client.store().stateValue(QStringLiteral("server_generation")) != before);
    CHECK(client.outboxCount() == 0);
    // AND the round after reads on from the feed: nothing but the sign-in its own session
    // recorded in the audit log
    client.disconnect();
    auto again = client.sync();
    REQUIRE(again.message() == QString());
    CHECK(again->pulled == 1);
    CHECK(client.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'sign_in'"))
          == QStringLiteral("3"));
}

TEST_CASE("purge trims tombstones and the feed to the offline window; a client behind it resyncs, "
          "a current one reads on",
          "[sync][snapshot]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    addServerCustomer(server, QStringLiteral("c1"), QStringLiteral("Kept"), wang);
    addServerCustomer(server, QStringLiteral("c2"), QStringLiteral("Deleted long ago"), wang);
    REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO contacts(id, customer_id, name) "
                                               "VALUES ('k2', 'c2', 'Contact of c2')")));
    SyncClient stale(server, QStringLiteral("wang"), wang);
    SyncClient current(server, QStringLiteral("wang"), wang);
    syncOk(stale);
    REQUIRE(ids(stale) == QStringLiteral("c1,c2"));

    // GIVEN c2 deleted 100 days ago, a customer added since, and a feed that old
    REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET deleted = 1, updated_at = ? WHERE id = 'c2'"),
                                {daysAgoMs(100)}));
    addServerCustomer(server, QStringLiteral("c3"), QStringLiteral("Added later"), wang);
    syncOk(current);
    REQUIRE(server.admin().exec(QStringLiteral("UPDATE sync.changes SET at = now() - interval '100 days'")));
    // ... and a recent tombstone, which stays
    addServerCustomer(server, QStringLiteral("c4"), QStringLiteral("Deleted yesterday"), wang, 1);
    REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET updated_at = ? WHERE id = 'c4'"),
                                {daysAgoMs(1)}));

    // ... and in each cache a row only a full resync would drop (the server never had it)
    for (SyncClient *client : {&stale, &current}) {
        REQUIRE(client->value(QStringLiteral("INSERT INTO customers(id, name, created_at, row_version) "
                                             "VALUES ('ghost', 'Ghost', 1, 5) RETURNING id"))
                == QStringLiteral("ghost"));
    }

    // (an agent may not purge: the server refuses)
    auto agent = ServerConnection::open(stale.url());
    REQUIRE(agent.message() == QString());
    CHECK_FALSE(ServerMaintenance::purge(**agent));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'c2'")) == QStringLiteral("1"));

    // WHEN the administrator purges with the default 90-day window
    auto purged = ServerMaintenance::purge(server.admin());
    REQUIRE(purged.message() == QString());

    // THEN the old tombstone and the row that referred to it are gone, the recent one stays
    CHECK(purged->tombstones == 2);
    CHECK(purged->feed > 0);
    CHECK(server.value(QStringLiteral("SELECT string_agg(id, ',' ORDER BY id) FROM customers"))
          == QStringLiteral("c1,c3,c4"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM contacts")) == QStringLiteral("0"));
    CHECK(ServerMaintenance::purge(server.admin())->tombstones == 0);

    // AND the client that never saw c2's deletion resyncs and drops it
    syncOk(stale);
    CHECK(stale.value(QStringLiteral("SELECT group_concat(id, ',') FROM (SELECT id FROM customers "
                                     "WHERE deleted = 0 ORDER BY id)"))
          == QStringLiteral("c1,c3"));
    CHECK(stale.value(QStringLiteral("SELECT count(*) FROM customers WHERE id IN ('c2', 'ghost')"))
          == QStringLiteral("0"));
    // AND the client that was up to date reads on from the feed
    auto onward = current.sync();
    REQUIRE(onward.message() == QString());
    CHECK(current.value(QStringLiteral("SELECT deleted FROM customers WHERE id = 'c4'")) == QStringLiteral("1"));
    CHECK(current.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'ghost'")) == QStringLiteral("1"));
}

TEST_CASE("a first sync of 20,000 customers broken off half way, then a deletion and a move to "
          "another team: the rerun drops both",
          "[sync][snapshot]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    const QString zhao = server.addUser(QStringLiteral("zhao"), QStringLiteral("agent"), QStringLiteral("South"));
    REQUIRE(server.admin().exec(QStringLiteral(
        "INSERT INTO customers(id, name, owner_id, created_at) "
        "SELECT 'c' || lpad(i::text, 5, '0'), 'Customer ' || i, ?, 1 FROM generate_series(1, 20000) i"),
        {wang}));
    SyncClient fresh(server, QStringLiteral("wang"), wang);

    // GIVEN a first load that committed 10,000 rows and then died; meanwhile an administrator
    // deleted one of the rows it had written and moved another to an agent of another team
    {
        auto connection = ServerConnection::open(fresh.url());
        REQUIRE(connection.message() == QString());
        ServerGateway gateway(**connection);
        SnapshotLoader loader(fresh.store(), gateway);
        loader.setCommitEvery(5000, [&](int rows) {
            if (rows < 10000)
                return true;
            REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET deleted = 1 WHERE id = 'c00001'")));
            REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET owner_id = ? WHERE id = 'c00002'"),
                                        {zhao}));
            REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET name = 'Renamed' WHERE id = 'c00003'")));
            return false;
        });
        REQUIRE_FALSE(loader.load(SnapshotLoader::Mode::Initial, 3000));
    }
    REQUIRE(fresh.value(QStringLiteral("SELECT count(*) FROM customers WHERE id IN ('c00001', 'c00002')"))
            == QStringLiteral("2"));
    REQUIRE(BulkLoad::isActive(fresh.store()));

    // WHEN the next round runs
    syncOk(fresh, 3000);

    // THEN the deleted and the moved customer are no longer live in the cache, the rest are all there
    CHECK_FALSE(BulkLoad::isActive(fresh.store()));
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers WHERE deleted = 0")) == QStringLiteral("19998"));
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'c00002'")) == QStringLiteral("0"));
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'c00001' AND deleted = 0"))
          == QStringLiteral("0"));
    CHECK(fresh.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c00003'")) == QStringLiteral("Renamed"));
    CHECK(fresh.store().stateValue(QStringLiteral("snapshot_start_xid")) == QString());
    // AND the round after has nothing more to change
    auto again = fresh.sync(500, 3000);
    REQUIRE(again.message() == QString());
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM customers WHERE deleted = 0")) == QStringLiteral("19998"));
}
