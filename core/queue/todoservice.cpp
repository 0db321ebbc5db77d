#include "todoservice.h"

#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

#include <QDateTime>

#include <limits>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

constexpr qint64 minuteMs = 60 * 1000;

QVariant optionalValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

} // namespace

TodoService::TodoService(LocalStore &store, QTimeZone zone, ChangeWriter::Guard guard)
    : m_store(store)
    , m_zone(std::move(zone))
    , m_guard(guard)
{}

Result<QString> TodoService::add(Todo todo)
{
    if (todo.title.trimmed().isEmpty())
        return Error{tr("The task needs a title."), QStringLiteral("title")};
    if (todo.dueAt == 0)
        return Error{tr("The task needs a due time."), QStringLiteral("due_at")};
    const QString me = m_store.currentAgentId();
    // A rule's to-do goes to whoever the rule names, whoever runs it.
    if (!todo.agentId.isEmpty() && todo.agentId != me && todo.createdByRule.isEmpty()) {
        if (auto allowed = Permissions(m_store).check(Permissions::Action::ReassignTodos);
            !allowed) {
            return allowed.error();
        }
    }
    QVariantMap row = {
        {QStringLiteral("customer_id"), textOrNull(todo.customerId)},
        {QStringLiteral("agent_id"), todo.agentId.isEmpty() ? me : todo.agentId},
        {QStringLiteral("kind"), todo.kind},
        {QStringLiteral("title"), todo.title.trimmed()},
        {QStringLiteral("due_at"), todo.dueAt},
        {QStringLiteral("priority"), todo.priority},
        {QStringLiteral("completed_at"), optionalValue(todo.completedAt)},
        {QStringLiteral("created_at"), todo.createdAt ? todo.createdAt : m_store.clock().nowMs()},
        {QStringLiteral("created_by_rule"), textOrNull(todo.createdByRule)}};
    if (!todo.id.isEmpty())
        row.insert(QStringLiteral("id"), todo.id);
    return ChangeWriter(m_store, m_guard).insert(QStringLiteral("todos"), row);
}

qint64 TodoService::snoozeTarget(Snooze snooze, qint64 nowMs) const
{
    switch (snooze) {
    case Snooze::FifteenMinutes:
        return nowMs + 15 * minuteMs;
    case Snooze::OneHour:
        return nowMs + 60 * minuteMs;
    case Snooze::TomorrowMorning:
        break;
    }
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date();
    const QDate next = calendar().nextWorkingDay(today);
    return QDateTime(next, QTime(9, 0), m_zone).toMSecsSinceEpoch();
}

WorkingCalendar TodoService::calendar() const
{
    return WorkingCalendar::fromPolicies(m_store);
}

Result<int> TodoService::complete(const QStringList &todoIds)
{
    return updateOpen(todoIds, {{QStringLiteral("completed_at"), m_store.clock().nowMs()}});
}

Result<int> TodoService::snooze(const QStringList &todoIds, Snooze snooze)
{
    return updateOpen(todoIds,
                      {{QStringLiteral("due_at"), snoozeTarget(snooze, m_store.clock().nowMs())}});
}

Result<int> TodoService::reschedule(const QStringList &todoIds, qint64 dueAt)
{
    if (dueAt <= m_store.clock().nowMs())
        return Error{tr("Pick a time in the future."), QStringLiteral("due_at")};
    return updateOpen(todoIds, {{QStringLiteral("due_at"), dueAt}});
}

Result<int> TodoService::reassign(const QStringList &todoIds, const QString &agentId)
{
    const Permissions permissions(m_store);
    if (auto allowed = permissions.check(Permissions::Action::ReassignTodos); !allowed)
        return allowed.error();
    if (permissions.roleOf(agentId) == Permissions::Role::None)
        return Error{tr("Choose an active agent to give the tasks to."), QStringLiteral("agent_id")};
    return updateOpen(todoIds, {{QStringLiteral("agent_id"), agentId}});
}

Result<QStringList> TodoService::openCallbacks(const QString &customerId, qint64 dueBeforeMs) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT id FROM todos WHERE customer_id = ? AND agent_id = ? AND kind = 'callback' "
        "AND completed_at IS NULL AND deleted = 0 AND due_at < ? ORDER BY due_at, id"));
    query.addBindValue(customerId);
    query.addBindValue(m_store.currentAgentId());
    query.addBindValue(dueBeforeMs);
    if (!query.exec())
        return Error{tr("The tasks could not be read: %1").arg(query.lastError().text())};
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

Result<int> TodoService::completeCallbacksAnswered(const QString &customerId, qint64 untilMs)
{
    // A user who may not complete his own todos (not signed in as an active user) still logs
    // the call; the callbacks stay open.
    if (!Permissions(m_store).may(Permissions::Action::CompleteTodo, m_store.currentAgentId()))
        return 0;
    const auto due = openCallbacks(customerId, untilMs);
    if (!due)
        return due.error();
    return due->isEmpty() ? Result<int>(0) : complete(*due);
}

Result<QString> TodoService::bookCallback(Todo callback, Callbacks callbacks)
{
    callback.kind = QStringLiteral("callback");
    if (callbacks == Callbacks::ReplaceOpen && !callback.customerId.isEmpty()
        && Permissions(m_store).may(Permissions::Action::CompleteTodo, m_store.currentAgentId())) {
        const auto open = openCallbacks(callback.customerId, std::numeric_limits<qint64>::max());
        if (!open)
            return open.error();
        if (!open->isEmpty()) {
            if (callback.title.trimmed().isEmpty())
                return Error{tr("The task needs a title."), QStringLiteral("title")};
            if (callback.dueAt <= m_store.clock().nowMs())
                return Error{tr("Pick a time in the future."), QStringLiteral("due_at")};
            auto moved = updateOpen({open->first()}, {{QStringLiteral("due_at"), callback.dueAt},
                                                      {QStringLiteral("title"), callback.title.trimmed()}});
            if (!moved)
                return moved.error();
            return open->first();
        }
    }
    return add(callback);
}

Result<int> TodoService::updateOpen(const QStringList &todoIds, const QVariantMap &changes)
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    const Permissions permissions(m_store);
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT agent_id, customer_id FROM todos WHERE id = ? AND completed_at IS NULL "
        "AND deleted = 0"));
    int changed = 0;
    for (const QString &id : todoIds) {
        query.addBindValue(id);
        if (!query.exec())
            return Error{tr("The tasks could not be read: %1").arg(query.lastError().text())};
        if (!query.next())
            continue; // completed, deleted or gone since it was selected
        const QString assignee = query.value(0).toString();
        const QString customerId = query.value(1).toString();
        query.finish();
        if (auto allowed = permissions.check(Permissions::Action::CompleteTodo, assignee); !allowed)
            return allowed.error();
        if (auto updated = writer.update(QStringLiteral("todos"), id, changes); !updated)
            return updated.error();
        if (changes.contains(QStringLiteral("completed_at")) && !customerId.isEmpty())
            DomainEvents::announce(m_store, DomainEvent{QStringLiteral("todo_completed"), customerId, {}, {}, id});
        ++changed;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return changed;
}

} // namespace Leadline
