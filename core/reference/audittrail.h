#pragma once

#include "core/domain/result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// The audit log as a workstation writes it (SPEC §2.9): an append-only entry that goes to the
/// server through the ordinary outbox like any other change. The server sets who (agent_id,
/// login), when (at) and from where (workstation, address) from the sign-in, whatever the
/// workstation claims, and refuses any change to an entry.
///
/// Only what happens on the workstation alone is recorded here: exports (made offline; online
/// the server records them, see ExportClearance), import batches and failed sign-ins.
/// Everything that reaches the server as a change (claim, release, reassign, merge, delete,
/// role, team, user, policy, do-not-call) is recorded by the server itself from the change it
/// applies, so no client can leave it out or forge it; those entries arrive here with the pull.
class AuditTrail final
{
public:
    explicit AuditTrail(LocalStore &store);

    /// The actions a workstation records itself.
    static const QStringList &workstationActions();

    /// Appends an entry: action (one of workstationActions()), the table and row it concerns
    /// (may be empty) and details (e.g. an export's kind, format and row count). Fails without
    /// writing anything for an action the server records itself.
    Status record(const QString &action, const QString &tableName, const QString &rowId,
                  const QJsonObject &detail = {});

private:
    LocalStore &m_store;
};

} // namespace Leadline
