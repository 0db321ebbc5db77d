#pragma once

#include "core/domain/result.h"

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

/// Provisioning of users on the shared server (administrator's connection).
class ServerUsers final
{
public:
    /// Creates or updates the login role, the agent row and the team membership in one
    /// transaction. Returns the agent id.
    static Result<QString> add(ServerConnection &connection, const ServerUser &user);
};

} // namespace Leadline
