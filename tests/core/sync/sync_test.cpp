#include "core/storage/changewriter.h"
#include "core/sync/backoff.h"
#include "core/sync/conflictlog.h"
#include "core/sync/serverurl.h"
#include "tests/support/testworkspace.h"

#include <QSqlQuery>

#include <catch2/catch.hpp>

using namespace Leadline;

namespace {

double middle()
{
    return 0.5;
}

double lowest()
{
    return 0.0;
}

} // namespace

TEST_CASE("back-off doubles up to its cap and starts over after a success", "[sync]")
{
    Backoff backoff(1000, 8000, 0.2);
    backoff.setRandom(&middle);
    CHECK(backoff.nextDelayMs() == 1000);
    CHECK(backoff.nextDelayMs() == 2000);
    CHECK(backoff.nextDelayMs() == 4000);
    CHECK(backoff.nextDelayMs() == 8000);
    CHECK(backoff.nextDelayMs() == 8000);
    CHECK(backoff.failures() == 5);
    backoff.reset();
    CHECK(backoff.nextDelayMs() == 1000);
}

TEST_CASE("back-off jitter spreads the delay by the configured fraction", "[sync]")
{
    Backoff backoff(1000, 60000, 0.2);
    backoff.setRandom(&lowest);
    CHECK(backoff.nextDelayMs() == 800);  // 1000 × (1 − 0.2)
    CHECK(backoff.nextDelayMs() == 1600); // 2000 × (1 − 0.2)
}

TEST_CASE("a server URL gives host, port, login, database and sslmode", "[sync]")
{
    auto url = ServerUrl::parse(
        QStringLiteral("postgresql://wang:p%40ss@db.example.com:6543/leadline?sslmode=require"));
    REQUIRE(url);
    CHECK(url->host == QStringLiteral("db.example.com"));
    CHECK(url->port == 6543);
    CHECK(url->user == QStringLiteral("wang"));
    CHECK(url->password == QStringLiteral("p@ss"));
    CHECK(url->database == QStringLiteral("leadline"));
    CHECK(url->sslMode == QStringLiteral("require"));
    CHECK(url->display() == QStringLiteral("postgresql://wang@db.example.com:6543/leadline?sslmode=require"));

    auto defaults = ServerUrl::parse(QStringLiteral("postgresql://db/leadline"));
    REQUIRE(defaults);
    CHECK(defaults->port == 5432);
    CHECK(defaults->sslMode == QStringLiteral("prefer"));
}

TEST_CASE("a malformed server URL says what is wrong", "[sync]")
{
    CHECK(ServerUrl::parse(QStringLiteral("mysql://db/leadline")).message().contains(
        QStringLiteral("postgresql://")));
    CHECK(ServerUrl::parse(QStringLiteral("postgresql://db")).message().contains(
        QStringLiteral("no database")));
    CHECK(ServerUrl::parse(QStringLiteral("postgresql://db/x?sslmode=maybe")).message().contains(
        QStringLiteral("Unknown sslmode")));
}

TEST_CASE("keep mine writes my replaced value back; keep theirs only closes the entry",
          "[sync]")
{
    Test::TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    // The record already holds their value (低); mine (高) was replaced by the server.
    auto id = writer.insert(QStringLiteral("customers"),
                            {{QStringLiteral("name"), QStringLiteral("星河科技")},
                             {QStringLiteral("intent"), QStringLiteral("低")},
                             {QStringLiteral("created_at"), 1}});
    REQUIRE(id);
    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("DELETE FROM outbox")));
    for (const char *field : {"intent", "stage"}) {
        query.prepare(QStringLiteral("INSERT INTO conflicts(table_name, row_id, field, mine, theirs, "
                                     "their_agent_id, at) VALUES('customers', ?, ?, ?, ?, 'a2', 5)"));
        query.addBindValue(*id);
        query.addBindValue(QLatin1String(field));
        query.addBindValue(QStringLiteral("高"));
        query.addBindValue(QStringLiteral("低"));
        REQUIRE(query.exec());
    }
    ConflictLog log(workspace.store());
    const QList<Conflict> open = log.open().value();
    REQUIRE(open.size() == 2);
    const qint64 intentConflict = open.at(0).field == QLatin1String("intent") ? open.at(0).id
                                                                               : open.at(1).id;
    const qint64 stageConflict = open.at(0).id == intentConflict ? open.at(1).id : open.at(0).id;

    REQUIRE(log.keepMine(intentConflict));
    CHECK(workspace.rowCount(QStringLiteral("customers"), QStringLiteral("intent = '高'")) == 1);
    CHECK(workspace.rowCount(QStringLiteral("outbox"), QStringLiteral("fields LIKE '%高%'")) == 1);

    REQUIRE(log.keepTheirs(stageConflict));
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 1);
    CHECK(log.open().value().isEmpty());
    CHECK_FALSE(log.keepTheirs(stageConflict));
}
