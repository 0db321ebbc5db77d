#include "agentdrilldown.h"

#include "kpiaccess.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <algorithm>

namespace Leadline {

namespace {

Error failed(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::AgentDrillDown",
                                             "The agent's calls could not be read: %1")
                     .arg(query.lastError().text())};
}

} // namespace

AgentDrillDown::AgentDrillDown(LocalStore &store)
    : m_store(store)
{}

Result<AgentActivity> AgentDrillDown::load(const QString &agentId, const KpiPeriod &period,
                                           int limit) const
{
    if (!period.isValid())
        return Error{QCoreApplication::translate("Leadline::KpiEngine",
                                                 "Choose a period whose start is not after its end."),
                     QStringLiteral("from")};
    auto agents = KpiAccess(m_store).resolve(KpiScope::ofAgent(agentId));
    if (!agents)
        return agents.error();
    if (agents->isEmpty())
        return AgentActivity{};
    AgentActivity out;
    out.agent = agents->first();
    const QTimeZone zone(out.agent.timeZone);

    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT c.id, c.customer_id, COALESCE(m.name, ''), c.started_at, c.duration_s, "
        "COALESCE(d.name, ''), COALESCE(d.is_connect <> 0, 0), COALESCE(m.stage, '') "
        "FROM calls c LEFT JOIN customers m ON m.id = c.customer_id "
        "LEFT JOIN dispositions d ON d.id = c.disposition_id "
        "WHERE c.agent_id = ? AND c.deleted = 0 AND c.started_at >= ? AND c.started_at < ? "
        "ORDER BY c.started_at DESC, c.id"));
    query.addBindValue(out.agent.id);
    query.addBindValue(period.startMs(zone));
    query.addBindValue(period.endMs(zone));
    if (!query.exec())
        return failed(query);
    QHash<QString, qsizetype> customerRows;
    while (query.next()) {
        DrillDownCall call{query.value(0).toString(), query.value(1).toString(),
                           query.value(2).toString(), query.value(3).toLongLong(),
                           query.value(4).toInt(),    query.value(5).toString(),
                           query.value(6).toBool()};
        ++out.totalCalls;
        auto row = customerRows.find(call.customerId);
        if (row == customerRows.end()) {
            row = customerRows.insert(call.customerId, out.customers.size());
            out.customers.append({call.customerId, call.customerName, query.value(7).toString(),
                                  0, 0, call.startedAt});
        }
        DrillDownCustomer &customer = out.customers[*row];
        customer.calls += 1;
        customer.connects += call.connect ? 1 : 0;
        if (out.calls.size() < limit)
            out.calls.append(std::move(call));
    }
    return out;
}

} // namespace Leadline
