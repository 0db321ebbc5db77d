#pragma once

#include <QByteArray>
#include <QString>

namespace Leadline {

/// Whose figures are asked for: the signed-in user, one agent, one team, or everyone the user
/// may see. KpiAccess decides whether the user may.
struct KpiScope
{
    enum class Kind { Me, Agent, Team, Everyone };

    Kind kind = Kind::Me;
    QString agent; ///< Kind::Agent: a login or an agent id
    QString team;  ///< Kind::Team: a team name or id

    static KpiScope me() { return {}; }
    static KpiScope ofAgent(const QString &loginOrId) { return {Kind::Agent, loginOrId, {}}; }
    static KpiScope ofTeam(const QString &nameOrId) { return {Kind::Team, {}, nameOrId}; }
    static KpiScope everyone() { return {Kind::Everyone, {}, {}}; }
};

/// An agent whose figures a report holds, with the time zone his team's days follow.
struct ScopedAgent
{
    QString id;
    QString login;
    QString name;
    QString teamId;
    QString teamName;
    QByteArray timeZone; ///< IANA id, e.g. "Asia/Shanghai"
};

} // namespace Leadline
