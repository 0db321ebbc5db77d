#include "todoservice.h"

#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

#include <QDateTime>
#include <QSet>
#include <QSqlQuery>

namespace Leadline {

namespace {

constexpr qint64 minuteMs = 60 * 1000;

QString roleOf(const LocalStore &store, const QString &agentId, bool *active = nullptr)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT role, active FROM agents WHERE id = ? AND deleted = 0"));
    query.addBindValue(agentId);
    if (!query.exec() || !query.next())
        return {};
    if (active)
        *active = query.value(1).toBool();
    return query.value(0).toString();
}

} // namespace

TodoService::TodoService(LocalStore &store, QTimeZone zone, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_zone(std::move(zone))
{}

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
    const QDate tomorrow = QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date().addDays(1);
    return QDateTime(tomorrow, QTime(9, 0), m_zone).toMSecsSinceEpoch();
}

bool TodoService::canReassign() const
{
    const QString role = roleOf(m_store, m_store.currentAgentId());
    return role == QLatin1String("supervisor") || role == QLatin1String("admin");
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
    if (!canReassign())
        return Error{tr("Only supervisors can reassign tasks.")};
    bool active = false;
    if (roleOf(m_store, agentId, &active).isEmpty() || !active)
        return Error{tr("Choose an active agent to give the tasks to."), QStringLiteral("agent_id")};
    return updateOpen(todoIds, {{QStringLiteral("agent_id"), agentId}});
}

Result<int> TodoService::updateOpen(const QStringList &todoIds, const QVariantMap &changes)
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT customer_id FROM todos WHERE id = ? AND completed_at IS NULL AND deleted = 0"));
    QSet<QString> customers;
    int changed = 0;
    for (const QString &id : todoIds) {
        query.addBindValue(id);
        if (!query.exec() || !query.next())
            continue; // completed, deleted or gone since it was selected
        const QString customerId = query.value(0).toString();
        query.finish();
        if (auto updated = writer.update(QStringLiteral("todos"), id, changes); !updated)
            return updated.error();
        if (!customerId.isEmpty())
            customers.insert(customerId);
        ++changed;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    if (changed > 0) {
        emit todosChanged();
        for (const QString &customerId : std::as_const(customers))
            emit customerTodosChanged(customerId);
    }
    return changed;
}

} // namespace Leadline
