// The §7 "my queue refresh" benchmark: one agent with 10,000 open todos spread from ten days
// overdue to twenty days ahead, refreshed through QueueQuery (counts and three sections) beside
// the bare query of its biggest section (the overdue rows, without the customer join).
#include "benchregistry.h"

#include "core/domain/ids.h"
#include "core/storage/localstore.h"
#include "core/queue/queuequery.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int queueTodos = 10000;
constexpr int warmUpRuns = 5;
constexpr qint64 dayMs = 24LL * 3600 * 1000;
const QString benchAgent = QStringLiteral("bench-queue-agent");

int openTodos(LocalStore &store)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral(
        "SELECT COUNT(*) FROM todos WHERE agent_id = ? AND completed_at IS NULL AND deleted = 0"));
    query.addBindValue(benchAgent);
    return query.exec() && query.next() ? query.value(0).toInt() : 0;
}

// Bench fixture data, written straight into the bench workspace (no outbox: it never syncs).
Status seedTodos(LocalStore &store, qint64 nowMs, quint32 seed)
{
    const int missing = queueTodos - openTodos(store);
    if (missing <= 0)
        return {};
    QSqlQuery customers(store.database());
    customers.exec(QStringLiteral("SELECT id FROM customers WHERE deleted = 0 LIMIT 20000"));
    QStringList ids;
    while (customers.next())
        ids.append(customers.value(0).toString());
    QRandomGenerator random(seed);
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery insert(store.database());
    insert.prepare(QStringLiteral("INSERT INTO todos (id, customer_id, agent_id, title, due_at, "
                                  "priority, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (int i = 0; i < missing; ++i) {
        insert.addBindValue(newId());
        insert.addBindValue(ids.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                          : QVariant(ids.at(int(random.bounded(quint32(ids.size()))))));
        insert.addBindValue(benchAgent);
        insert.addBindValue(QStringLiteral("回访 %1").arg(i));
        insert.addBindValue(nowMs - 10 * dayMs + qint64(random.bounded(quint64(30 * dayMs))));
        insert.addBindValue(1 + int(random.bounded(3)));
        insert.addBindValue(nowMs - 30 * dayMs);
        if (!insert.exec())
            return Error{QCoreApplication::translate("Leadline::Cli", "cannot add the benchmark's todos")};
    }
    return transaction.commit();
}

void bareQueue(LocalStore &store, qint64 nowMs)
{
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, title, due_at FROM todos WHERE agent_id = ? "
                                 "AND completed_at IS NULL AND deleted = 0 AND due_at < ? "
                                 "ORDER BY due_at LIMIT ?"));
    query.addBindValue(benchAgent);
    query.addBindValue(nowMs);
    query.addBindValue(QueueQuery::defaultRowsPerSection);
    if (query.exec()) {
        while (query.next()) {
        }
    }
}

Result<BenchSamples> queueRefresh(BenchInput &input)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (auto seeded = seedTodos(input.store, now, input.seed); !seeded)
        return seeded.error();
    const QueueQuery queue(input.store);
    for (int i = 0; i < warmUpRuns; ++i) {
        (void)queue.load(benchAgent, now).value();
        bareQueue(input.store, now);
    }
    BenchSamples samples;
    for (int i = 0; i < input.runs; ++i) {
        samples.appMs.append(timeMs([&] { (void)queue.load(benchAgent, now).value(); }));
        samples.floorMs.append(timeMs([&] { bareQueue(input.store, now); }));
    }
    return samples;
}

const bool registered = BenchRegistry::add({QStringLiteral("queue.refresh"), 20, queueRefresh});

} // namespace

} // namespace Leadline::Cli
