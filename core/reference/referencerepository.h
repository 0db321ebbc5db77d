#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;

/// Agents, teams, dispositions and policies: the reference data every screen looks up.
///
/// Every read that fails (a damaged workspace) is an Error, never an empty list or a silent
/// fallback. The writes seed a workspace (the demo generator, benchmarks and tests) and install
/// the shipped dispositions; people change reference data on the server, which refuses the change
/// to anyone but an admin (server/008_write_path.sql), so a local write by someone else never
/// reaches a colleague.
class ReferenceRepository final
{
public:
    explicit ReferenceRepository(LocalStore &store);

    Result<QString> addTeam(const QString &name, const QString &supervisorId = {});
    Result<QString> addAgent(const Agent &agent);
    /// Agents by name, inactive ones included.
    Result<QList<Agent>> agents() const;
    /// The agent, or nullopt when there is none with that id.
    Result<std::optional<Agent>> agent(const QString &id) const;
    /// Agent id → display name, for lists that show owners.
    Result<QHash<QString, QString>> agentNames() const;
    /// Team id → name.
    Result<QHash<QString, QString>> teamNames() const;

    /// Active dispositions ordered for display (by sort order, then hotkey). A failed read (a
    /// damaged workspace) is an error, never "no dispositions".
    Result<QList<Disposition>> dispositions() const;
    Result<QString> saveDisposition(const Disposition &disposition);
    /// Inserts the shipped default dispositions when the workspace has none.
    Status ensureDefaultDispositions();

    /// The policy's value, or `fallback` when the policy is not set.
    Result<QString> policy(const QString &key, const QString &fallback = {}) const;
    Status setPolicy(const QString &key, const QString &value);

private:
    LocalStore &m_store;
};

} // namespace Leadline
