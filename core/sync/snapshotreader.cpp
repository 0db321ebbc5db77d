#include "snapshotreader.h"

#include "serverconnection.h"

#include <QCoreApplication>
#include <QThread>

namespace Leadline {

namespace {

constexpr int rowsPerBatch = 2000;
constexpr int batchesAhead = 16;

} // namespace

void SnapshotBatch::append(const SnapshotRow &row)
{
    m_columns = int(row.size());
    for (const QByteArrayView field : row) {
        if (field.isNull()) {
            m_fields.append(0);
            m_fields.append(-1);
        } else {
            m_fields.append(m_bytes.size());
            m_fields.append(field.size());
            m_bytes.append(field);
        }
    }
}

void SnapshotBatch::row(int i, SnapshotRow &out) const
{
    out.resize(m_columns);
    const qsizetype first = qsizetype(i) * m_columns * 2;
    for (int column = 0; column < m_columns; ++column) {
        const qsizetype offset = m_fields.at(first + 2 * column);
        const qsizetype length = m_fields.at(first + 2 * column + 1);
        out[column] = length < 0 ? QByteArrayView()
                                 : QByteArrayView(m_bytes.constData() + offset, length);
    }
}

SnapshotReader::SnapshotReader(const ServerUrl &url, QList<SnapshotTable> tables, int pageSize,
                               bool withTombstones)
    : m_url(url)
    , m_tables(std::move(tables))
    , m_pageSize(pageSize)
    , m_withTombstones(withTombstones)
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->start();
}

SnapshotReader::~SnapshotReader()
{
    {
        QMutexLocker locker(&m_mutex);
        m_cancelled = true;
        m_queue.clear();
        m_changed.wakeAll();
    }
    m_thread->wait();
}

void SnapshotReader::run()
{
    const Status outcome = readAll();
    QMutexLocker locker(&m_mutex);
    if (!outcome && !m_cancelled)
        m_error = outcome.error();
    m_done = true;
    m_changed.wakeAll();
}

Status SnapshotReader::readAll()
{
    auto connection = ServerConnection::open(m_url);
    if (!connection)
        return connection.error();
    ServerGateway gateway(**connection);
    for (int table = 0; table < m_tables.size(); ++table) {
        const SnapshotTable &target = m_tables.at(table);
        const int idColumn = int(target.columns.indexOf(QLatin1String("id")));
        QString after;
        SnapshotBatch batch;
        batch.table = table;
        for (int streamed = m_pageSize; streamed == m_pageSize;) {
            auto page = gateway.streamSnapshot(
                target.name, target.columns, after, m_pageSize, m_withTombstones,
                [&](const SnapshotRow &row) -> Status {
                    batch.append(row);
                    if (batch.rows() == rowsPerBatch) {
                        after = QString::fromUtf8(row.at(idColumn));
                        SnapshotBatch full = std::move(batch);
                        batch = SnapshotBatch();
                        batch.table = table;
                        if (!push(std::move(full)))
                            return Error{QString()}; // cancelled: stop reading
                    }
                    return {};
                });
            if (!page)
                return page.error();
            streamed = *page;
            if (batch.rows() > 0) {
                SnapshotRow last;
                batch.row(batch.rows() - 1, last);
                after = QString::fromUtf8(last.at(idColumn));
            }
        }
        if (batch.rows() > 0 && !push(std::move(batch)))
            return {};
    }
    return {};
}

bool SnapshotReader::push(SnapshotBatch batch)
{
    QMutexLocker locker(&m_mutex);
    while (m_queue.size() >= batchesAhead && !m_cancelled)
        m_changed.wait(&m_mutex);
    if (m_cancelled)
        return false;
    m_queue.append(std::move(batch));
    m_changed.wakeAll();
    return true;
}

Result<SnapshotBatch> SnapshotReader::next()
{
    QMutexLocker locker(&m_mutex);
    while (m_queue.isEmpty() && !m_done)
        m_changed.wait(&m_mutex);
    if (!m_queue.isEmpty()) {
        SnapshotBatch batch = m_queue.takeFirst();
        m_changed.wakeAll();
        return batch;
    }
    if (!m_error.message.isEmpty())
        return m_error;
    return SnapshotBatch();
}

} // namespace Leadline
