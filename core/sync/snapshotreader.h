#pragma once

#include "serverurl.h"
#include "servergateway.h"
#include "core/domain/result.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <QWaitCondition>

#include <memory>

class QThread;

namespace Leadline {

/// What a SnapshotReader reads: a table and the columns wanted, in order.
struct SnapshotTable
{
    QString name;
    QStringList columns;
};

/// A run of rows of one table, packed: every field's bytes in one buffer.
class SnapshotBatch final
{
public:
    int table = -1; ///< index into the reader's tables
    int rows() const { return m_columns > 0 ? int(m_fields.size() / 2 / m_columns) : 0; }
    /// The fields of row i (null views for SQL NULL), valid while the batch lives.
    void row(int i, SnapshotRow &out) const;

private:
    friend class SnapshotReader;
    void append(const SnapshotRow &row);

    int m_columns = 0;
    QByteArray m_bytes;
    QList<qsizetype> m_fields; ///< (offset, length) per field; length -1 for NULL
};

/// Reads the snapshot of several tables on a thread of its own, over a connection of its own,
/// while the caller writes what came before: the server's work and the parsing of its rows run
/// beside the local inserts instead of before them. Rows arrive table by table, in id order.
class SnapshotReader final
{
public:
    SnapshotReader(const ServerUrl &url, QList<SnapshotTable> tables, int pageSize,
                   bool withTombstones);
    ~SnapshotReader();
    SnapshotReader(const SnapshotReader &) = delete;
    SnapshotReader &operator=(const SnapshotReader &) = delete;

    const QList<SnapshotTable> &tables() const { return m_tables; }
    /// The next batch; an empty batch (table -1) once everything is read. Blocks while the
    /// reader is behind. An Error ends the reading.
    Result<SnapshotBatch> next();

private:
    void run();
    Status readAll();
    bool push(SnapshotBatch batch);

    ServerUrl m_url;
    QList<SnapshotTable> m_tables;
    int m_pageSize = 0;
    bool m_withTombstones = false;

    QMutex m_mutex;
    QWaitCondition m_changed;
    QList<SnapshotBatch> m_queue;
    bool m_done = false;
    bool m_cancelled = false;
    Error m_error;
    std::unique_ptr<QThread> m_thread;
};

} // namespace Leadline
