#include "kpirollups.h"

#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const QString pausedKey = QStringLiteral("kpi_rollups_paused");

Error failed(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::KpiRollups",
                                             "The KPI rollups could not be rebuilt: %1")
                     .arg(query.lastError().text())};
}

struct Rollup
{
    QString table;    ///< its recomputation is the view <table>_recomputed
    QStringList keys;
    QStringList sums;
};

// Schema steps 9 (calls and agent states), 13 (leads, stage changes and todos) and 17 (16-day
// blocks of the leads and stage changes).
const QList<Rollup> &rollups()
{
    static const QStringList callSums = {
        QStringLiteral("dials"), QStringLiteral("connects"), QStringLiteral("talk_s"),
        QStringLiteral("effective_s"), QStringLiteral("call_ms"), QStringLiteral("ready_ms"),
        QStringLiteral("not_ready_ms"), QStringLiteral("on_call_ms"), QStringLiteral("wrap_up_ms")};
    static const QList<Rollup> all = {
        {QStringLiteral("kpi_days"), {QStringLiteral("agent_id"), QStringLiteral("day")}, callSums},
        {QStringLiteral("kpi_hours"), {QStringLiteral("agent_id"), QStringLiteral("hour")}, callSums},
        {QStringLiteral("kpi_owned"), {QStringLiteral("agent_id")}, {QStringLiteral("owned")}},
        {QStringLiteral("kpi_source_days"),
         {QStringLiteral("agent_id"), QStringLiteral("day"), QStringLiteral("source")},
         {QStringLiteral("created")}},
        {QStringLiteral("kpi_stage_days"),
         {QStringLiteral("agent_id"), QStringLiteral("day"), QStringLiteral("stage")},
         {QStringLiteral("entries")}},
        {QStringLiteral("kpi_source_blocks"),
         {QStringLiteral("agent_id"), QStringLiteral("block"), QStringLiteral("source")},
         {QStringLiteral("created")}},
        {QStringLiteral("kpi_stage_blocks"),
         {QStringLiteral("agent_id"), QStringLiteral("block"), QStringLiteral("stage")},
         {QStringLiteral("entries")}},
        {QStringLiteral("kpi_stage_keys"),
         {QStringLiteral("agent_id"), QStringLiteral("stage"), QStringLiteral("customer_id")},
         {QStringLiteral("entries")}},
        {QStringLiteral("kpi_todo_days"), {QStringLiteral("agent_id"), QStringLiteral("day")},
         {QStringLiteral("callbacks_due"), QStringLiteral("callbacks_kept"),
          QStringLiteral("todos_open")}},
    };
    return all;
}

} // namespace

Status KpiRollups::pause(LocalStore &store)
{
    return store.setStateValue(pausedKey, QStringLiteral("1"));
}

bool KpiRollups::isPaused(const LocalStore &store)
{
    return !store.stateValue(pausedKey).isEmpty();
}

Status KpiRollups::rebuild(LocalStore &store)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(store.database());
    for (const Rollup &rollup : rollups()) {
        const QString columns = (rollup.keys + rollup.sums).join(QStringLiteral(", "));
        if (!query.exec(QStringLiteral("DELETE FROM %1").arg(rollup.table))
            || !query.exec(QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %1_recomputed")
                               .arg(rollup.table, columns)))
            return failed(query);
    }
    query.prepare(QStringLiteral("DELETE FROM sync_state WHERE key = ?"));
    query.addBindValue(pausedKey);
    if (!query.exec())
        return failed(query);
    return transaction.commit();
}

qint64 KpiRollups::dayOffsetMs(const LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("SELECT offset_ms FROM kpi_day_offset")) && query.next())
        return query.value(0).toLongLong();
    return 8 * 3600 * 1000LL;
}

Status KpiRollups::setDayOffset(LocalStore &store, qint64 offsetMs)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("UPDATE kpi_day_offset SET offset_ms = ?"));
    query.addBindValue(offsetMs);
    if (!query.exec())
        return failed(query);
    if (auto rebuilt = rebuild(store); !rebuilt)
        return rebuilt;
    return transaction.commit();
}

Result<int> KpiRollups::differences(LocalStore &store)
{
    // Both directions of the symmetric difference, rows whose sums are all zero left out.
    int total = 0;
    QSqlQuery query(store.database());
    for (const Rollup &rollup : rollups()) {
        const QString columns = (rollup.keys + rollup.sums).join(QStringLiteral(", "));
        const QString nonZero = rollup.sums.join(QStringLiteral(" <> 0 OR ")) + QStringLiteral(" <> 0");
        const QString kept = QStringLiteral("SELECT %1 FROM %2 WHERE %3").arg(columns, rollup.table, nonZero);
        const QString fresh = QStringLiteral("SELECT %1 FROM %2_recomputed WHERE %3")
                                  .arg(columns, rollup.table, nonZero);
        for (const auto &[a, b] : {std::pair{kept, fresh}, std::pair{fresh, kept}}) {
            if (!query.exec(QStringLiteral("SELECT count(*) FROM (%1 EXCEPT %2)").arg(a, b)))
                return failed(query);
            if (query.next())
                total += query.value(0).toInt();
        }
    }
    return total;
}

} // namespace Leadline
