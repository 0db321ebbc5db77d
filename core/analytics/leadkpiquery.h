#pragma once

#include "kpireport.h"
#include "statementcache.h"

#include "core/domain/result.h"

#include <QHash>

#include <optional>

namespace Leadline {

class LocalStore;

/// What one agent did with leads and todos in [startMs, endMs): the customer side of the KPIs.
struct LeadFigures
{
    KpiFigures figures;                 ///< the todo and lead fields filled, calls left empty
    QHash<QString, int> createdBySource; ///< leads created (owned by the agent) per source
    QHash<QString, int> wonBySource;     ///< conversions per source
    QHash<QString, int> enteredByStage;  ///< customers the agent moved into each stage
};

/// Leads owned, created and converted, stage entries, overdue todos and callbacks kept, for one
/// agent. Conversions and stage entries are credited to the agent who changed the stage; leads
/// created to their owner. When [startMs, endMs) is whole days of the rollups' offset (schema step
/// 13), leads owned and created, stage entries and todos are read from the daily rollups, and
/// only the hours of today before now and the customers entered twice from the rows.
class LeadKpiQuery final
{
public:
    explicit LeadKpiQuery(LocalStore &store);

    /// dayOffsetMs: the offset of kpi_days when startMs and endMs are its day boundaries (the
    /// rollups are read), nothing otherwise (the rows are).
    Result<LeadFigures> load(const QString &agentId, qint64 startMs, qint64 endMs, qint64 nowMs,
                             std::optional<qint64> dayOffsetMs = std::nullopt) const;

private:
    Status loadLeads(const QString &agentId, qint64 startMs, qint64 endMs, LeadFigures &out) const;
    Status loadStages(const QString &agentId, qint64 startMs, qint64 endMs, LeadFigures &out) const;
    Status loadTodos(const QString &agentId, qint64 startMs, qint64 endMs, qint64 nowMs,
                     LeadFigures &out) const;
    Status loadRolledUp(const QString &agentId, qint64 startMs, qint64 endMs, qint64 nowMs,
                        qint64 dayOffsetMs, LeadFigures &out) const;
    Status loadWon(const QString &agentId, qint64 startMs, qint64 endMs, LeadFigures &out) const;

    QSqlQuery &run(const QString &sql, const QVariantList &values) const;

    mutable StatementCache m_statements;
};

} // namespace Leadline
