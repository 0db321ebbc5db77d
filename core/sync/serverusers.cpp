#include "serverusers.h"

#include "serverconnection.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerUsers", text);
}

Status validateLogin(const QString &login)
{
    static const QRegularExpression loginPattern(QStringLiteral("^[a-z][a-z0-9_.-]{1,62}$"));
    if (!loginPattern.match(login).hasMatch()) {
        return Error{QCoreApplication::translate(
                         "Leadline::ServerUsers",
                         "A login is 2 to 63 characters: lower-case letters, digits, '_', '.' or "
                         "'-', starting with a letter."),
                     QStringLiteral("login")};
    }
    if (login.startsWith(QLatin1String("pg_")) || login == QLatin1String("postgres")
        || login == QLatin1String("leadline_client")) {
        return Error{
            QCoreApplication::translate("Leadline::ServerUsers", "The login %1 is reserved.")
                .arg(login),
            QStringLiteral("login")};
    }
    return {};
}

Status validatePassword(const QString &password)
{
    if (password.size() < 8)
        return Error{QCoreApplication::translate("Leadline::ServerUsers",
                                                 "The password needs at least 8 characters."),
                     QStringLiteral("password")};
    return {};
}

Status validateRole(const QString &role)
{
    if (role != QLatin1String("agent") && role != QLatin1String("supervisor")
        && role != QLatin1String("admin")) {
        return Error{QCoreApplication::translate("Leadline::ServerUsers",
                                                 "The role must be agent, supervisor or admin."),
                     QStringLiteral("role")};
    }
    return {};
}

Status validate(const ServerUser &user)
{
    if (auto valid = validateLogin(user.login); !valid)
        return valid;
    if (auto valid = validatePassword(user.password); !valid)
        return valid;
    if (auto valid = validateRole(user.role); !valid)
        return valid;
    if (user.name.trimmed().isEmpty())
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "The user needs a name."),
                     QStringLiteral("name")};
    return {};
}

Status call(ServerConnection &connection, const QString &sql, const QVariantList &values)
{
    auto done = connection.exec(sql, values);
    if (!done)
        return done.error();
    return {};
}

} // namespace

Result<QString> ServerUsers::add(ServerConnection &connection, const ServerUser &user)
{
    if (auto valid = validate(user); !valid)
        return valid.error();
    auto agentId = connection.scalar(
        QStringLiteral("SELECT sync.user_add(?, ?, ?, ?, ?)"),
        {user.login, user.password, user.role, user.team.trimmed(), user.name.trimmed()});
    if (!agentId)
        return Error{tr("Cannot add the user: %1").arg(agentId.message())};
    return *agentId;
}

Result<QList<ServerUserInfo>> ServerUsers::list(ServerConnection &connection)
{
    auto text = connection.scalar(QStringLiteral("SELECT sync.user_list()::text"));
    if (!text)
        return text.error();
    QList<ServerUserInfo> users;
    for (const QJsonValue &value : QJsonDocument::fromJson(text->toUtf8()).array()) {
        const QJsonObject row = value.toObject();
        ServerUserInfo info;
        info.login = row.value(QStringLiteral("login")).toString();
        info.name = row.value(QStringLiteral("name")).toString();
        info.role = row.value(QStringLiteral("role")).toString();
        info.team = row.value(QStringLiteral("team")).toString();
        info.agentId = row.value(QStringLiteral("agent_id")).toString();
        info.active = row.value(QStringLiteral("active")).toBool();
        info.canSignIn = row.value(QStringLiteral("can_sign_in")).toBool();
        users.append(info);
    }
    return users;
}

Status ServerUsers::setActive(ServerConnection &connection, const QString &login, bool active)
{
    return call(connection, QStringLiteral("SELECT sync.user_set_active(?, ?)"), {login, active});
}

Status ServerUsers::setRole(ServerConnection &connection, const QString &login, const QString &role)
{
    if (auto valid = validateRole(role); !valid)
        return valid;
    return call(connection, QStringLiteral("SELECT sync.user_set_role(?, ?)"), {login, role});
}

Status ServerUsers::setTeam(ServerConnection &connection, const QString &login, const QString &team)
{
    return call(connection, QStringLiteral("SELECT sync.user_set_team(?, ?)"),
                {login, team.trimmed()});
}

Status ServerUsers::setPassword(ServerConnection &connection,
                                const QString &login,
                                const QString &password)
{
    if (auto valid = validatePassword(password); !valid)
        return valid;
    return call(connection, QStringLiteral("SELECT sync.user_set_password(?, ?)"),
                {login, password});
}

} // namespace Leadline
