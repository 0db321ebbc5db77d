#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QList>
#include <QObject>

namespace Leadline {

class LocalStore;

/// Writes calls, notes and todos: the things an agent does to a customer. Each write is one
/// transaction with its outbox entries.
class ActivityRepository final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityRepository)

public:
    explicit ActivityRepository(LocalStore &store, QObject *parent = nullptr);

    /// Records a call (insert-only) and stamps the customer's last contact time.
    Result<QString> logCall(Call call);
    Result<QString> addNote(Note note);
    Result<QString> addTodo(Todo todo);
    /// Completes a todo; completing an already completed todo keeps the first completion.
    Status completeTodo(const QString &todoId);
    Status rescheduleTodo(const QString &todoId, qint64 dueAt);
    Status reassignTodo(const QString &todoId, const QString &agentId);

signals:
    /// Something on this customer's timeline changed.
    void activityAdded(const QString &customerId);
    /// A todo was added, completed or moved.
    void todosChanged();

private:
    LocalStore &m_store;
};

} // namespace Leadline
