#include "reminderscheduler.h"

#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "waketimer.h"
#include "core/domain/clock.h"

#include <QSqlQuery>

namespace Leadline {

ReminderScheduler::ReminderScheduler(LocalStore &store, const Clock &clock,
                                     std::unique_ptr<WakeTimer> timer, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_timer(timer ? std::move(timer) : std::make_unique<QtWakeTimer>())
{
    m_timer->setCallback([this] { check(); });
}

ReminderScheduler::~ReminderScheduler() = default;

void ReminderScheduler::start()
{
    m_running = true;
    check();
}

void ReminderScheduler::stop()
{
    m_running = false;
    m_timer->disarm();
    m_nextWakeMs = -1;
}

void ReminderScheduler::check()
{
    if (!m_running)
        return;
    const QString agentId = m_store.currentAgentId();
    const qint64 now = m_clock.nowMs();
    QList<Reminder> onTime;
    QList<Reminder> missed;
    if (!agentId.isEmpty()) {
        const QList<Reminder> due = dueUnfired(agentId, now);
        for (const Reminder &reminder : due)
            (now - reminder.dueAt <= lateToleranceMs ? onTime : missed).append(reminder);
    }
    // Marked before they are shown: a crash right here loses a banner, never repeats it forever.
    if (!onTime.isEmpty() || !missed.isEmpty()) {
        if (!markFired(onTime, missed, now)) {
            onTime.clear();
            missed.clear();
        }
    }
    armNext(agentId, now);
    for (const Reminder &reminder : std::as_const(onTime))
        emit reminderDue(reminder);
    if (!missed.isEmpty())
        emit remindersMissed(missed);
}

QList<Reminder> ReminderScheduler::dueUnfired(const QString &agentId, qint64 nowMs) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT t.id, t.customer_id, c.name, t.title, t.kind, t.due_at, t.priority "
        "FROM todos t LEFT JOIN customers c ON c.id = t.customer_id "
        "WHERE t.agent_id = ? AND t.completed_at IS NULL AND t.deleted = 0 AND t.due_at <= ? "
        "AND NOT EXISTS (SELECT 1 FROM reminders_fired r "
        "                WHERE r.todo_id = t.id AND r.due_at = t.due_at) "
        "ORDER BY t.due_at, t.id"));
    query.addBindValue(agentId);
    query.addBindValue(nowMs);
    QList<Reminder> out;
    if (!query.exec())
        return out;
    while (query.next()) {
        Reminder reminder;
        reminder.todoId = query.value(0).toString();
        reminder.customerId = query.value(1).toString();
        reminder.customerName = query.value(2).toString();
        reminder.title = query.value(3).toString();
        reminder.kind = query.value(4).toString();
        reminder.dueAt = query.value(5).toLongLong();
        reminder.priority = query.value(6).toInt();
        out.append(reminder);
    }
    return out;
}

bool ReminderScheduler::markFired(const QList<Reminder> &onTime, const QList<Reminder> &missed,
                                  qint64 nowMs)
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return false;
    QSqlQuery insert(m_store.database());
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO reminders_fired "
                                  "(todo_id, due_at, fired_at, missed) VALUES (?, ?, ?, ?)"));
    const auto mark = [&](const QList<Reminder> &reminders, bool wasMissed) {
        for (const Reminder &reminder : reminders) {
            insert.addBindValue(reminder.todoId);
            insert.addBindValue(reminder.dueAt);
            insert.addBindValue(nowMs);
            insert.addBindValue(wasMissed ? 1 : 0);
            if (!insert.exec())
                return false;
        }
        return true;
    };
    if (!mark(onTime, false) || !mark(missed, true))
        return false;
    return transaction.commit().ok();
}

void ReminderScheduler::armNext(const QString &agentId, qint64 nowMs)
{
    qint64 delay = rescanIntervalMs;
    if (!agentId.isEmpty()) {
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT MIN(due_at) FROM todos "
            "WHERE agent_id = ? AND completed_at IS NULL AND deleted = 0 AND due_at > ?"));
        query.addBindValue(agentId);
        query.addBindValue(nowMs);
        if (query.exec() && query.next() && !query.value(0).isNull())
            delay = qMin(delay, query.value(0).toLongLong() - nowMs);
    }
    m_nextWakeMs = delay;
    m_timer->arm(delay);
}

} // namespace Leadline
