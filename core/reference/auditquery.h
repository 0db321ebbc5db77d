#pragma once

#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace Leadline {

class LocalStore;

/// One entry of the audit log as the workspace holds it.
struct AuditEntry
{
    QString id;
    qint64 at = 0;       ///< ms since the epoch, the server's time once synced
    QString agentId;     ///< who (the server's word once synced)
    QString login;       ///< the server login (empty until the server's copy arrived)
    QString action;      ///< sign_in, export, claim, reassign, merge, delete, role, policy...
    QString tableName;   ///< the table of the record it concerns (may be empty)
    QString rowId;       ///< the record it concerns (may be empty)
    QString detail;      ///< JSON object text, e.g. {"from": ..., "to": ...}
    QString workstation; ///< the client id of the workstation it came from
    bool pending = false; ///< written here and not yet confirmed by the server
};

/// What the audit view asks for; empty fields do not filter. fromMs and toMs bound the time
/// (from inclusive, to exclusive; 0 for open).
struct AuditFilter
{
    QString agentId;
    QString action;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int limit = 2000;
};

/// Reads the audit log for the audit view, newest first. The workspace holds what the server
/// lets this user read (supervisors their team's entries, admins everyone's, agents their own).
class AuditQuery final
{
public:
    explicit AuditQuery(const LocalStore &store);

    /// The entries matching the filter, newest first, at most filter.limit.
    Result<QList<AuditEntry>> find(const AuditFilter &filter) const;
    /// Every action the log knows, in a stable order (for the action filter).
    static const QStringList &actions();

private:
    const LocalStore &m_store;
};

} // namespace Leadline
