#include "commands.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverusers.h"

#include <QCoreApplication>

namespace Leadline::Cli {

void declareUser(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("db"), tr("The server database (an administrator's URL)."), QStringLiteral("URL")},
        {QStringLiteral("login"), tr("The new user's login."), QStringLiteral("L")},
        {QStringLiteral("password"), tr("The new user's password."), QStringLiteral("P")},
        {QStringLiteral("role"), tr("agent, supervisor or admin."), QStringLiteral("ROLE"),
         QStringLiteral("agent")},
        {QStringLiteral("team"), tr("The team (created when new)."), QStringLiteral("T")},
        {QStringLiteral("name"), tr("The user's display name."), QStringLiteral("NAME")},
    });
}

int runUser(Context &context)
{
    if (context.positional.value(0) != QLatin1String("add"))
        return fail(tr("user needs an action: add"));
    for (const char *required : {"db", "login", "password", "name"}) {
        if (!context.parser.isSet(QLatin1String(required)))
            return fail(tr("user add needs --%1").arg(QLatin1String(required)));
    }
    auto connection = ServerConnection::open(context.parser.value(QStringLiteral("db")));
    if (!connection)
        return fail(connection.message());
    ServerUser user;
    user.login = context.parser.value(QStringLiteral("login"));
    user.password = context.parser.value(QStringLiteral("password"));
    user.role = context.parser.value(QStringLiteral("role"));
    user.team = context.parser.value(QStringLiteral("team"));
    user.name = context.parser.value(QStringLiteral("name"));
    auto agentId = ServerUsers::add(**connection, user);
    if (!agentId)
        return fail(agentId.message());
    if (context.json) {
        printJson({{QStringLiteral("login"), user.login}, {QStringLiteral("agent_id"), *agentId},
                   {QStringLiteral("role"), user.role}});
    } else {
        printLine(tr("User %1 (%2) is ready.").arg(user.login, user.role));
    }
    return 0;
}

} // namespace Leadline::Cli
