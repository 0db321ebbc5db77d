#pragma once

#include "serverurl.h"
#include "serverusers.h"

#include <QMutex>

#include <memory>
#include <optional>

namespace Leadline {

class ServerConnection;

/// The admin screen's access to the server's users: the same ServerUsers functions the
/// "leadline user" command runs, over a connection of the signed-in administrator's own login
/// (opened when first needed, again after it dropped or the server changed). Server refusals
/// come back in the user's language.
///
/// The operations and disconnect() run on one thread at a time, the one that owns the
/// connection (the admin screen's own thread, so the window never waits for the server);
/// setServer() and hasServer() may be called from any thread.
class UserAdministration final
{
public:
    UserAdministration();
    ~UserAdministration();
    UserAdministration(const UserAdministration &) = delete;
    UserAdministration &operator=(const UserAdministration &) = delete;

    /// The server and login to administer with (the sync profile); the next operation
    /// connects to it.
    void setServer(const ServerUrl &server);
    bool hasServer() const;
    /// Closes the connection, on the thread that ran the operations.
    void disconnect();

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

    mutable QMutex m_mutex; ///< guards m_server and m_serverGeneration
    std::optional<ServerUrl> m_server;
    quint64 m_serverGeneration = 0;
    std::unique_ptr<ServerConnection> m_connection;
    quint64 m_connectionGeneration = 0;
};

} // namespace Leadline
