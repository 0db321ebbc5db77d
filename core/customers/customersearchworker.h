#pragma once

#include "customersearch.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace Leadline {

class Clock;
class LocalStore;


/// One page of a customer search asked of the worker.
struct CustomerSearchRequest
{
    quint64 generation = 0; ///< the model's query number; older answers are stale
    QString text;
    CustomerFilter filter;
    CustomerSort sort;
    int offset = 0;
    int limit = 0;
    int countCap = 0;       ///< > 0: also count matches, up to cap + 1
};

/// Runs customer searches on its own thread with its own connection to the workspace, so a
/// search over a million customers never blocks the window. Requests that a newer one has
/// replaced before they start are skipped, and one running when a newer one comes is
/// interrupted (interrupt()).
class CustomerSearchWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerSearchWorker)

public:
    /// latest points at the model's newest generation (read before each request starts).
    CustomerSearchWorker(QString path, const Clock *clock, const std::atomic<quint64> *latest);
    ~CustomerSearchWorker() override;

    /// Runs one request (call on the worker's thread).
    void run(const CustomerSearchRequest &request);
    /// Stops the query running now, if any (any thread): a newer request replaced it. A request
    /// still the newest that this catches on its way is run again.
    void interrupt();

signals:
    /// A page is ready; total is -1 when it is not known yet: a request that counts then
    /// sends countReady (the rows are shown without waiting for the count).
    void pageReady(quint64 generation, int offset, const QList<Leadline::CustomerHit> &hits,
                   int total);
    /// The number of matches (up to cap + 1) of a request whose page came without it.
    void countReady(quint64 generation, int total);
    /// The search could not read the workspace: nothing is shown as if it were the answer.
    void pageFailed(quint64 generation, const QString &message);

private:
    QString m_path;
    const Clock *m_clock;
    const std::atomic<quint64> *m_latest;
    std::unique_ptr<LocalStore> m_store;
    std::atomic<void *> m_connection{nullptr}; ///< m_store's sqlite3 handle, for interrupt()
    std::atomic<quint64> m_interrupts{0};
};

} // namespace Leadline
