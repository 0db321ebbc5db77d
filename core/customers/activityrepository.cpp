#include "activityrepository.h"

#include "core/storage/changewriter.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

#include <QSqlQuery>

namespace Leadline {

namespace {

QVariant optionalValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace

ActivityRepository::ActivityRepository(LocalStore &store)
    : m_store(store)
{}

Result<QString> ActivityRepository::logCall(Call call)
{
    if (call.customerId.isEmpty())
        return Error{tr("A call must belong to a customer.")};
    if (call.agentId.isEmpty())
        call.agentId = m_store.currentAgentId();
    if (call.startedAt == 0)
        call.startedAt = m_store.clock().nowMs();

    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    QVariantMap row = {{QStringLiteral("customer_id"), call.customerId},
                       {QStringLiteral("contact_id"), textOrNull(call.contactId)},
                       {QStringLiteral("phone_e164"), call.phoneE164},
                       {QStringLiteral("agent_id"), textOrNull(call.agentId)},
                       {QStringLiteral("direction"), call.direction},
                       {QStringLiteral("started_at"), call.startedAt},
                       {QStringLiteral("connected_at"), optionalValue(call.connectedAt)},
                       {QStringLiteral("ended_at"), optionalValue(call.endedAt)},
                       {QStringLiteral("duration_s"), call.durationSeconds},
                       {QStringLiteral("outcome"), call.outcome},
                       {QStringLiteral("disposition_id"), textOrNull(call.dispositionId)},
                       {QStringLiteral("note"), call.note},
                       {QStringLiteral("recording_url"), call.recordingUrl}};
    if (!call.id.isEmpty())
        row.insert(QStringLiteral("id"), call.id);
    auto id = writer.insert(QStringLiteral("calls"), row);
    if (!id)
        return id.error();
    const qint64 contactTime = call.endedAt.value_or(call.startedAt);
    if (auto touched = writer.update(QStringLiteral("customers"), call.customerId,
                                     {{QStringLiteral("last_contact_at"), contactTime}});
        !touched) {
        return touched.error();
    }
    if (DomainEvents::sink(m_store)) {
        QString disposition;
        QSqlQuery name(m_store.database());
        name.prepare(QStringLiteral("SELECT name FROM dispositions WHERE id = ?"));
        name.addBindValue(call.dispositionId);
        if (!call.dispositionId.isEmpty() && name.exec() && name.next())
            disposition = name.value(0).toString();
        DomainEvents::announce(m_store, DomainEvent{QStringLiteral("call_logged"), call.customerId, {},
                                     disposition, *id});
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return *id;
}

Result<QString> ActivityRepository::addNote(Note note)
{
    if (note.body.trimmed().isEmpty())
        return Error{tr("The note is empty."), QStringLiteral("body")};
    auto id = ChangeWriter(m_store).insert(
        QStringLiteral("notes"),
        {{QStringLiteral("customer_id"), note.customerId},
         {QStringLiteral("agent_id"), note.agentId.isEmpty() ? m_store.currentAgentId() : note.agentId},
         {QStringLiteral("body"), note.body.trimmed()},
         {QStringLiteral("created_at"), note.createdAt ? note.createdAt : m_store.clock().nowMs()}});
    return id;
}

} // namespace Leadline
