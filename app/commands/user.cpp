#include "commands.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverusers.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Leadline::Cli {

void declareUser(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("db"), tr("The server database (an administrator's URL)."),
         QStringLiteral("URL")},
        {QStringLiteral("login"), tr("The user's login."), QStringLiteral("L")},
        {QStringLiteral("password"), tr("add, passwd: the user's password."), QStringLiteral("P")},
        {QStringLiteral("role"), tr("add, set-role: agent, supervisor or admin."),
         QStringLiteral("ROLE")},
        {QStringLiteral("team"), tr("add, set-team: the team (created when new)."),
         QStringLiteral("T")},
        {QStringLiteral("name"), tr("add: the user's display name."), QStringLiteral("NAME")},
    });
}

namespace {

const QStringList actions
    = {QStringLiteral("add"),    QStringLiteral("list"),     QStringLiteral("disable"),
       QStringLiteral("enable"), QStringLiteral("set-role"), QStringLiteral("set-team"),
       QStringLiteral("passwd")};

// The options an action cannot do without.
QStringList requiredOptions(const QString &action)
{
    if (action == QLatin1String("add"))
        return {QStringLiteral("login"), QStringLiteral("password"), QStringLiteral("name")};
    if (action == QLatin1String("list"))
        return {};
    if (action == QLatin1String("set-role"))
        return {QStringLiteral("login"), QStringLiteral("role")};
    if (action == QLatin1String("set-team"))
        return {QStringLiteral("login"), QStringLiteral("team")};
    if (action == QLatin1String("passwd"))
        return {QStringLiteral("login"), QStringLiteral("password")};
    return {QStringLiteral("login")};
}

QJsonObject toJson(const ServerUserInfo &user)
{
    return {{QStringLiteral("login"), user.login},
            {QStringLiteral("name"), user.name},
            {QStringLiteral("role"), user.role},
            {QStringLiteral("team"), user.team},
            {QStringLiteral("agent_id"), user.agentId},
            {QStringLiteral("active"), user.active},
            {QStringLiteral("can_sign_in"), user.canSignIn}};
}

int list(Context &context, ServerConnection &connection)
{
    auto users = ServerUsers::list(connection);
    if (!users)
        return fail(users.message());
    if (context.json) {
        QJsonArray rows;
        for (const ServerUserInfo &user : *users)
            rows.append(toJson(user));
        printJson({{QStringLiteral("users"), rows}});
        return 0;
    }
    for (const ServerUserInfo &user : *users) {
        printLine(QStringLiteral("%1\t%2\t%3\t%4\t%5")
                      .arg(user.login, user.role, user.team, user.name,
                           user.active ? tr("active") : tr("disabled")));
    }
    return 0;
}

} // namespace

int runUser(Context &context)
{
    const QString action = context.positional.value(0);
    if (!actions.contains(action))
        return fail(tr("user needs an action: %1").arg(actions.join(QStringLiteral(", "))));
    for (const QString &required : QStringList{QStringLiteral("db")} + requiredOptions(action)) {
        if (!context.parser.isSet(required))
            return fail(tr("user %1 needs --%2").arg(action, required));
    }
    auto connection = ServerConnection::open(context.parser.value(QStringLiteral("db")));
    if (!connection)
        return fail(connection.message());
    if (action == QLatin1String("list"))
        return list(context, **connection);

    const QString login = context.parser.value(QStringLiteral("login"));
    QJsonObject answer{{QStringLiteral("login"), login}, {QStringLiteral("action"), action}};
    Status done;
    if (action == QLatin1String("add")) {
        ServerUser user;
        user.login = login;
        user.password = context.parser.value(QStringLiteral("password"));
        if (context.parser.isSet(QStringLiteral("role")))
            user.role = context.parser.value(QStringLiteral("role"));
        user.team = context.parser.value(QStringLiteral("team"));
        user.name = context.parser.value(QStringLiteral("name"));
        auto agentId = ServerUsers::add(**connection, user);
        if (!agentId)
            return fail(agentId.message());
        answer.insert(QStringLiteral("agent_id"), *agentId);
        answer.insert(QStringLiteral("role"), user.role);
    } else if (action == QLatin1String("disable") || action == QLatin1String("enable")) {
        done = ServerUsers::setActive(**connection, login, action == QLatin1String("enable"));
    } else if (action == QLatin1String("set-role")) {
        done = ServerUsers::setRole(**connection, login,
                                    context.parser.value(QStringLiteral("role")));
        answer.insert(QStringLiteral("role"), context.parser.value(QStringLiteral("role")));
    } else if (action == QLatin1String("set-team")) {
        done = ServerUsers::setTeam(**connection, login,
                                    context.parser.value(QStringLiteral("team")));
        answer.insert(QStringLiteral("team"), context.parser.value(QStringLiteral("team")));
    } else {
        done = ServerUsers::setPassword(**connection, login,
                                        context.parser.value(QStringLiteral("password")));
    }
    if (!done)
        return fail(done.message());
    if (context.json) {
        printJson(answer);
    } else if (action == QLatin1String("add")) {
        printLine(tr("User %1 (%2) is ready.")
                      .arg(login, answer.value(QStringLiteral("role")).toString()));
    } else {
        printLine(tr("User %1: %2 done.").arg(login, action));
    }
    return 0;
}

} // namespace Leadline::Cli
