#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QList>
#include <QCoreApplication>

namespace Leadline {

class LocalStore;

/// Writes calls and notes: what an agent does to a customer. Each write is one transaction with
/// its outbox entries. Todos are written by TodoService alone.
class ActivityRepository final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ActivityRepository)
    Q_DISABLE_COPY_MOVE(ActivityRepository)

public:
    explicit ActivityRepository(LocalStore &store);

    /// Records a call (insert-only) and stamps the customer's last contact time.
    Result<QString> logCall(Call call);
    Result<QString> addNote(Note note);

private:
    LocalStore &m_store;
};

} // namespace Leadline
