#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"
#include "core/reference/workingcalendar.h"
#include "core/storage/changewriter.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTimeZone>

namespace Leadline {

class LocalStore;

/// The one way to write todos: add, and the queue's actions, each for one or many todos in one
/// transaction with its outbox entries: complete (one-way), snooze, reschedule and reassign
/// (supervisors and admins only). Only the assignee or a supervisor completes or moves a todo.
/// Completed and deleted todos are skipped, so a bulk action over a stale selection is safe.
class TodoService final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::TodoService)
    Q_DISABLE_COPY_MOVE(TodoService)

public:
    enum class Snooze { FifteenMinutes, OneHour, TomorrowMorning };

    /// guard: ChangeWriter::Guard::CallersTransaction when the caller holds a transaction or
    /// savepoint it rolls back whole on a failure (a rules sweep's customer): add() then opens
    /// no savepoint of its own.
    explicit TodoService(LocalStore &store,
                         QTimeZone zone = QTimeZone::systemTimeZone(),
                         ChangeWriter::Guard guard = ChangeWriter::Guard::Savepoint);

    /// Adds a todo (assigned to the signed-in agent unless it names another) and returns its id.
    Result<QString> add(Todo todo);

    /// Completes the todos; returns how many were open and are now completed.
    Result<int> complete(const QStringList &todoIds);
    /// Moves the todos to the snooze target counted from now; returns how many moved.
    Result<int> snooze(const QStringList &todoIds, Snooze snooze);
    /// Moves the todos to dueAt (which must be in the future); returns how many moved.
    Result<int> reschedule(const QStringList &todoIds, qint64 dueAt);
    /// Gives the todos to another active agent; only supervisors and admins may.
    Result<int> reassign(const QStringList &todoIds, const QString &agentId);

    /// A call was logged with the customer: the signed-in agent's open callbacks for that
    /// customer that fell due before untilMs are done. Returns how many were completed.
    Result<int> completeCallbacksAnswered(const QString &customerId, qint64 untilMs);
    /// Books the next callback with a customer. The agent keeps one open callback per customer:
    /// an open one is moved to the new time and title instead of a second being added, unless
    /// another is asked for. Returns the callback's id.
    enum class Callbacks { ReplaceOpen, AddAnother };
    Result<QString> bookCallback(Todo callback, Callbacks callbacks = Callbacks::ReplaceOpen);

    /// When a todo snoozed at nowMs comes back: +15 min, +1 h, or 09:00 the next working day
    /// (weekends and the holidays policy skipped).
    qint64 snoozeTarget(Snooze snooze, qint64 nowMs) const;
    /// The working days follow-ups are booked on (the holidays policy, weekends off).
    WorkingCalendar calendar() const;
private:
    /// The signed-in agent's open callbacks for a customer, oldest due first.
    Result<QStringList> openCallbacks(const QString &customerId, qint64 dueBeforeMs) const;
    Result<int> updateOpen(const QStringList &todoIds, const QVariantMap &changes);

    LocalStore &m_store;
    QTimeZone m_zone;
    ChangeWriter::Guard m_guard;
};

} // namespace Leadline
