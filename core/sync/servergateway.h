#pragma once

#include "core/domain/result.h"

#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Leadline {

class ServerConnection;

/// The server's answer to the handshake.
struct ServerHello
{
    int serverSchema = 0;
    QString generation;
    QString agentId; ///< the agent row of the login (empty for a superuser)
    QString role;
};

/// Where a client is in the change feed: the server generation and the last (xid, seq) read.
struct SyncCursor
{
    QString generation;
    QString xid = QStringLiteral("0");
    qint64 seq = 0;
};

/// One page of the change feed.
struct PullPage
{
    bool reset = false;   ///< the server's generation changed: resync from the start
    QString generation;
    /// Current rows, grouped by table: name → JSON array of row objects.
    QList<QPair<QString, QJsonArray>> tables;
    /// Rows that moved out of the caller's sight: (table, id).
    QList<QPair<QString, QString>> gone;
    SyncCursor next;
    bool more = false;    ///< another page follows
    bool waiting = false; ///< newer changes wait for an older open transaction to end
};

/// The sync contract as the client sees it: sync.hello, sync.push and sync.pull, called over
/// the caller's own login so the server's row-level security applies.
class ServerGateway final
{
public:
    explicit ServerGateway(ServerConnection &connection);

    /// Checks that server and client speak the same schema; the Error is the server's message
    /// ("server schema 7, this client supports up to 6: please update Leadline").
    Result<ServerHello> hello();
    /// Applies one batch; returns one result object per mutation, in order.
    Result<QJsonArray> push(const QString &clientId, const QJsonArray &batch);
    Result<PullPage> pull(const SyncCursor &after, int pageSize);
    /// Conflicts this client lost (a later arrival replaced its value), after a log id.
    Result<QJsonArray> lostConflicts(const QString &clientId, qint64 afterId);

private:
    ServerConnection &m_connection;
};

} // namespace Leadline
