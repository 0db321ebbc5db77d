#include "importworker.h"

#include "tablereader.h"

#include "core/storage/localstore.h"

namespace Leadline {

ImportWorker::ImportWorker(QString workspacePath, const Clock *clock)
    : m_path(std::move(workspacePath))
    , m_clock(clock)
{}

ImportWorker::~ImportWorker() = default;

Result<LocalStore *> ImportWorker::store()
{
    if (!m_store) {
        auto opened = LocalStore::openExisting(m_path);
        if (!opened)
            return opened.error();
        m_store = std::move(opened).value();
        if (m_clock)
            m_store->setClock(m_clock);
    }
    return m_store.get();
}

void ImportWorker::run(const ImportRequest &request)
{
    // A cancel asked for before the run started applies to it; the flag clears when it ends.
    struct ClearCancel
    {
        std::atomic<bool> &flag;
        ~ClearCancel() { flag = false; }
    } clear{m_cancel};
    auto opened = store();
    if (!opened) {
        emit failed(opened.message());
        return;
    }
    auto reader = TableReader::open(request.path, request.sheet, request.encoding);
    if (!reader) {
        emit failed(reader.message());
        return;
    }
    const auto report = Importer(**opened).run(*reader.value(), request.options, [this](int permille) {
        emit progress(permille);
        return !m_cancel.load();
    });
    if (!report) {
        emit failed(report.message());
        return;
    }
    emit finished(*report);
}

void ImportWorker::recall(const QStringList &headers)
{
    auto opened = store();
    const ImportMapping mapping = opened ? ImportMapping::recall(**opened, headers)
                                         : ImportMapping::guess(headers);
    emit mappingRecalled(headers, mapping.fields);
}

} // namespace Leadline
