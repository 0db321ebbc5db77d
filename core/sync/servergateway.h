#pragma once

#include "core/domain/result.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <functional>

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
    bool resync = false;  ///< the cursor is older than the server's offline window: resync
    QString generation;
    /// Current rows, grouped by table: name → JSON array of row objects.
    QList<QPair<QString, QJsonArray>> tables;
    /// Rows that moved out of the caller's sight: (table, id).
    QList<QPair<QString, QString>> gone;
    SyncCursor next;
    bool more = false;    ///< another page follows
    bool waiting = false; ///< newer changes wait for an older open transaction to end
};

/// One row of a snapshot stream: each column's text as PostgreSQL prints it (COPY text format,
/// unescaped); a null view for SQL NULL. Valid only during the call that receives it.
using SnapshotRow = QList<QByteArrayView>;

/// The sync contract as the client sees it: sync.hello, sync.push and sync.pull, called over
/// the caller's own login so the server's row-level security applies.
class ServerGateway final
{
public:
    explicit ServerGateway(ServerConnection &connection);

    ServerConnection &connection() const { return m_connection; }

    /// Checks that server and client speak the same schema and that the login may sign in; the
    /// Error is the server's message ("server schema 7, this client supports up to 6: please
    /// update Leadline"). clientId names the workstation in the server's audit log.
    Result<ServerHello> hello(const QString &clientId = {});
    /// Applies one batch; returns one result object per mutation, in order.
    Result<QJsonArray> push(const QString &clientId, const QJsonArray &batch);
    Result<PullPage> pull(const SyncCursor &after, int pageSize);
    /// Where a snapshot starts: the server generation and the feed position (seq 0 at the
    /// horizon) from which the feed covers everything the snapshot pages may miss.
    Result<SyncCursor> snapshotStart();
    /// The columns the server has for a synced table.
    Result<QStringList> serverColumns(const QString &table);
    /// Streams the rows of a table the caller may see, in id order after afterId, at most
    /// limit of them, with the given columns in that order (tombstones only when asked), to
    /// onRow; COPY's text format, so no row is parsed twice. After an Error from onRow the
    /// stream is drained and that Error returned. Returns the number of rows streamed.
    Result<int> streamSnapshot(const QString &table, const QStringList &columns,
                               const QString &afterId, int limit, bool withTombstones,
                               const std::function<Status(const SnapshotRow &)> &onRow);
    /// Conflicts this client lost (a later arrival replaced its value), after a log id.
    Result<QJsonArray> lostConflicts(const QString &clientId, qint64 afterId);

private:
    ServerConnection &m_connection;
};

} // namespace Leadline
