#pragma once

#include "syncfixture.h"

#include <QHash>
#include <QString>

#include <memory>

namespace Leadline::Test {

/// A server with a small team world for the role and attack tests:
/// users boss (admin, team HQ), li (supervisor, North), wang and zhao (agents, North),
/// sun (agent, South). Customers: w1, w2, r1, r2, r3, x1 (wang's), z1 (zhao's), s1 (sun's),
/// p1, p2, p3 (the pool). Contacts kw1 (w1), kz1 (z1). On w1: note nw (wang's), note nz and
/// call cz (zhao's, from when he owned it), to-dos tw (wang's), tz and tz2 (zhao's). Tag g1
/// "VIP", disposition d1, policy pc (pool_claim_cap 2).
class RolesWorld final
{
public:
    RolesWorld();

    SyncServer &server() { return m_server; }
    /// The agent id of a login.
    QString id(const QString &login) const { return m_ids.value(login); }
    /// A connection as that user's own login.
    std::unique_ptr<ServerConnection> connect(const QString &login) const;

    QString north; ///< team id of North

private:
    SyncServer m_server;
    QHash<QString, QString> m_ids;
};

} // namespace Leadline::Test
