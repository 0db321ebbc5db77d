#include "testworkspace.h"

#include <QFile>
#include <QSqlQuery>

#include <stdexcept>

namespace Leadline::Test {

namespace {

// A workspace migrated once per test process, without its client id: every test workspace is a
// copy of it and gets an id of its own when it opens (hundreds of sync clients a run).
QString migratedTemplate()
{
    static QTemporaryDir folder;
    static const QString path = [] {
        const QString file = folder.filePath(QStringLiteral("template.leadline"));
        {
            auto opened = LocalStore::open(file);
            if (!opened)
                throw std::runtime_error(opened.message().toStdString());
            QSqlQuery query((*opened)->database());
            if (!query.exec(QStringLiteral("DELETE FROM sync_state WHERE key = 'client_id'")))
                throw std::runtime_error("cannot prepare the template workspace");
        } // closed: the log is folded into the file
        return file;
    }();
    return path;
}

// A test workspace's commits skip the flush to disk (PRAGMA synchronous=OFF). That risks only a
// power cut: a process that dies, as restart() simulates, keeps every commit (WAL mode, the pages
// are in the operating system's cache). The suite would otherwise spend most of its time waiting
// on fdatasync. reopen() keeps the workspace's own setting.
void skipFlushes(LocalStore &store)
{
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral("PRAGMA synchronous=OFF")))
        throw std::runtime_error("cannot set up the test workspace");
}

} // namespace

TestWorkspace::TestWorkspace()
{
    if (!QFile::copy(migratedTemplate(), path()))
        throw std::runtime_error("cannot copy the template workspace");
    auto opened = LocalStore::open(path());
    if (!opened)
        throw std::runtime_error(opened.message().toStdString());
    m_store = std::move(opened).value();
    skipFlushes(*m_store);
    m_store->setClock(&m_clock);
    m_store->setCurrentAgentId(QStringLiteral("agent-me"));
}

void TestWorkspace::restart()
{
    m_store.reset();
    auto opened = LocalStore::open(path());
    if (!opened)
        throw std::runtime_error(opened.message().toStdString());
    m_store = std::move(opened).value();
    skipFlushes(*m_store);
    m_store->setClock(&m_clock);
}

std::unique_ptr<LocalStore> TestWorkspace::reopen() const
{
    auto opened = LocalStore::open(path());
    if (!opened)
        throw std::runtime_error(opened.message().toStdString());
    return std::move(opened).value();
}

int TestWorkspace::rowCount(const QString &table, const QString &where) const
{
    QSqlQuery query(m_store->database());
    query.exec(QStringLiteral("SELECT COUNT(*) FROM %1 %2")
                   .arg(table, where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where));
    return query.next() ? query.value(0).toInt() : -1;
}

} // namespace Leadline::Test
