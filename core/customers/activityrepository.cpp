#include "activityrepository.h"

#include "core/storage/changewriter.h"
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

ActivityRepository::ActivityRepository(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
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
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    emit activityAdded(call.customerId);
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
    if (id)
        emit activityAdded(note.customerId);
    return id;
}

Result<QString> ActivityRepository::addTodo(Todo todo)
{
    if (todo.title.trimmed().isEmpty())
        return Error{tr("The task needs a title."), QStringLiteral("title")};
    if (todo.dueAt == 0)
        return Error{tr("The task needs a due time."), QStringLiteral("due_at")};
    QVariantMap row = {
        {QStringLiteral("customer_id"), textOrNull(todo.customerId)},
        {QStringLiteral("agent_id"), todo.agentId.isEmpty() ? m_store.currentAgentId() : todo.agentId},
        {QStringLiteral("kind"), todo.kind},
        {QStringLiteral("title"), todo.title.trimmed()},
        {QStringLiteral("due_at"), todo.dueAt},
        {QStringLiteral("priority"), todo.priority},
        {QStringLiteral("completed_at"), optionalValue(todo.completedAt)},
        {QStringLiteral("created_at"), todo.createdAt ? todo.createdAt : m_store.clock().nowMs()},
        {QStringLiteral("created_by_rule"), textOrNull(todo.createdByRule)}};
    if (!todo.id.isEmpty())
        row.insert(QStringLiteral("id"), todo.id);
    auto id = ChangeWriter(m_store).insert(QStringLiteral("todos"), row);
    if (id) {
        if (!todo.customerId.isEmpty())
            emit activityAdded(todo.customerId);
        emit todosChanged();
    }
    return id;
}

Status ActivityRepository::completeTodo(const QString &todoId)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT completed_at, customer_id FROM todos WHERE id = ? AND deleted = 0"));
    query.addBindValue(todoId);
    if (!query.exec() || !query.next())
        return Error{tr("The task no longer exists.")};
    if (!query.value(0).isNull())
        return {};
    const QString customerId = query.value(1).toString();
    query.finish();
    auto done = ChangeWriter(m_store).update(QStringLiteral("todos"), todoId,
                                             {{QStringLiteral("completed_at"), m_store.clock().nowMs()}});
    if (done) {
        if (!customerId.isEmpty())
            emit activityAdded(customerId);
        emit todosChanged();
    }
    return done;
}

Status ActivityRepository::rescheduleTodo(const QString &todoId, qint64 dueAt)
{
    auto moved = ChangeWriter(m_store).update(QStringLiteral("todos"), todoId,
                                              {{QStringLiteral("due_at"), dueAt}});
    if (moved)
        emit todosChanged();
    return moved;
}

Status ActivityRepository::reassignTodo(const QString &todoId, const QString &agentId)
{
    auto moved = ChangeWriter(m_store).update(QStringLiteral("todos"), todoId,
                                              {{QStringLiteral("agent_id"), agentId}});
    if (moved)
        emit todosChanged();
    return moved;
}

} // namespace Leadline
