#pragma once

#include "kpiscope.h"

#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace Leadline {

class LocalStore;

/// Who may see whose figures (§2.6): an agent only his own, a supervisor the agents of the teams
/// he supervises or belongs to, an admin everyone. The signed-in user is the workspace's current
/// agent. The server sends each client only what its user may see; this is the check again in
/// core, so that no screen or command can ask for more.
class KpiAccess final
{
public:
    explicit KpiAccess(LocalStore &store);

    /// The agents of scope, each with his team's time zone, or an Error saying why the signed-in
    /// user may not see them.
    Result<QList<ScopedAgent>> resolve(const KpiScope &scope) const;
    /// The teams whose figures the signed-in user may see: (id, name), by name.
    Result<QList<std::pair<QString, QString>>> visibleTeams() const;
    /// The time zone a team's days follow: policy "time_zone.<team id>", else policy
    /// "time_zone", else Asia/Shanghai.
    QByteArray timeZone(const QString &teamId) const;

private:
    struct Person
    {
        ScopedAgent agent;
        QString role;
    };
    Result<QList<Person>> people() const;
    /// Team ids the supervisor may see: the teams he supervises and his own.
    QStringList supervisedTeams(const Person &supervisor) const;

    LocalStore &m_store;
};

} // namespace Leadline
