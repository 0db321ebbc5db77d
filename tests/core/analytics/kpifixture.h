#pragma once

#include "tests/support/testworkspace.h"
#include "core/domain/ids.h"
#include "core/reference/referencerepository.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

#include <catch2/catch.hpp>

namespace Leadline::Test {

/// A workspace with teams, agents and the shipped dispositions, and helpers that write calls,
/// states, customers, stage changes and todos as bare rows (the way sync applies them).
struct KpiFixture
{
    TestWorkspace workspace;
    ReferenceRepository reference{workspace.store()};
    const QTimeZone shanghai{QByteArrayLiteral("Asia/Shanghai")};

    // Dispositions of the shipped set (ReferenceRepository::ensureDefaultDispositions).
    static QString disposition(int n)
    {
        return QStringLiteral("00000000-0000-4000-8000-0000000000%1").arg(n, 2, 10, QLatin1Char('0'));
    }
    static inline const QString interested = disposition(1); // 有意向, a connect
    static inline const QString notInterested = disposition(2); // 无意向, a connect
    static inline const QString noAnswer = disposition(3);      // 未接通
    static inline const QString busy = disposition(4);          // 忙线
    static inline const QString callBack = disposition(7);      // 要求回电, a connect

    KpiFixture() { REQUIRE(reference.ensureDefaultDispositions()); }

    void exec(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        INFO(sql.toStdString());
        INFO(query.lastError().text().toStdString());
        REQUIRE(query.exec());
    }

    QString addTeam(const QString &name, const QString &supervisorId, const QByteArray &zone = {})
    {
        const QString id = newId();
        exec(QStringLiteral("INSERT INTO teams (id, name, supervisor_id) VALUES (?, ?, ?)"),
             {id, name, supervisorId});
        if (!zone.isEmpty())
            REQUIRE(reference.setPolicy(QStringLiteral("time_zone.") + id, QString::fromUtf8(zone)));
        return id;
    }

    QString addAgent(const QString &login, const QString &role, const QString &teamId)
    {
        const QString id = QStringLiteral("id-") + login;
        exec(QStringLiteral("INSERT INTO agents (id, login, name, role, team_id) VALUES (?, ?, ?, ?, ?)"),
             {id, login, login.toUpper(), role, teamId.isEmpty() ? QVariant() : QVariant(teamId)});
        return id;
    }

    qint64 at(const QDate &day, const QTime &time, const QTimeZone &zone) const
    {
        return QDateTime(day, time, zone).toMSecsSinceEpoch();
    }
    qint64 at(const QDate &day, const QTime &time) const { return at(day, time, shanghai); }

    QString anyCustomer()
    {
        if (m_customer.isEmpty())
            m_customer = addCustomer({}, QStringLiteral("官网"), 0, 0);
        return m_customer;
    }

    /// A call from startedAt lasting callSeconds from dial to hang-up, talking talkSeconds.
    QString addCall(const QString &agentId, qint64 startedAt, int talkSeconds, int callSeconds,
                    const QString &dispositionId, bool deleted = false)
    {
        const QString id = newId();
        exec(QStringLiteral("INSERT INTO calls (id, customer_id, agent_id, started_at, ended_at, "
                            "duration_s, disposition_id, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
             {id, anyCustomer(), agentId, startedAt, startedAt + callSeconds * 1000LL, talkSeconds,
              dispositionId, deleted ? 1 : 0});
        return id;
    }

    void addState(const QString &agentId, const QString &state, qint64 atMs)
    {
        exec(QStringLiteral("INSERT INTO agent_states (id, agent_id, state, at) VALUES (?, ?, ?, ?)"),
             {newId(), agentId, state, atMs});
    }

    QString addCustomer(const QString &ownerId, const QString &source, qint64 createdAt,
                        double amount, bool deleted = false)
    {
        const QString id = newId();
        exec(QStringLiteral("INSERT INTO customers (id, name, source, owner_id, amount, created_at, "
                            "deleted) VALUES (?, ?, ?, ?, ?, ?, ?)"),
             {id, QStringLiteral("客户"), source, ownerId.isEmpty() ? QVariant() : QVariant(ownerId),
              amount, createdAt, deleted ? 1 : 0});
        return id;
    }

    void addStageChange(const QString &customerId, const QString &agentId, const QString &from,
                        const QString &to, qint64 atMs, bool deleted = false)
    {
        exec(QStringLiteral("INSERT INTO stage_changes (id, customer_id, agent_id, kind, from_value, "
                            "to_value, at, deleted) VALUES (?, ?, ?, 'stage', ?, ?, ?, ?)"),
             {newId(), customerId, agentId, from, to, atMs, deleted ? 1 : 0});
    }

    void addTodo(const QString &agentId, const QString &kind, qint64 dueAt,
                 std::optional<qint64> completedAt, bool deleted = false)
    {
        exec(QStringLiteral("INSERT INTO todos (id, agent_id, kind, title, due_at, completed_at, "
                            "created_at, deleted) VALUES (?, ?, ?, 'follow up', ?, ?, ?, ?)"),
             {newId(), agentId, kind, dueAt, completedAt ? QVariant(*completedAt) : QVariant(),
              dueAt - 86400000LL, deleted ? 1 : 0});
    }

    void signIn(const QString &agentId) { workspace.store().setCurrentAgentId(agentId); }

private:
    QString m_customer;
};

} // namespace Leadline::Test
