#pragma once

#include "core/domain/result.h"

#include <QObject>
#include <QStringList>
#include <QTimeZone>

namespace Leadline {

class LocalStore;

/// The queue's actions on todos, each for one or many todos in one transaction with its outbox
/// entries: complete (one-way), snooze, reschedule and reassign (supervisors and admins only).
/// Completed and deleted todos are skipped, so a bulk action over a stale selection is safe.
class TodoService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TodoService)

public:
    enum class Snooze { FifteenMinutes, OneHour, TomorrowMorning };

    explicit TodoService(LocalStore &store, QTimeZone zone = QTimeZone::systemTimeZone(),
                         QObject *parent = nullptr);

    /// Completes the todos; returns how many were open and are now completed.
    Result<int> complete(const QStringList &todoIds);
    /// Moves the todos to the snooze target counted from now; returns how many moved.
    Result<int> snooze(const QStringList &todoIds, Snooze snooze);
    /// Moves the todos to dueAt (which must be in the future); returns how many moved.
    Result<int> reschedule(const QStringList &todoIds, qint64 dueAt);
    /// Gives the todos to another active agent; only supervisors and admins may.
    Result<int> reassign(const QStringList &todoIds, const QString &agentId);

    /// When a todo snoozed at nowMs comes back: +15 min, +1 h, or 09:00 the next local day.
    qint64 snoozeTarget(Snooze snooze, qint64 nowMs) const;
    /// True when the workspace's agent is a supervisor or an admin.
    bool canReassign() const;

signals:
    /// Todos were completed, moved or reassigned.
    void todosChanged();
    /// A todo of this customer changed (its timeline shows todos).
    void customerTodosChanged(const QString &customerId);

private:
    Result<int> updateOpen(const QStringList &todoIds, const QVariantMap &changes);

    LocalStore &m_store;
    QTimeZone m_zone;
};

} // namespace Leadline
