#include "permissions.h"

#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Permissions", text);
}

bool isManager(Permissions::Role role)
{
    return role == Permissions::Role::Supervisor || role == Permissions::Role::Admin;
}

} // namespace

Permissions::Permissions(const LocalStore &store)
    : m_store(store)
{}

QString Permissions::currentAgentId() const
{
    return m_store.currentAgentId();
}

Permissions Permissions::snapshot() const
{
    Permissions fixed(m_store);
    fixed.m_role = role();
    fixed.m_readOnly = isReadOnly();
    return fixed;
}

bool Permissions::isReadOnly() const
{
    return m_readOnly ? *m_readOnly : WorkspaceCheck::isReadOnly(m_store);
}

Permissions::Role Permissions::role() const
{
    return m_role ? *m_role : roleOf(m_store.currentAgentId());
}

Permissions::Role Permissions::roleOf(const QString &agentId) const
{
    if (agentId.isEmpty())
        return Role::None;
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT role FROM agents WHERE id = ? AND deleted = 0 AND active = 1"));
    query.addBindValue(agentId);
    if (!query.exec() || !query.next())
        return Role::None;
    const QString role = query.value(0).toString();
    if (role == QLatin1String("admin"))
        return Role::Admin;
    if (role == QLatin1String("supervisor"))
        return Role::Supervisor;
    if (role == QLatin1String("agent"))
        return Role::Agent;
    return Role::None;
}

bool Permissions::may(Action action, const QString &recordAgentId) const
{
    const Role me = role();
    if (me == Role::None)
        return false;
    // A read-only workspace file refuses every write: say so before the first edit.
    if (action != Action::SeeFullPhones && action != Action::ViewAudit && isReadOnly())
        return false;
    switch (action) {
    case Action::ClaimLeads:
        return true;
    case Action::CompleteTodo:
        return isManager(me) || recordAgentId.isEmpty() || recordAgentId == currentAgentId();
    case Action::EditActivity:
        return recordAgentId == currentAgentId();
    case Action::SeeFullPhones: {
        if (isManager(me))
            return true;
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT value FROM policies WHERE key = 'mask_phones' AND deleted = 0"));
        return query.exec() && query.next() && query.value(0).toString() == QLatin1String("0");
    }
    case Action::AssignLeads:
    case Action::ReassignTodos:
    case Action::ChangeOwner:
    case Action::MergeCustomers:
    case Action::EditKnowledgeBase:
    case Action::EditDispositions:
    case Action::ViewAudit:
    case Action::EditRules:
    case Action::ImportLeads:
    case Action::ExportData:
        return isManager(me);
    case Action::ManagePolicies:
    case Action::ManageUsers:
        return me == Role::Admin;
    }
    return false;
}

Status Permissions::check(Action action, const QString &recordAgentId) const
{
    if (may(action, recordAgentId))
        return {};
    if (role() != Role::None && isReadOnly())
        return Error{tr("This workspace is read-only: its file or folder may not be written.")};
    if (role() == Role::None)
        return Error{tr("You are not signed in as an active user of this workspace.")};
    switch (action) {
    case Action::ClaimLeads:
        break;
    case Action::AssignLeads:
        return Error{tr("Only supervisors can assign leads from the pool.")};
    case Action::ReassignTodos:
        return Error{tr("Only supervisors can reassign tasks.")};
    case Action::CompleteTodo:
        return Error{tr("Only the task's assignee or a supervisor can change this task.")};
    case Action::EditActivity:
        return Error{tr("Only its author can change this call or note.")};
    case Action::ChangeOwner:
        return Error{tr("Only supervisors can change a customer's owner.")};
    case Action::MergeCustomers:
        return Error{tr("Only supervisors and admins can merge customers.")};
    case Action::EditKnowledgeBase:
        return Error{tr("Only supervisors and admins can change the knowledge base.")};
    case Action::EditDispositions:
        return Error{tr("Only supervisors and admins can change the dispositions.")};
    case Action::EditRules:
        return Error{tr("Only supervisors and admins can change the rules.")};
    case Action::SeeFullPhones:
        return Error{tr("Phone numbers are masked for agents.")};
    case Action::ManagePolicies:
        return Error{tr("Only admins can change policies and the do-not-call list.")};
    case Action::ManageUsers:
        return Error{tr("Only admins can manage users.")};
    case Action::ViewAudit:
        return Error{tr("Only supervisors and admins can read the audit log.")};
    case Action::ImportLeads:
        return Error{tr("Only supervisors and admins can import lead lists.")};
    case Action::ExportData:
        return Error{tr("Only supervisors and admins can export data.")};
    }
    return Error{tr("You may not do this.")};
}

} // namespace Leadline
