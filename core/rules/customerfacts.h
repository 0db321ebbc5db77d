#pragma once

#include "core/domain/customer.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

/// One call of a customer as a condition sees it (the disposition by name).
struct CallFact
{
    qint64 at = 0; ///< when it started, ms since the epoch
    QString disposition;
    QString outcome;
    bool connected = false;
    int durationSeconds = 0;
    QString note;
};

/// The latest todo of a customer as a condition sees it.
struct TodoFact
{
    QString title;
    QString kind; ///< callback, task or meeting
    qint64 dueAt = 0;
    int priority = 2;
    std::optional<qint64> completedAt;
    QString id;
};

/// Everything a condition may read about one customer: its fields (tags included), its recent
/// calls (enough to answer count_calls over the windows the rules use) and its latest todo.
struct CustomerFacts
{
    Customer customer;
    QList<CallFact> calls; ///< any order; the latest is the one with the greatest start
    std::optional<TodoFact> lastTodo;
};

} // namespace Leadline
