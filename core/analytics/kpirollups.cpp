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
    const QString columns = QStringLiteral("dials, connects, talk_s, effective_s, call_ms, "
                                           "ready_ms, not_ready_ms, on_call_ms, wrap_up_ms");
    const QStringList statements = {
        QStringLiteral("DELETE FROM kpi_days"),
        QStringLiteral("INSERT INTO kpi_days (agent_id, day, %1) SELECT agent_id, day, %1 "
                       "FROM kpi_days_recomputed").arg(columns),
        QStringLiteral("DELETE FROM kpi_hours"),
        QStringLiteral("INSERT INTO kpi_hours (agent_id, hour, %1) SELECT agent_id, hour, %1 "
                       "FROM kpi_hours_recomputed").arg(columns),
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement))
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
    const QString columns = QStringLiteral(
        "agent_id, %1, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, "
        "on_call_ms, wrap_up_ms");
    const QString nonZero = QStringLiteral(
        "dials <> 0 OR connects <> 0 OR talk_s <> 0 OR effective_s <> 0 OR call_ms <> 0 "
        "OR ready_ms <> 0 OR not_ready_ms <> 0 OR on_call_ms <> 0 OR wrap_up_ms <> 0");
    int total = 0;
    QSqlQuery query(store.database());
    for (const auto &[table, key] : {std::pair{QStringLiteral("kpi_days"), QStringLiteral("day")},
                                     std::pair{QStringLiteral("kpi_hours"), QStringLiteral("hour")}}) {
        const QString kept = QStringLiteral("SELECT %1 FROM %2 WHERE %3")
                                 .arg(columns.arg(key), table, nonZero);
        const QString fresh = QStringLiteral("SELECT %1 FROM %2_recomputed WHERE %3")
                                  .arg(columns.arg(key), table, nonZero);
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
