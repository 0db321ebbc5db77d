// The §7 "log a call" benchmark: disposition, note and callback saved in one transaction with
// their outbox entries, beside the same rows written with bare prepared statements.
#include "benchregistry.h"

#include "core/domain/clock.h"
#include "core/domain/ids.h"
#include "core/customers/activityrepository.h"
#include "core/storage/localstore.h"
#include "core/reference/referencerepository.h"
#include "core/telephony/calllogger.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int warmUpRuns = 5;
const QString interested = QStringLiteral("00000000-0000-4000-8000-000000000001"); // 有意向

QStringList pickCustomerIds(LocalStore &store, int count, quint32 seed)
{
    QStringList ids;
    QSqlQuery max(store.database());
    if (!max.exec(QStringLiteral("SELECT max(rowid) FROM customers")) || !max.next())
        return ids;
    const qint64 top = max.value(0).toLongLong();
    if (top <= 0)
        return ids;
    QRandomGenerator random(seed);
    QSqlQuery pick(store.database());
    pick.prepare(QStringLiteral("SELECT id FROM customers WHERE rowid >= ? AND deleted = 0 "
                                "ORDER BY rowid LIMIT 1"));
    for (int attempt = 0; ids.size() < count && attempt < count * 4; ++attempt) {
        pick.addBindValue(1 + qint64(random.bounded(quint64(top))));
        if (pick.exec() && pick.next())
            ids.append(pick.value(0).toString());
    }
    return ids;
}

// The floor: the same six writes (call, customer, todo, three outbox entries) as bare SQL.
bool writeBare(LocalStore &store, const QString &customerId, qint64 now, QStringList &callIds,
               QStringList &todoIds)
{
    QSqlDatabase db = store.database();
    if (!db.transaction())
        return false;
    const QString callId = newId();
    const QString todoId = newId();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO calls(id, customer_id, phone_e164, started_at, duration_s, "
                             "outcome, disposition_id, note, updated_at) VALUES(?,?,?,?,?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(callId), QVariant(customerId), QVariant(QStringLiteral("+8613800138000")),
                              QVariant(now), QVariant(60), QVariant(QStringLiteral("connected")),
                              QVariant(interested), QVariant(QStringLiteral("bench")), QVariant(now)}) {
        q.addBindValue(v);
    }
    bool ok = q.exec();
    q.prepare(QStringLiteral("UPDATE customers SET last_contact_at = ? WHERE id = ?"));
    q.addBindValue(now);
    q.addBindValue(customerId);
    ok = ok && q.exec();
    q.prepare(QStringLiteral("INSERT INTO todos(id, customer_id, title, due_at, created_at) VALUES(?,?,?,?,?)"));
    for (const QVariant &v : {QVariant(todoId), QVariant(customerId), QVariant(QStringLiteral("Call back")),
                              QVariant(now + 3600000), QVariant(now)}) {
        q.addBindValue(v);
    }
    ok = ok && q.exec();
    for (const QString &table : {QStringLiteral("calls"), QStringLiteral("customers"), QStringLiteral("todos")}) {
        q.prepare(QStringLiteral("INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, "
                                 "fields, created_at) VALUES(?,?,?,?,0,'{}',?)"));
        q.addBindValue(newId());
        q.addBindValue(table);
        q.addBindValue(table == QLatin1String("customers") ? customerId : table == QLatin1String("calls") ? callId : todoId);
        q.addBindValue(table == QLatin1String("customers") ? QStringLiteral("update") : QStringLiteral("insert"));
        q.addBindValue(now);
        ok = ok && q.exec();
    }
    callIds.append(callId);
    todoIds.append(todoId);
    return db.commit() && ok;
}

// Removes what the benchmark wrote, so repeated runs leave the demo workspace as it was.
void cleanUp(LocalStore &store, const QStringList &callIds, const QStringList &todoIds, qint64 outboxSeq)
{
    QSqlDatabase db = store.database();
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM calls WHERE id = ?"));
    for (const QString &id : callIds) {
        q.addBindValue(id);
        q.exec();
    }
    q.prepare(QStringLiteral("DELETE FROM todos WHERE id = ?"));
    for (const QString &id : todoIds) {
        q.addBindValue(id);
        q.exec();
    }
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq > ?"));
    q.addBindValue(outboxSeq);
    q.exec();
    db.commit();
}

Result<BenchSamples> runLogCall(BenchInput &input)
{
    LocalStore &store = input.store;
    ActivityRepository activities(store);
    ReferenceRepository reference(store);
    if (auto ensured = reference.ensureDefaultDispositions(); !ensured)
        return ensured.error();
    CallLogger logger(store, activities, reference);
    const QStringList customers = pickCustomerIds(store, warmUpRuns + input.runs, input.seed);
    if (customers.isEmpty())
        return Error{QCoreApplication::translate("Leadline::Cli", "the workspace has no customers")};
    QSqlQuery seq(store.database());
    const qint64 outboxSeq = seq.exec(QStringLiteral("SELECT COALESCE(max(seq), 0) FROM outbox")) && seq.next()
                                 ? seq.value(0).toLongLong()
                                 : 0;
    seq.finish();

    BenchSamples samples;
    QStringList callIds;
    QStringList todoIds;
    Error failure;
    bool failed = false;
    for (int i = 0; i < customers.size() && !failed; ++i) {
        const qint64 now = store.clock().nowMs();
        CallLogEntry entry;
        entry.customerId = customers.at(i);
        entry.phoneE164 = QStringLiteral("+8613800138000");
        entry.startedAt = now - 90000;
        entry.connectedAt = now - 80000;
        entry.endedAt = now - 20000;
        entry.durationSeconds = 60;
        entry.outcome = QStringLiteral("connected");
        entry.dispositionId = interested;
        entry.note = QStringLiteral("客户想要报价，约好明天回电");
        entry.followUpAt = now + 86400000LL;
        const double appMs = timeMs([&] {
            auto logged = logger.log(entry);
            if (!logged) {
                failed = true;
                failure = logged.error();
                return;
            }
            callIds.append(logged->callId);
            todoIds.append(logged->todoId);
        });
        const double floorMs = timeMs([&] { writeBare(store, customers.at(i), now, callIds, todoIds); });
        if (i >= warmUpRuns) {
            samples.appMs.append(appMs);
            samples.floorMs.append(floorMs);
        }
    }
    cleanUp(store, callIds, todoIds, outboxSeq);
    if (failed)
        return failure;
    return samples;
}

const bool registered = BenchRegistry::add({QStringLiteral("log_call"), 5, runLogCall});

} // namespace

} // namespace Leadline::Cli
