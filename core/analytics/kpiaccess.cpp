#include "kpiaccess.h"

#include "core/reference/referencerepository.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::KpiAccess", text);
}

bool isAgentRole(const QString &role)
{
    return role == QLatin1String("agent");
}

} // namespace

KpiAccess::KpiAccess(LocalStore &store)
    : m_store(store)
{}

QByteArray KpiAccess::timeZone(const QString &teamId) const
{
    const ReferenceRepository reference(m_store);
    // A policy that cannot be read gives the default zone here; the KPI reads that follow fail
    // on the same workspace and say so.
    const auto teamZone = teamId.isEmpty()
                              ? Result<QString>(QString())
                              : reference.policy(QStringLiteral("time_zone.") + teamId);
    QString zone = teamZone ? *teamZone : QString();
    if (zone.trimmed().isEmpty()) {
        const auto everyone = reference.policy(QStringLiteral("time_zone"));
        zone = everyone ? *everyone : QString();
    }
    const QByteArray id = zone.trimmed().toUtf8();
    if (!id.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id))
        return id;
    return QByteArrayLiteral("Asia/Shanghai");
}

Result<QList<KpiAccess::Person>> KpiAccess::people() const
{
    QList<Person> out;
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    const bool read = query.exec(QStringLiteral(
        "SELECT a.id, a.login, a.name, COALESCE(a.team_id, ''), COALESCE(t.name, ''), a.role "
        "FROM agents a LEFT JOIN teams t ON t.id = a.team_id AND t.deleted = 0 "
        "WHERE a.deleted = 0 ORDER BY a.name, a.login"));
    if (!read)
        return readError(query, QCoreApplication::translate("Leadline::KpiAccess", "The people"));
    QHash<QString, QByteArray> zones;
    while (query.next()) {
        Person person;
        person.agent.id = query.value(0).toString();
        person.agent.login = query.value(1).toString();
        person.agent.name = query.value(2).toString();
        person.agent.teamId = query.value(3).toString();
        person.agent.teamName = query.value(4).toString();
        person.role = query.value(5).toString();
        out.append(person);
    }
    if (query.lastError().isValid())
        return readError(query, QCoreApplication::translate("Leadline::KpiAccess", "The people"));
    for (Person &person : out) {
        auto zone = zones.find(person.agent.teamId);
        if (zone == zones.end())
            zone = zones.insert(person.agent.teamId, timeZone(person.agent.teamId));
        person.agent.timeZone = *zone;
    }
    return out;
}

QStringList KpiAccess::supervisedTeams(const Person &supervisor) const
{
    QStringList teams;
    if (!supervisor.agent.teamId.isEmpty())
        teams.append(supervisor.agent.teamId);
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id FROM teams WHERE supervisor_id = ? AND deleted = 0"));
    query.addBindValue(supervisor.agent.id);
    if (query.exec()) {
        while (query.next()) {
            if (!teams.contains(query.value(0).toString()))
                teams.append(query.value(0).toString());
        }
    }
    return teams;
}

Result<QList<ScopedAgent>> KpiAccess::resolve(const KpiScope &scope) const
{
    const auto people = this->people();
    if (!people)
        return people.error();
    const QList<Person> &everybody = *people;
    const QString meId = m_store.currentAgentId();
    const Person *me = nullptr;
    for (const Person &person : everybody) {
        if (person.agent.id == meId)
            me = &person;
    }
    if (!me)
        return Error{tr("Nobody is signed in to this workspace, so there are no figures to show. "
                        "Sign in first.")};
    const bool admin = me->role == QLatin1String("admin");
    const bool supervisor = me->role == QLatin1String("supervisor");
    const QStringList teams = supervisor ? supervisedTeams(*me) : QStringList();
    const auto maySee = [&](const Person &person) {
        return person.agent.id == me->agent.id || admin
               || (supervisor && teams.contains(person.agent.teamId));
    };

    QList<ScopedAgent> out;
    switch (scope.kind) {
    case KpiScope::Kind::Me:
        out.append(me->agent);
        return out;
    case KpiScope::Kind::Agent:
        for (const Person &person : everybody) {
            if (person.agent.login != scope.agent && person.agent.id != scope.agent)
                continue;
            if (!maySee(person) && supervisor)
                return Error{tr("%1 is not in a team you supervise: you may see only your "
                                "teams' figures.").arg(person.agent.name),
                             QStringLiteral("agent")};
            if (!maySee(person))
                return Error{tr("Agents may see only their own figures, not those of %1.")
                                 .arg(person.agent.name),
                             QStringLiteral("agent")};
            out.append(person.agent);
            return out;
        }
        return Error{tr("There is no agent \"%1\".").arg(scope.agent), QStringLiteral("agent")};
    case KpiScope::Kind::Team: {
        QString teamId;
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral("SELECT id FROM teams WHERE (name = ? OR id = ?) AND deleted = 0"));
        query.addBindValue(scope.team);
        query.addBindValue(scope.team);
        if (query.exec() && query.next())
            teamId = query.value(0).toString();
        if (teamId.isEmpty())
            return Error{tr("There is no team \"%1\".").arg(scope.team), QStringLiteral("team")};
        if (!admin && !teams.contains(teamId))
            return Error{tr("Only the team's supervisors and admins may see the figures of team "
                            "\"%1\".").arg(scope.team),
                         QStringLiteral("team")};
        for (const Person &person : everybody) {
            if (person.agent.teamId == teamId && isAgentRole(person.role))
                out.append(person.agent);
        }
        return out;
    }
    case KpiScope::Kind::Everyone:
        if (!admin && !supervisor) {
            out.append(me->agent);
            return out;
        }
        for (const Person &person : everybody) {
            if (isAgentRole(person.role) && maySee(person))
                out.append(person.agent);
        }
        return out;
    }
    return out;
}

Result<QList<std::pair<QString, QString>>> KpiAccess::visibleTeams() const
{
    QList<std::pair<QString, QString>> out;
    const QString meId = m_store.currentAgentId();
    const auto everybody = people();
    if (!everybody)
        return everybody.error();
    for (const Person &person : *everybody) {
        if (person.agent.id != meId)
            continue;
        const bool admin = person.role == QLatin1String("admin");
        if (!admin && person.role != QLatin1String("supervisor"))
            return out;
        const QStringList teams = supervisedTeams(person);
        QSqlQuery query(m_store.database());
        if (!query.exec(QStringLiteral("SELECT id, name FROM teams WHERE deleted = 0 ORDER BY name")))
            return readError(query, QCoreApplication::translate("Leadline::KpiAccess", "The teams"));
        while (query.next()) {
            if (admin || teams.contains(query.value(0).toString()))
                out.append({query.value(0).toString(), query.value(1).toString()});
        }
    }
    return out;
}

} // namespace Leadline
