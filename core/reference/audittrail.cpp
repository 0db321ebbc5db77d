#include "audittrail.h"

#include "core/domain/clock.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::AuditTrail", text);
}

} // namespace

AuditTrail::AuditTrail(LocalStore &store)
    : m_store(store)
{}

const QStringList &AuditTrail::workstationActions()
{
    static const QStringList actions = {QStringLiteral("export"), QStringLiteral("import"),
                                        QStringLiteral("failed_sign_in")};
    return actions;
}

Status AuditTrail::record(const QString &action, const QString &tableName, const QString &rowId,
                          const QJsonObject &detail)
{
    if (!workstationActions().contains(action)) {
        return Error{tr("\"%1\" is recorded in the audit log by the server when the change "
                        "reaches it, not by the workstation.")
                         .arg(action)};
    }
    // at, agent_id and workstation are the workstation's best guess until the server's own
    // copy of the entry comes back with the next pull.
    const QVariantMap row = {
        {QStringLiteral("at"), m_store.clock().nowMs()},
        {QStringLiteral("agent_id"), m_store.currentAgentId()},
        {QStringLiteral("action"), action},
        {QStringLiteral("table_name"), tableName},
        {QStringLiteral("row_id"), rowId},
        {QStringLiteral("detail"),
         QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact))},
        {QStringLiteral("workstation"), m_store.clientId()},
    };
    auto written = ChangeWriter(m_store).insert(QStringLiteral("audit_log"), row);
    if (!written)
        return written.error();
    return {};
}

} // namespace Leadline
