#include "statementcache.h"

#include "localstore.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace Leadline {

namespace {

using Statements = QHash<QString, std::shared_ptr<QSqlQuery>>;

// Connection name → its statements. Each connection is used by one thread; the mutex guards
// only the outer map, which threads opening their own connections share.
QMutex mutex;
QHash<QString, std::shared_ptr<Statements>> &connections()
{
    static QHash<QString, std::shared_ptr<Statements>> all;
    return all;
}

} // namespace

QSqlQuery &StatementCache::prepared(const LocalStore &store, const QString &sql)
{
    const QSqlDatabase db = store.database();
    std::shared_ptr<Statements> statements;
    {
        QMutexLocker locker(&mutex);
        auto &slot = connections()[db.connectionName()];
        if (!slot)
            slot = std::make_shared<Statements>();
        statements = slot;
    }
    auto found = statements->find(sql);
    if (found == statements->end()) {
        auto query = std::make_shared<QSqlQuery>(db);
        query->prepare(sql);
        found = statements->insert(sql, std::move(query));
    }
    return *found.value();
}

void StatementCache::forget(const QString &connectionName)
{
    std::shared_ptr<Statements> statements;
    {
        QMutexLocker locker(&mutex);
        statements = connections().take(connectionName);
    }
}

} // namespace Leadline
