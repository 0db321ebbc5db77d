#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;

/// Agents, teams, dispositions and policies: the reference data every screen looks up.
class ReferenceRepository final
{
public:
    explicit ReferenceRepository(LocalStore &store);

    Result<QString> addTeam(const QString &name, const QString &supervisorId = {});
    Result<QString> addAgent(const Agent &agent);
    QList<Agent> agents() const;
    std::optional<Agent> agent(const QString &id) const;
    /// Agent id → display name, for lists that show owners.
    QHash<QString, QString> agentNames() const;

    /// Active dispositions ordered for display (by sort order, then hotkey). A failed read (a
    /// damaged workspace) is an error, never "no dispositions".
    Result<QList<Disposition>> dispositions() const;
    Result<QString> saveDisposition(const Disposition &disposition);
    /// Inserts the shipped default dispositions when the workspace has none.
    Status ensureDefaultDispositions();

    QString policy(const QString &key, const QString &fallback = {}) const;
    Status setPolicy(const QString &key, const QString &value);

private:
    LocalStore &m_store;
};

} // namespace Leadline
