#include "serverenvironment.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverschema.h"
#include "core/sync/serverurl.h"
#include "core/sync/serverusers.h"

#include <catch2/catch.hpp>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

std::unique_ptr<ServerConnection> connect(const QString &url)
{
    auto parsed = ServerUrl::parse(url);
    REQUIRE(parsed.message() == QString());
    auto connection = ServerConnection::open(*parsed);
    REQUIRE(connection.message() == QString());
    return std::move(connection).value();
}

} // namespace

TEST_CASE("server migrate brings an empty database to the latest schema, and again is a no-op",
          "[server]")
{
    auto admin = connect(ServerEnvironment::emptyDatabase());
    CHECK(*ServerSchema::currentVersion(*admin) == 0);
    auto migrated = ServerSchema::migrate(*admin);
    REQUIRE(migrated.message() == QString());
    CHECK(*ServerSchema::currentVersion(*admin) == ServerSchema::latestVersion());
    auto again = ServerSchema::migrate(*admin);
    REQUIRE(again.message() == QString());
    CHECK(*again == ServerSchema::latestVersion());
    CHECK(*admin->scalar(QStringLiteral("SELECT count(*) FROM sync.schema_version"))
          == QString::number(ServerSchema::latestVersion()));
}

TEST_CASE("row_version goes up by one with every write, and every write is in the change feed",
          "[server]")
{
    auto admin = connect(ServerEnvironment::freshDatabase());
    REQUIRE(admin->exec(QStringLiteral("INSERT INTO customers(id, name, created_at) "
                                       "VALUES ('c1', 'Li Lei', 1)")));
    CHECK(*admin->scalar(QStringLiteral("SELECT row_version FROM customers")) == QStringLiteral("1"));
    REQUIRE(admin->exec(QStringLiteral("UPDATE customers SET stage = '需求沟通'")));
    REQUIRE(admin->exec(QStringLiteral("UPDATE customers SET intent = '高'")));
    CHECK(*admin->scalar(QStringLiteral("SELECT row_version FROM customers")) == QStringLiteral("3"));
    CHECK(*admin->scalar(QStringLiteral("SELECT field_versions::text FROM customers"))
          == QStringLiteral("{\"stage\": 2, \"intent\": 3}"));
    CHECK(*admin->scalar(QStringLiteral("SELECT count(*) FROM sync.changes WHERE row_id = 'c1'"))
          == QStringLiteral("3"));
}

TEST_CASE("user add creates a login role with client timeouts, the agent row and the team",
          "[server]")
{
    auto admin = connect(ServerEnvironment::freshDatabase());
    auto agentId = ServerUsers::add(*admin, {QStringLiteral("wang.fang"),
                                             QStringLiteral("secret-123"),
                                             QStringLiteral("supervisor"),
                                             QStringLiteral("North"), QStringLiteral("王芳")});
    REQUIRE(agentId.message() == QString());
    CHECK(*admin->scalar(QStringLiteral("SELECT role || '/' || name FROM agents WHERE login = ?"),
                         {QStringLiteral("wang.fang")})
          == QStringLiteral("supervisor/王芳"));
    CHECK(*admin->scalar(QStringLiteral("SELECT supervisor_id FROM teams WHERE name = 'North'"))
          == *agentId);
    const QString settings = *admin->scalar(QStringLiteral(
        "SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting s "
        "JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = 'wang.fang'"));
    CHECK(settings.contains(QStringLiteral("idle_in_transaction_session_timeout=30s")));
    CHECK(settings.contains(QStringLiteral("statement_timeout=120s")));

    // Adding the same login again updates it rather than failing.
    auto again = ServerUsers::add(*admin, {QStringLiteral("wang.fang"), QStringLiteral("secret-456"),
                                           QStringLiteral("admin"), QString(),
                                           QStringLiteral("王芳")});
    REQUIRE(again.message() == QString());
    CHECK(*again == *agentId);
    CHECK(*admin->scalar(QStringLiteral("SELECT count(*) FROM agents")) == QStringLiteral("1"));

    const QString loginUrl = ServerEnvironment::server().superuserUrl(admin->url().database)
                                 .replace(QStringLiteral("postgres:fixture-secret"),
                                          QStringLiteral("wang.fang:secret-456"));
    auto user = connect(loginUrl);
    CHECK(*user->scalar(QStringLiteral("SELECT sync.hello(?)::jsonb ->> 'role'"),
                        {ServerSchema::latestVersion()})
          == QStringLiteral("admin"));
}

TEST_CASE("server migrate upgrades a server of every earlier version, keeping its users and rows",
          "[server]")
{
    for (int from = 1; from < ServerSchema::latestVersion(); ++from) {
        DYNAMIC_SECTION("from version " << from)
        {
            const QString name = QStringLiteral("leadline_upgrade_%1").arg(from);
            REQUIRE(ServerEnvironment::server().createDatabase(name));
            auto admin = connect(ServerEnvironment::server().superuserUrl(name));
            auto old = ServerSchema::migrate(*admin, from);
            REQUIRE(old.message() == QString());
            REQUIRE(*old == from);
            const bool withUser = from >= 3; // users and customers exist from step 3 on
            if (withUser) {
                REQUIRE(admin->exec(QStringLiteral("SELECT sync.create_login('old.agent', 'password-old')")));
                REQUIRE(admin->exec(QStringLiteral("INSERT INTO agents(id, login, name, role) "
                                                   "VALUES ('a-old', 'old.agent', 'Old', 'agent')")));
                REQUIRE(admin->exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                                   "VALUES ('c-old', 'Kept', 'a-old', 1)")));
            }

            auto upgraded = ServerSchema::migrate(*admin);
            REQUIRE(upgraded.message() == QString());
            CHECK(*upgraded == ServerSchema::latestVersion());
            if (!withUser)
                continue;
            auto user = connect(ServerEnvironment::server().superuserUrl(name).replace(
                QStringLiteral("postgres:fixture-secret"), QStringLiteral("old.agent:password-old")));
            CHECK(*user->scalar(QStringLiteral("SELECT sync.hello(?)::jsonb ->> 'ok'"),
                                {ServerSchema::latestVersion()})
                  == QStringLiteral("true"));
            CHECK(*user->scalar(QStringLiteral("SELECT name FROM customers")) == QStringLiteral("Kept"));
            CHECK(user->exec(QStringLiteral("UPDATE customers SET name = 'x'")).message()
                  == QStringLiteral("permission denied for table customers"));
            CHECK(*user->scalar(QStringLiteral(
                      "SELECT sync.push('c', '[{\"mutation_id\": \"m\", \"table\": \"notes\", "
                      "\"row_id\": \"n\", \"op\": \"insert\", \"fields\": {\"customer_id\": "
                      "\"c-old\", \"body\": \"after the upgrade\", \"created_at\": 1}}]') "
                      "-> 'results' -> 0 ->> 'status'"))
                  == QStringLiteral("applied"));
        }
    }
}
