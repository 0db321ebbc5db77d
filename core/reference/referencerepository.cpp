#include "referencerepository.h"

#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

ReferenceRepository::ReferenceRepository(LocalStore &store)
    : m_store(store)
{}

Result<QString> ReferenceRepository::addTeam(const QString &name, const QString &supervisorId)
{
    QVariantMap row = {{QStringLiteral("name"), name}};
    if (!supervisorId.isEmpty())
        row.insert(QStringLiteral("supervisor_id"), supervisorId);
    return ChangeWriter(m_store).insert(QStringLiteral("teams"), row);
}

Result<QString> ReferenceRepository::addAgent(const Agent &agent)
{
    QVariantMap row = {{QStringLiteral("login"), agent.login},
                       {QStringLiteral("name"), agent.name},
                       {QStringLiteral("role"), agent.role},
                       {QStringLiteral("active"), agent.active ? 1 : 0}};
    if (!agent.teamId.isEmpty())
        row.insert(QStringLiteral("team_id"), agent.teamId);
    if (!agent.id.isEmpty())
        row.insert(QStringLiteral("id"), agent.id);
    return ChangeWriter(m_store).insert(QStringLiteral("agents"), row);
}

namespace {

Agent agentFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toString(), query.value(5).toBool()};
}

} // namespace

Result<QList<Agent>> ReferenceRepository::agents() const
{
    QList<Agent> out;
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT id, login, name, role, team_id, active FROM agents "
                                   "WHERE deleted = 0 ORDER BY name")))
        return readError(query, QCoreApplication::translate("Leadline::ReferenceRepository",
                                                            "The list of agents"));
    while (query.next())
        out.append(agentFrom(query));
    return out;
}

Result<std::optional<Agent>> ReferenceRepository::agent(const QString &id) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id, login, name, role, team_id, active FROM agents "
                                 "WHERE id = ? AND deleted = 0"));
    query.addBindValue(id);
    if (!query.exec())
        return readError(query, QCoreApplication::translate("Leadline::ReferenceRepository",
                                                            "The list of agents"));
    if (!query.next())
        return std::optional<Agent>();
    return std::optional<Agent>(agentFrom(query));
}

Result<QHash<QString, QString>> ReferenceRepository::agentNames() const
{
    auto all = agents();
    if (!all)
        return all.error();
    QHash<QString, QString> names;
    for (const Agent &a : *all)
        names.insert(a.id, a.name);
    return names;
}

Result<QHash<QString, QString>> ReferenceRepository::teamNames() const
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT id, name FROM teams WHERE deleted = 0")))
        return readError(query, QCoreApplication::translate("Leadline::ReferenceRepository",
                                                            "The list of teams"));
    QHash<QString, QString> names;
    while (query.next())
        names.insert(query.value(0).toString(), query.value(1).toString());
    return names;
}

Result<QList<Disposition>> ReferenceRepository::dispositions() const
{
    QList<Disposition> out;
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral(
            "SELECT id, name, hotkey, is_connect, note_required, callback_required, redial_delay_min, "
            "sort_order, active FROM dispositions WHERE deleted = 0 AND active = 1 "
            "ORDER BY sort_order, hotkey, name"))) {
        return readError(query, QCoreApplication::translate("Leadline::ReferenceRepository",
                                                            "The dispositions"));
    }
    while (query.next()) {
        Disposition d;
        d.id = query.value(0).toString();
        d.name = query.value(1).toString();
        d.hotkey = query.value(2).toInt();
        d.isConnect = query.value(3).toBool();
        d.noteRequired = query.value(4).toBool();
        d.callbackRequired = query.value(5).toBool();
        d.redialDelayMinutes = query.value(6).toInt();
        d.sortOrder = query.value(7).toInt();
        d.active = query.value(8).toBool();
        out.append(d);
    }
    return out;
}

