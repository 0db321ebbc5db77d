#pragma once

#include "serverurl.h"
#include "serverusers.h"

#include <memory>
#include <optional>

namespace Leadline {

class ServerConnection;

/// The admin screen's access to the server's users: the same ServerUsers functions the
/// "leadline user" command runs, over a connection of the signed-in administrator's own login
/// (opened when first needed, again after it dropped). Server refusals come back in the
/// user's language.
class UserAdministration final
{
public:
    UserAdministration();
    ~UserAdministration();
    UserAdministration(const UserAdministration &) = delete;
    UserAdministration &operator=(const UserAdministration &) = delete;

    /// The server and login to administer with (the sync profile); closes an open connection.
    void setServer(const ServerUrl &server);
    bool hasServer() const { return m_server.has_value(); }

    Result<QList<ServerUserInfo>> list();
    Result<QString> add(const ServerUser &user);
    Status setActive(const QString &login, bool active);
    Status setRole(const QString &login, const QString &role);
    Status setTeam(const QString &login, const QString &team);
    Status setPassword(const QString &login, const QString &password);

    /// A server refusal of a user operation in the user's language (other text unchanged).
    static QString localized(const QString &serverMessage);

private:
    Result<ServerConnection *> connection();
    static Status localized(const Status &status);

    std::optional<ServerUrl> m_server;
    std::unique_ptr<ServerConnection> m_connection;
};

} // namespace Leadline
