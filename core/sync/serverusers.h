#pragma once

#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace Leadline {

class ServerConnection;

/// A person who signs in to the shared server.
struct ServerUser
{
    QString login;
    QString password;
    QString role = QStringLiteral("agent"); ///< agent, supervisor or admin
    QString team;                           ///< team name (created when new); may be empty
    QString name;
};

/// One user as the server lists it.
struct ServerUserInfo
{
    QString login;
    QString name;
    QString role;
    QString team;
    QString agentId;
    bool active = true;    ///< false: disabled by an administrator
    bool canSignIn = true; ///< the login role may connect
};

/// Users of the shared server, managed by an administrator (a Leadline admin's own login or a
/// PostgreSQL superuser). Every operation is a server function that checks the caller's role
/// and writes the audit log, so the same rules hold for psql.
class ServerUsers final
{
public:
    /// Creates or updates the login role, the agent row and the team membership in one
    /// transaction. Returns the agent id.
    static Result<QString> add(ServerConnection &connection, const ServerUser &user);
    static Result<QList<ServerUserInfo>> list(ServerConnection &connection);
    /// Disables (cannot sign in, open sessions ended) or enables a user.
    static Status setActive(ServerConnection &connection, const QString &login, bool active);
    static Status setRole(ServerConnection &connection, const QString &login, const QString &role);
    /// Moves a user to a team (created when new); their customers follow in the supervisors'
    /// caches.
    static Status setTeam(ServerConnection &connection, const QString &login, const QString &team);
    static Status
    setPassword(ServerConnection &connection, const QString &login, const QString &password);
};

} // namespace Leadline
