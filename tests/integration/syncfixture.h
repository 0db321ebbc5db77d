#pragma once

#include "serverenvironment.h"
#include "core/domain/result.h"
#include "core/storage/changewriter.h"
#include "core/sync/serverconnection.h"
#include "core/sync/serverurl.h"
#include "core/sync/syncround.h"
#include "tests/support/testworkspace.h"

#include <QString>
#include <QVariantMap>

#include <memory>

namespace Leadline::Test {

/// A fresh server database with an administrator connection, where tests add users.
class SyncServer final
{
public:
    SyncServer();

    ServerConnection &admin() { return *m_admin; }
    /// Adds a user (password "password-<login>") and returns the agent id.
    QString addUser(const QString &login, const QString &role = QStringLiteral("agent"),
                    const QString &team = QStringLiteral("North"));
    /// The URL a user signs in with.
    ServerUrl urlFor(const QString &login) const;
    /// A text value from the server, read as the superuser (bypassing row-level security).
    QString value(const QString &sql, const QVariantList &values = {});
    /// Opens an extra superuser connection (for transactions held open by a test).
    std::unique_ptr<ServerConnection> openAdmin() const;
    /// Stops and starts the PostgreSQL server (every open connection breaks), then reconnects
    /// the administrator.
    void restart();
    /// Keeps a copy of the database as it is now, as a dump would (no session may be open but
    /// the administrator's).
    void keepDump();
    /// Restores the last dump into a new database and moves every client there: a restored
    /// server, whose generation changes.
    void restoreDump();

private:
    QString m_dump;
    ServerUrl m_url;
    std::unique_ptr<ServerConnection> m_admin;
};

/// One desktop client: its own workspace file, signed in as one user.
class SyncClient final
{
public:
    SyncClient(SyncServer &server, const QString &login, const QString &agentId);

    LocalStore &store() { return m_workspace.store(); }
    TestWorkspace &workspace() { return m_workspace; }
    ChangeWriter &writer() { return *m_writer; }
    /// The URL this client signs in with (it follows the server to a restored database).
    ServerUrl url() const { return m_server.urlFor(m_login); }

    /// One sync round, as the engine runs it: on the client's one server connection, kept open
    /// between rounds; a connection found broken (terminated, server restarted, moved to a
    /// restored database) is opened again and the round run once more, as the engine's retry.
    Result<SyncReport> sync(int batchSize = 500, int pageSize = 2000);
    /// The client's open server connection (opened when there is none or it is broken).
    Result<ServerConnection *> connection();
    /// Closes the server connection (the next use opens a new one).
    void disconnect() { m_connection.reset(); }
    /// Writes a customer owned by owner (this client's agent when empty); returns its id.
    QString addCustomer(const QString &name, const QString &owner = {});
    /// A text value from the local cache.
    QString value(const QString &sql, const QVariantList &values = {});
    int outboxCount();
    /// The client's process dies (nothing uncommitted survives) and starts again.
    void restart();

private:
    TestWorkspace m_workspace;
    std::unique_ptr<ChangeWriter> m_writer;
    std::unique_ptr<ServerConnection> m_connection;
    SyncServer &m_server;
    QString m_login;
};

} // namespace Leadline::Test
