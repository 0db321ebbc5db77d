#include "syncfixture.h"

#include <catch2/catch.hpp>

#include "core/customers/customersearch.h"
#include "core/storage/searchindex.h"

#include <QSqlQuery>

using namespace Leadline;
using namespace Leadline::Test;

TEST_CASE("a demo workspace seeds an empty server, and a new workspace fills itself from it",
          "[sync][seed]")
{
    SyncServer server;
    const QString boss = server.addUser(QStringLiteral("boss"), QStringLiteral("admin"));
    const QString wang = server.addUser(QStringLiteral("wang"));

    // GIVEN a workspace written like the demo generator does: row_version 0, no outbox entries
    SyncClient seeder(server, QStringLiteral("boss"), boss);
    QSqlQuery write(seeder.store().database());
    for (int i = 1; i <= 7; ++i) {
        write.prepare(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                     "VALUES (?, ?, ?, 1)"));
        write.addBindValue(QStringLiteral("c%1").arg(i));
        write.addBindValue(QStringLiteral("Customer %1").arg(i));
        write.addBindValue(i <= 3 ? QVariant(wang) : i <= 5 ? QVariant() : QVariant(boss));
        REQUIRE(write.exec());
        write.prepare(QStringLiteral("INSERT INTO contacts(id, customer_id, name) VALUES (?, ?, ?)"));
        write.addBindValue(QStringLiteral("k%1").arg(i));
        write.addBindValue(QStringLiteral("c%1").arg(i));
        write.addBindValue(QStringLiteral("Contact %1").arg(i));
        REQUIRE(write.exec());
    }
    REQUIRE(seeder.store().setStateValue(QStringLiteral("seed_pending"), QStringLiteral("1")));

    // WHEN it syncs (in batches of 3, so the seed spans several batches)
    auto seeded = seeder.sync(3, 4);
    REQUIRE(seeded.message() == QString());

    // THEN the server holds every row once and the flag is cleared
    CHECK(seeded->pushed == 14);
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("7"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM contacts")) == QStringLiteral("7"));
    CHECK(seeder.store().stateValue(QStringLiteral("seed_pending")) == QStringLiteral("0"));
    CHECK(seeder.value(QStringLiteral("SELECT min(row_version) FROM customers")) == QStringLiteral("1"));
    CHECK(seeder.sync()->pushed == 0);

    // AND a new, empty workspace of an agent fills itself with what the agent may see
    SyncClient fresh(server, QStringLiteral("wang"), QString());
    REQUIRE(fresh.store().setStateValue(QStringLiteral("agent_id"), QStringLiteral("")));
    auto filled = fresh.sync(500, 3);
    REQUIRE(filled.message() == QString());
    CHECK(fresh.store().currentAgentId() == wang);
    CHECK(fresh.value(QStringLiteral("SELECT group_concat(id, ',') FROM (SELECT id FROM customers ORDER BY id)"))
          == QStringLiteral("c1,c2,c3,c4,c5"));
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM contacts")) == QStringLiteral("5"));
    CHECK(fresh.value(QStringLiteral("SELECT count(*) FROM agents")) == QStringLiteral("2"));
    // AND the customers it pulled are found by search (indexed in one pass after the first pull)
    CHECK_FALSE(SearchIndex::isPaused(fresh.store()));
    const QList<CustomerHit> hits = CustomerSearch(fresh.store()).search(QStringLiteral("Customer 4"), {}, 10).value();
    REQUIRE_FALSE(hits.isEmpty());
    CHECK(hits.first().id == QStringLiteral("c4"));
    CHECK(CustomerSearch(fresh.store()).search(QStringLiteral("Contact 2"), {}, 10).value().size() == 1);
}
