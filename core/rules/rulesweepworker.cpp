#include "rulesweepworker.h"

#include "rulerunner.h"

#include "core/storage/changebus.h"
#include "core/storage/localstore.h"

#include <QSqlDriver>

#include <sqlite3.h>

namespace Leadline {

RuleSweepWorker::RuleSweepWorker(QString workspacePath)
    : m_path(std::move(workspacePath))
{
}

RuleSweepWorker::~RuleSweepWorker()
{
    finish();
}

void RuleSweepWorker::sweep()
{
    if (!m_store) {
        auto store = LocalStore::openExisting(m_path); // the window opened (or created) it
        if (!store) {
            emit swept(0, 0, store.message());
            return;
        }
        m_store = std::move(store).value();
        connect(&m_store->changeBus(), &ChangeBus::changed, this, &RuleSweepWorker::workspaceChanged);
        const QVariant handle = m_store->database().driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_connection = *static_cast<sqlite3 *const *>(handle.constData());
        m_runner = std::make_unique<RuleRunner>(*m_store);
        m_runner->setStopFlag(&m_stop);
        m_runner->install();
    }
    auto report = m_runner->sweep();
    if (!report) {
        emit swept(0, 0, report.message());
        return;
    }
    emit swept(report->applied, report->lateMs, QString());
}

void RuleSweepWorker::requestStop()
{
    m_stop = true;
    // sqlite3_interrupt may be called from any thread while the connection is open; finish(),
    // which closes it, runs after this on the sweep thread.
    if (void *connection = m_connection.load())
        sqlite3_interrupt(static_cast<sqlite3 *>(connection));
}

void RuleSweepWorker::finish()
{
    m_connection = nullptr;
    m_runner.reset();
    m_store.reset();
}

} // namespace Leadline
