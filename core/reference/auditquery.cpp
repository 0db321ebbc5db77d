#include "auditquery.h"

#include "core/storage/localstore.h"
#include "core/storage/readerror.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

AuditQuery::AuditQuery(const LocalStore &store)
    : m_store(store)
{}

const QStringList &AuditQuery::actions()
{
    static const QStringList all
        = {QStringLiteral("sign_in"), QStringLiteral("sign_in_refused"),
           QStringLiteral("failed_sign_in"), QStringLiteral("export"), QStringLiteral("import"),
           QStringLiteral("delete"),
           QStringLiteral("merge"), QStringLiteral("reassign"), QStringLiteral("claim"),
           QStringLiteral("release"), QStringLiteral("role"), QStringLiteral("team"),
           QStringLiteral("user"), QStringLiteral("policy"), QStringLiteral("dnc"),
           QStringLiteral("rule")};
    return all;
}

Result<QList<AuditEntry>> AuditQuery::find(const AuditFilter &filter) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT id, at, coalesce(agent_id, ''), login, action, table_name, row_id, detail, "
        "workstation, row_version FROM audit_log "
        "WHERE (? = '' OR agent_id = ?) AND (? = '' OR action = ?) "
        "AND (? = 0 OR at >= ?) AND (? = 0 OR at < ?) "
        "ORDER BY at DESC, id DESC LIMIT ?"));
    const QString agent = filter.agentId.isNull() ? QStringLiteral("") : filter.agentId;
    const QString action = filter.action.isNull() ? QStringLiteral("") : filter.action;
    for (const QVariant &value : {QVariant(agent), QVariant(agent), QVariant(action),
                                  QVariant(action), QVariant(filter.fromMs),
                                  QVariant(filter.fromMs), QVariant(filter.toMs),
                                  QVariant(filter.toMs), QVariant(filter.limit)}) {
        query.addBindValue(value);
    }
    if (!query.exec())
        return readError(query, QCoreApplication::translate("Leadline::AuditQuery", "The audit log"));
    QList<AuditEntry> entries;
    while (query.next()) {
        AuditEntry entry;
        entry.id = query.value(0).toString();
        entry.at = query.value(1).toLongLong();
        entry.agentId = query.value(2).toString();
        entry.login = query.value(3).toString();
        entry.action = query.value(4).toString();
        entry.tableName = query.value(5).toString();
        entry.rowId = query.value(6).toString();
        entry.detail = query.value(7).toString();
        entry.workstation = query.value(8).toString();
        entry.pending = query.value(9).toLongLong() == 0;
        entries.append(entry);
    }
    if (query.lastError().isValid())
        return readError(query, QCoreApplication::translate("Leadline::AuditQuery", "The audit log"));
    return entries;
}

} // namespace Leadline
