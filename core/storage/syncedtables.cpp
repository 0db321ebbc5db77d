#include "syncedtables.h"

namespace Leadline {

const QList<SyncedTable> &SyncedTables::all()
{
    static const QList<SyncedTable> tables = {
        {QStringLiteral("teams"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("agents"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("policies"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("dispositions"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("tags"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("articles"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("rules"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("customers"), ConflictPolicy::FieldMerge},
        {QStringLiteral("contacts"), ConflictPolicy::FieldMerge},
        {QStringLiteral("phones"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("customer_tags"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("calls"), ConflictPolicy::InsertOnly},
        {QStringLiteral("notes"), ConflictPolicy::InsertOnly},
        {QStringLiteral("stage_changes"), ConflictPolicy::InsertOnly},
        {QStringLiteral("todos"), ConflictPolicy::TodoCompletion},
        {QStringLiteral("dnc_numbers"), ConflictPolicy::LastWriteWins},
        {QStringLiteral("agent_states"), ConflictPolicy::InsertOnly},
        {QStringLiteral("dial_blocks"), ConflictPolicy::InsertOnly},
        {QStringLiteral("audit_log"), ConflictPolicy::InsertOnly},
        {QStringLiteral("rule_runs"), ConflictPolicy::InsertOnly},
        {QStringLiteral("score_weights"), ConflictPolicy::LastWriteWins},
    };
    return tables;
}

const SyncedTable *SyncedTables::find(const QString &name)
{
    for (const SyncedTable &table : all()) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

bool SyncedTables::isBookkeepingColumn(const QString &column)
{
    return column == QLatin1String("id") || column == QLatin1String("row_version")
           || column == QLatin1String("updated_at") || column == QLatin1String("updated_by")
           || column == QLatin1String("deleted");
}

} // namespace Leadline
