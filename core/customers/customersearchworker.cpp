#include "customersearchworker.h"

#include "core/storage/localstore.h"

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
    }
    const CustomerSearch search(*m_store);
    const auto hits = search.search(request.text, request.filter, request.limit, request.offset,
                                    request.sort);
    if (!hits) {
        emit pageFailed(request.generation, hits.message());
        return;
    }
    if (request.generation < m_latest->load())
        return; // typed on meanwhile: the newer request needs the thread more than this count
    int total = -1;
    if (request.countCap > 0) {
        if (hits->size() < request.limit && request.offset == 0) {
            total = int(hits->size());
        } else {
            const auto counted = search.count(request.text, request.filter, request.countCap);
            if (!counted) {
                emit pageFailed(request.generation, counted.message());
                return;
            }
            total = *counted;
        }
    }
    emit pageReady(request.generation, request.offset, *hits, total);
}

} // namespace Leadline