Result<QString> ReferenceRepository::saveDisposition(const Disposition &d)
{
    if (d.name.trimmed().isEmpty())
        return Error{QObject::tr("A disposition needs a name."), QStringLiteral("name")};
    if (d.hotkey < 0 || d.hotkey > 9)
        return Error{QObject::tr("Hotkeys are 1 to 9."), QStringLiteral("hotkey")};
    const QVariantMap fields = {{QStringLiteral("name"), d.name.trimmed()},
                                {QStringLiteral("hotkey"), d.hotkey ? QVariant(d.hotkey) : QVariant()},
                                {QStringLiteral("is_connect"), d.isConnect ? 1 : 0},
                                {QStringLiteral("note_required"), d.noteRequired ? 1 : 0},
                                {QStringLiteral("callback_required"), d.callbackRequired ? 1 : 0},
                                {QStringLiteral("redial_delay_min"), d.redialDelayMinutes},
                                {QStringLiteral("sort_order"), d.sortOrder},
                                {QStringLiteral("active"), d.active ? 1 : 0}};
    ChangeWriter writer(m_store);
    if (!d.id.isEmpty()) {
        QSqlQuery exists(m_store.database());
        exists.prepare(QStringLiteral("SELECT 1 FROM dispositions WHERE id = ?"));
        exists.addBindValue(d.id);
        if (exists.exec() && exists.next()) {
            exists.finish();
            if (auto updated = writer.update(QStringLiteral("dispositions"), d.id, fields); !updated)
                return updated.error();
            return d.id;
        }
    }
    QVariantMap row = fields;
    if (!d.id.isEmpty())
        row.insert(QStringLiteral("id"), d.id);
    return writer.insert(QStringLiteral("dispositions"), row);
}

Status ReferenceRepository::ensureDefaultDispositions()
{
    QSqlQuery count(m_store.database());
    if (count.exec(QStringLiteral("SELECT COUNT(*) FROM dispositions")) && count.next()
        && count.value(0).toInt() > 0) {
        return {};
    }
    count.finish();
    struct Default
    {
        const char *name;
        bool connect;
        bool note;
        bool callback;
        int redial;
    };
    // The shipped set (§2.2); ids are fixed so every workspace and the server agree on them.
    static const Default defaults[] = {
        {"有意向", true, true, true, 0},        {"无意向", true, false, false, 0},
        {"未接通", false, false, false, 120},   {"忙线", false, false, false, 30},
        {"空号/错号", false, false, false, 0},  {"语音信箱", false, false, false, 240},
        {"要求回电", true, false, true, 0},     {"已成交", true, true, false, 0},
    };
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    int order = 0;
    for (const Default &d : defaults) {
        ++order;
        Disposition disposition;
        disposition.id = QStringLiteral("00000000-0000-4000-8000-0000000000%1").arg(order, 2, 10, QLatin1Char('0'));
        disposition.name = QString::fromUtf8(d.name);
        disposition.hotkey = order;
        disposition.isConnect = d.connect;
        disposition.noteRequired = d.note;
        disposition.callbackRequired = d.callback;
        disposition.redialDelayMinutes = d.redial;
        disposition.sortOrder = order;
        if (auto saved = saveDisposition(disposition); !saved)
            return saved.error();
    }
    return transaction.commit();
}

Result<QString> ReferenceRepository::policy(const QString &key, const QString &fallback) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT value FROM policies WHERE key = ? AND deleted = 0"));
    query.addBindValue(key);
    if (!query.exec())
        return readError(query, QCoreApplication::translate("Leadline::ReferenceRepository",
                                                            "The policies"));
    if (query.next())
        return query.value(0).toString();
    return fallback;
}

Status ReferenceRepository::setPolicy(const QString &key, const QString &value)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT id FROM policies WHERE key = ?"));
    query.addBindValue(key);
    ChangeWriter writer(m_store);
    if (query.exec() && query.next()) {
        const QString id = query.value(0).toString();
        query.finish();
        return writer.update(QStringLiteral("policies"), id,
                             {{QStringLiteral("value"), value}, {QStringLiteral("deleted"), 0}});
    }
    auto inserted = writer.insert(QStringLiteral("policies"),
                                  {{QStringLiteral("key"), key}, {QStringLiteral("value"), value}});
    if (!inserted)
        return inserted.error();
    return {};
}

} // namespace Leadline
