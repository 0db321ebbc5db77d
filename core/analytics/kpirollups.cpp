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
    const QStringList statements = {
        QStringLiteral("DELETE FROM kpi_call_hours"),
        QStringLiteral("INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, "
                       "effective_s, call_ms) SELECT agent_id, hour, connect, dials, talk_s, "
                       "effective_s, call_ms FROM kpi_call_hours_recomputed"),
        QStringLiteral("DELETE FROM kpi_state_hours"),
        QStringLiteral("INSERT INTO kpi_state_hours (agent_id, hour, state, ms) "
                       "SELECT agent_id, hour, state, ms FROM kpi_state_hours_recomputed"),
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

Result<int> KpiRollups::differences(LocalStore &store)
{
    // Both directions of the symmetric difference, zero rows of the rollups left out.
    const QString calls = QStringLiteral(
        "SELECT agent_id, hour, connect, dials, talk_s, effective_s, call_ms FROM kpi_call_hours "
        "WHERE dials <> 0 OR talk_s <> 0 OR effective_s <> 0 OR call_ms <> 0");
    const QString callsFresh = QStringLiteral(
        "SELECT agent_id, hour, connect, dials, talk_s, effective_s, call_ms "
        "FROM kpi_call_hours_recomputed");
    const QString states = QStringLiteral(
        "SELECT agent_id, hour, state, ms FROM kpi_state_hours WHERE ms <> 0");
    const QString statesFresh = QStringLiteral(
        "SELECT agent_id, hour, state, ms FROM kpi_state_hours_recomputed WHERE ms <> 0");
    int total = 0;
    QSqlQuery query(store.database());
    for (const auto &[a, b] : {std::pair{calls, callsFresh}, std::pair{callsFresh, calls},
                               std::pair{states, statesFresh}, std::pair{statesFresh, states}}) {
        if (!query.exec(QStringLiteral("SELECT count(*) FROM (%1 EXCEPT %2)").arg(a, b)))
            return failed(query);
        if (query.next())
            total += query.value(0).toInt();
    }
    return total;
}

} // namespace Leadline
