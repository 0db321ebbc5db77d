#include "rolesworld.h"

#include <catch2/catch.hpp>

namespace Leadline::Test {

RolesWorld::RolesWorld()
{
    m_ids.insert(
        QStringLiteral("boss"),
        m_server.addUser(QStringLiteral("boss"), QStringLiteral("admin"), QStringLiteral("HQ")));
    m_ids.insert(QStringLiteral("li"),
                 m_server.addUser(QStringLiteral("li"), QStringLiteral("supervisor")));
    m_ids.insert(QStringLiteral("wang"), m_server.addUser(QStringLiteral("wang")));
    m_ids.insert(QStringLiteral("zhao"), m_server.addUser(QStringLiteral("zhao")));
    m_ids.insert(
        QStringLiteral("sun"),
        m_server.addUser(QStringLiteral("sun"), QStringLiteral("agent"), QStringLiteral("South")));
    north = m_server.value(QStringLiteral("SELECT id FROM teams WHERE name = 'North'"));
    const QString wang = id(QStringLiteral("wang"));
    const QString zhao = id(QStringLiteral("zhao"));
    const QString sun = id(QStringLiteral("sun"));
    const QList<QPair<QString, QString>> customers
        = {{QStringLiteral("w1"), wang}, {QStringLiteral("w2"), wang}, {QStringLiteral("r1"), wang},
           {QStringLiteral("r2"), wang}, {QStringLiteral("r3"), wang}, {QStringLiteral("x1"), wang},
           {QStringLiteral("z1"), zhao}, {QStringLiteral("s1"), sun},  {QStringLiteral("p1"), {}},
           {QStringLiteral("p2"), {}},   {QStringLiteral("p3"), {}}};
    for (const auto &[customer, owner] : customers) {
        REQUIRE(m_server.admin().exec(
            QStringLiteral(
                "INSERT INTO customers(id, name, owner_id, created_at) VALUES (?, ?, ?, 1)"),
            {customer, QStringLiteral("Customer ") + customer,
             owner.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(owner)}));
    }
    REQUIRE(m_server.admin().exec(QStringLiteral(
        "INSERT INTO contacts(id, customer_id, name) VALUES ('kw1', 'w1', 'Wang Contact'), "
        "('kz1', 'z1', 'Zhao Contact')")));
    REQUIRE(m_server.admin().exec(
        QStringLiteral("INSERT INTO notes(id, customer_id, agent_id, body, created_at) VALUES "
                       "('nw', 'w1', ?, 'mine', 1), ('nz', 'w1', ?, 'his', 1)"),
        {wang, zhao}));
    REQUIRE(m_server.admin().exec(
        QStringLiteral("INSERT INTO calls(id, customer_id, agent_id, started_at) VALUES "
                       "('cz', 'w1', ?, 1)"),
        {zhao}));
    REQUIRE(m_server.admin().exec(
        QStringLiteral("INSERT INTO todos(id, customer_id, agent_id, title, due_at, created_at) "
                       "VALUES ('tw', 'w1', ?, 'Mine', 5, 1), ('tz', 'w1', ?, 'His', 5, 1), "
                       "('tz2', 'w1', ?, 'His too', 5, 1)"),
        {wang, zhao, zhao}));
    REQUIRE(
        m_server.admin().exec(QStringLiteral("INSERT INTO tags(id, name) VALUES ('g1', 'VIP')")));
    REQUIRE(m_server.admin().exec(
        QStringLiteral("INSERT INTO dispositions(id, name) VALUES ('d1', 'Busy')")));
    REQUIRE(m_server.admin().exec(QStringLiteral(
        "INSERT INTO policies(id, key, value) VALUES ('pc', 'pool_claim_cap', '2')")));
}

std::unique_ptr<ServerConnection> RolesWorld::connect(const QString &login) const
{
    auto connection = ServerConnection::open(m_server.urlFor(login));
    REQUIRE(connection.message() == QString());
    return std::move(connection).value();
}

} // namespace Leadline::Test
