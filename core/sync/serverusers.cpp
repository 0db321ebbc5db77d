#include "serverusers.h"

#include "serverconnection.h"
#include "core/domain/ids.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerUsers", text);
}

Status validate(const ServerUser &user)
{
    static const QRegularExpression loginPattern(QStringLiteral("^[a-z][a-z0-9_.-]{1,62}$"));
    if (!loginPattern.match(user.login).hasMatch()) {
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "A login is 2 to 63 characters: lower-case letters, digits, '_', '.' or "
                        "'-', starting with a letter."),
                     QStringLiteral("login")};
    }
    if (user.login.startsWith(QLatin1String("pg_")) || user.login == QLatin1String("postgres")
        || user.login == QLatin1String("leadline_client")) {
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "The login %1 is reserved.").arg(user.login), QStringLiteral("login")};
    }
    if (user.password.size() < 8)
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "The password needs at least 8 characters."), QStringLiteral("password")};
    if (user.role != QLatin1String("agent") && user.role != QLatin1String("supervisor")
        && user.role != QLatin1String("admin")) {
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "The role must be agent, supervisor or admin."), QStringLiteral("role")};
    }
    if (user.name.trimmed().isEmpty())
        return Error{QCoreApplication::translate("Leadline::ServerUsers", "The user needs a name."), QStringLiteral("name")};
    return {};
}

} // namespace

Result<QString> ServerUsers::add(ServerConnection &connection, const ServerUser &user)
{
    if (auto valid = validate(user); !valid)
        return valid.error();
    QSqlDatabase db = connection.database();
    if (!db.transaction())
        return Error{tr("Cannot start a transaction on the server.")};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto failed = [&db](const Error &error) {
        db.rollback();
        return Error{tr("Cannot add the user: %1").arg(error.message), error.field};
    };

    QVariant teamId;
    if (!user.team.trimmed().isEmpty()) {
        auto team = connection.scalar(QStringLiteral("SELECT id FROM public.teams WHERE name = ?"),
                                      {user.team.trimmed()});
        if (!team)
            return failed(team.error());
        if (team->isEmpty()) {
            const QString id = newId();
            auto created = connection.exec(
                QStringLiteral("INSERT INTO public.teams(id, name, updated_at) VALUES (?, ?, ?)"),
                {id, user.team.trimmed(), now});
            if (!created)
                return failed(created.error());
            teamId = id;
        } else {
            teamId = *team;
        }
    }

    auto existing = connection.scalar(QStringLiteral("SELECT id FROM public.agents WHERE login = ?"),
                                      {user.login});
    if (!existing)
        return failed(existing.error());
    QString agentId = *existing;
    if (agentId.isEmpty()) {
        agentId = newId();
        auto created = connection.exec(
            QStringLiteral("INSERT INTO public.agents(id, login, name, role, team_id, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {agentId, user.login, user.name.trimmed(), user.role, teamId, now});
        if (!created)
            return failed(created.error());
    } else {
        auto updated = connection.exec(
            QStringLiteral("UPDATE public.agents SET name = ?, role = ?, "
                           "team_id = coalesce(?, team_id), active = 1, deleted = 0, "
                           "updated_at = ? WHERE id = ?"),
            {user.name.trimmed(), user.role, teamId, now, agentId});
        if (!updated)
            return failed(updated.error());
    }
    if (user.role == QLatin1String("supervisor") && teamId.isValid()) {
        auto led = connection.exec(
            QStringLiteral("UPDATE public.teams SET supervisor_id = ?, updated_at = ? WHERE id = ?"),
            {agentId, now, teamId});
        if (!led)
            return failed(led.error());
    }
    auto login = connection.exec(QStringLiteral("SELECT sync.create_login(?, ?)"),
                                 {user.login, user.password});
    if (!login)
        return failed(login.error());
    if (!db.commit())
        return failed(Error{db.lastError().text()});
    return agentId;
}

} // namespace Leadline
