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

namespace {

std::atomic<int> counter{0};

// Migrated once; every fresh database is a copy of it.
QString migratedTemplate()
{
    static const QString name = [] {
        const QString templateName = QStringLiteral("leadline_template");
        REQUIRE(ServerEnvironment::server().createDatabase(templateName));
        auto connection = ServerConnection::open(
            *ServerUrl::parse(ServerEnvironment::server().superuserUrl(templateName)));
        REQUIRE(connection.message() == QString());
        auto migrated = ServerSchema::migrate(**connection);
        REQUIRE(migrated.message() == QString());
        return templateName;
    }();
    return name;
}

} // namespace

QString ServerEnvironment::freshDatabase()
{
    const QString templateName = migratedTemplate();
    const QString name = QStringLiteral("leadline_test_%1").arg(++counter);
    REQUIRE(server().createDatabase(name, templateName));
    const QString url = server().superuserUrl(name);
    auto connection = ServerConnection::open(*ServerUrl::parse(url));
    REQUIRE(connection.message() == QString());
    // Database privileges are not part of a template: set them as the migration does.
    REQUIRE(connection.value()->execScript(
        QStringLiteral("REVOKE TEMPORARY ON DATABASE \"%1\" FROM PUBLIC").arg(name)));
    // A copy is another instance: its generation is renewed now, before any client sees it.
    auto generation = connection.value()->scalar(QStringLiteral("SELECT sync.current_generation()"));
    REQUIRE(generation.message() == QString());
    return url;
}

QString ServerEnvironment::emptyDatabase()
{
    const QString name = QStringLiteral("leadline_test_%1").arg(++counter);
    REQUIRE(server().createDatabase(name));
    return server().superuserUrl(name);
}

} // namespace Leadline::Test
