#pragma once

#include "core/domain/result.h"

#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;

/// The one answer to "may this user do X (to this record)", for every core service and for the
/// UI that hides or disables what the user may not do. The server enforces the same rules on its
/// own; this is the courtesy that explains a refusal before it happens. An unknown, deleted or
/// deactivated user has the least rights: nothing beyond reading.
class Permissions final
{
public:
    enum class Role { None, Agent, Supervisor, Admin };

    enum class Action {
        ClaimLeads,          ///< take a lead from the pool
        AssignLeads,         ///< give pool leads to an agent
        ReassignTodos,       ///< give a todo to another agent
        CompleteTodo,        ///< complete or move a todo (record: its assignee)
        EditActivity,        ///< change a call or note (record: its author)
        ChangeOwner,         ///< change a customer's owner
        MergeCustomers,      ///< merge two customers and undo a merge
        EditKnowledgeBase,   ///< add, change or remove articles
        EditDispositions,    ///< change the disposition list
        EditRules,           ///< author rules and the lead score's weights
        SeeFullPhones,       ///< see phone numbers unmasked
        ManagePolicies,      ///< change policies and the do-not-call list
        ManageUsers,         ///< add, disable and move users
        ViewAudit,           ///< read the audit log of the team (supervisors) or everyone
        ImportLeads,         ///< import lead lists and undo an import batch
        ExportData,          ///< export customers, calls and reports to files
    };

    explicit Permissions(const LocalStore &store);

    /// The same answers from the signed-in user's role and the workspace's writability read
    /// once, now: for a batch of writes (a rules sweep) that checks each of its records. A role
    /// changed meanwhile is seen by the next batch.
    Permissions snapshot() const;

    /// The role of the workspace's signed-in user (None when unknown or inactive).
    Role role() const;
    /// The role of any agent (None when unknown, deleted or inactive).
    Role roleOf(const QString &agentId) const;
    /// The signed-in user's agent id.
    QString currentAgentId() const;

    /// May the signed-in user do this; recordAgentId is the record's assignee or author for
    /// CompleteTodo and EditActivity.
    bool may(Action action, const QString &recordAgentId = {}) const;
    /// The same, as a Status whose error says why not in the user's language.
    Status check(Action action, const QString &recordAgentId = {}) const;

private:
    bool isReadOnly() const;

    const LocalStore &m_store;
    std::optional<Role> m_role;
    std::optional<bool> m_readOnly;
};

} // namespace Leadline
