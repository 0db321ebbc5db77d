#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace Leadline {

class LocalStore;

/// One open todo in an agent's queue, with what the queue shows about its customer.
struct QueueItem
{
    enum class Section { Overdue, Today, Upcoming };

    Todo todo;
    Section section = Section::Upcoming;
    QString customerName;
    QString customerCompany;
    int customerScore = 0;
    qint64 lateMs = 0; ///< how late an overdue todo is (0 otherwise)
};

/// The queue in working order with the full count of each section. A section's rows may be
/// capped (see QueueQuery::load); the counts never are.
struct QueueSnapshot
{
    QList<QueueItem> items;
    int overdueCount = 0;
    int todayCount = 0;
    int upcomingCount = 0;
    qint64 nowMs = 0;
};

/// Reads "my queue": the open todos of one agent in the order to work them. Overdue first (the
/// longest waiting first), then due later today by priority, lead score and due time, then
/// upcoming by due time. "Today" ends at midnight in the given time zone. Overdue and upcoming
/// rows come straight off the todos_queue index in due order, so a long queue costs only the
/// rows shown (§7: refresh with 10,000 todos).
class QueueQuery final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::QueueQuery)

public:
    /// More rows than an agent can work through in a sitting; the counts stay exact.
    static constexpr int defaultRowsPerSection = 200;

    explicit QueueQuery(LocalStore &store, QTimeZone zone = QTimeZone::systemTimeZone());

    /// The queue of agentId at nowMs; at most rowsPerSection rows per section.
    /// A failed read (a damaged workspace) is an error, never an empty queue.
    Result<QueueSnapshot> load(const QString &agentId, qint64 nowMs,
                               int rowsPerSection = defaultRowsPerSection) const;
    /// The first instant of the local day after the one containing nowMs.
    qint64 endOfDayMs(qint64 nowMs) const;

private:
    LocalStore &m_store;
    QTimeZone m_zone;
};

} // namespace Leadline
