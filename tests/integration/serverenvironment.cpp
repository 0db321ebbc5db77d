#include "serverenvironment.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverschema.h"
#include "core/sync/serverurl.h"

#include <catch2/catch.hpp>

#include <atomic>

namespace Leadline::Test {

PgServer &ServerEnvironment::server()
{
    static PgServer instance;
    return instance;
}

QString ServerEnvironment::freshDatabase()
{
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("leadline_test_%1").arg(++counter);
    REQUIRE(server().createDatabase(name));
    const QString url = server().superuserUrl(name);
    auto connection = ServerConnection::open(*ServerUrl::parse(url));
    REQUIRE(connection.message() == QString());
    auto migrated = ServerSchema::migrate(**connection);
    REQUIRE(migrated.message() == QString());
    return url;
}

} // namespace Leadline::Test
