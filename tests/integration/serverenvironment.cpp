#include "serverenvironment.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverschema.h"
#include "core/sync/serverurl.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <optional>

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

// A copy of the template, ready for clients; the URL, or the error (any thread: no REQUIRE).
Result<QString> copyTemplate(const QString &templateName, const QString &name)
{
    if (!ServerEnvironment::server().createDatabase(name, templateName))
        return Error{ServerEnvironment::server().lastError()};
    const QString url = ServerEnvironment::server().superuserUrl(name);
    auto connection = ServerConnection::open(*ServerUrl::parse(url));
    if (!connection)
        return connection.error();
    // Database privileges are not part of a template: set them as the migration does.
    const Status revoked = connection.value()->execScript(
        QStringLiteral("REVOKE TEMPORARY ON DATABASE \"%1\" FROM PUBLIC").arg(name));
    if (!revoked)
        return revoked.error();
    // A copy is another instance: its generation is renewed now, before any client sees it.
    auto generation = connection.value()->scalar(QStringLiteral("SELECT sync.current_generation()"));
    if (!generation)
        return generation.error();
    return url;
}

bool aheadOn = false;
std::optional<std::future<Result<QString>>> ahead;

std::future<Result<QString>> startCopy(const QString &templateName)
{
    const QString name = QStringLiteral("leadline_test_%1").arg(++counter);
    return std::async(std::launch::async, [templateName, name] { return copyTemplate(templateName, name); });
}

} // namespace

void ServerEnvironment::waitAhead()
{
    if (ahead)
        ahead->wait();
}

void ServerEnvironment::makeAhead(bool on)
{
    aheadOn = on;
    if (!on && ahead) {
        ahead->wait();
        ahead.reset();
    }
}

QString ServerEnvironment::freshDatabase()
{
    const QString templateName = migratedTemplate();
    Result<QString> url = Error{};
    if (ahead) {
        url = ahead->get();
        ahead.reset();
    } else {
        url = copyTemplate(templateName, QStringLiteral("leadline_test_%1").arg(++counter));
    }
    REQUIRE(url.message() == QString());
    if (aheadOn)
        ahead = startCopy(templateName);
    return *url;
}

QString ServerEnvironment::emptyDatabase()
{
    const QString name = QStringLiteral("leadline_test_%1").arg(++counter);
    REQUIRE(server().createDatabase(name));
    return server().superuserUrl(name);
}

} // namespace Leadline::Test
