#include "customersearchworker.h"

#include "core/storage/localstore.h"
#include "core/storage/sqlitehandle.h"

namespace Leadline {

CustomerSearchWorker::CustomerSearchWorker(QString path, const Clock *clock,
                                           const std::atomic<quint64> *latest)
    : m_path(std::move(path))
    , m_clock(clock)
    , m_latest(latest)
{}

CustomerSearchWorker::~CustomerSearchWorker() = default;

void CustomerSearchWorker::run(const CustomerSearchRequest &request)
{
    if (request.generation < m_latest->load())
        return; // the agent typed on; a newer request follows
    if (!m_store) {
        auto opened = LocalStore::openExisting(m_path);
        if (!opened) {
            emit pageFailed(request.generation, opened.message());
            return;
        }
        m_store = std::move(opened).value();
        m_store->setClock(m_clock);
        m_connection = sqliteHandle(m_store->database());
    }
    const CustomerSearch search(*m_store);
    // Runs a read; false when it failed, or was interrupted because a newer request came.
    // A read interrupted while its request is still the newest (the interrupt was meant for
    // the one before) runs again.
    const auto attempt = [&](auto read, auto &result) {
        for (;;) {
            const quint64 interrupts = m_interrupts.load();
            result = read();
            if (result.ok())
                return true;
            if (request.generation < m_latest->load())
                return false;
            if (m_interrupts.load() == interrupts) {
                emit pageFailed(request.generation, result.message());
                return false;
            }
        }
    };
    Result<QList<CustomerHit>> hits = QList<CustomerHit>();
    if (!attempt([&] { return search.search(request.text, request.filter, request.limit,
                                            request.offset, request.sort); },
                 hits)) {
        return;
    }
    const bool wholeAnswer = hits->size() < request.limit && request.offset == 0;
    if (request.countCap <= 0 || wholeAnswer) {
        emit pageReady(request.generation, request.offset, *hits,
                       request.countCap > 0 ? int(hits->size()) : -1);
        return;
    }
    // The rows go first, to be painted while the matches are counted.
    emit pageReady(request.generation, request.offset, *hits, -1);
    if (request.generation < m_latest->load())
        return; // typed on meanwhile: the newer request needs the thread more than this count
    Result<int> counted = 0;
    if (!attempt([&] { return search.count(request.text, request.filter, request.countCap); },
                 counted)) {
        return;
    }
    emit countReady(request.generation, *counted);
}

void CustomerSearchWorker::interrupt()
{
    // sqlite3_interrupt may be called from any thread while the connection is open; the
    // connection closes on the worker's thread only when the model that calls this is gone.
    if (void *connection = m_connection.load()) {
        ++m_interrupts;
        sqlite3_interrupt(static_cast<sqlite3 *>(connection));
    }
}

} // namespace Leadline
