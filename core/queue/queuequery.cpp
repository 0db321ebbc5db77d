#include "queuequery.h"

#include "core/storage/localstore.h"
#include "core/storage/readerror.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT t.id, t.customer_id, t.agent_id, t.kind, t.title, t.due_at, t.priority, t.created_at, "
    "t.created_by_rule, c.name, c.company, c.score "
    "FROM todos t INDEXED BY todos_queue LEFT JOIN customers c ON c.id = t.customer_id "
    "WHERE t.agent_id = :agent AND t.completed_at IS NULL AND t.deleted = 0 ");

void readSection(QSqlQuery &query, QueueItem::Section section, qint64 nowMs,
                 QList<QueueItem> &out)
{
    while (query.next()) {
        QueueItem item;
        item.section = section;
        item.todo.id = query.value(0).toString();
        item.todo.customerId = query.value(1).toString();
        item.todo.agentId = query.value(2).toString();
        item.todo.kind = query.value(3).toString();
        item.todo.title = query.value(4).toString();
        item.todo.dueAt = query.value(5).toLongLong();
        item.todo.priority = query.value(6).toInt();
        item.todo.createdAt = query.value(7).toLongLong();
        item.todo.createdByRule = query.value(8).toString();
        item.customerName = query.value(9).toString();
        item.customerCompany = query.value(10).toString();
        item.customerScore = query.value(11).toInt();
        if (section == QueueItem::Section::Overdue)
            item.lateMs = nowMs - item.todo.dueAt;
        out.append(item);
    }
}

} // namespace

QueueQuery::QueueQuery(LocalStore &store, QTimeZone zone)
    : m_store(store)
    , m_zone(std::move(zone))
{}

qint64 QueueQuery::endOfDayMs(qint64 nowMs) const
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date();
    return today.addDays(1).startOfDay(m_zone).toMSecsSinceEpoch();
}

Result<QueueSnapshot> QueueQuery::load(const QString &agentId, qint64 nowMs,
                                       int rowsPerSection) const
{
    QueueSnapshot snapshot;
    snapshot.nowMs = nowMs;
    const qint64 endOfDay = endOfDayMs(nowMs);

    // Three range counts on the partial index (todos_queue, migration 5) read only the index.
    const QString open = QStringLiteral(
        "SELECT COUNT(*) FROM todos INDEXED BY todos_queue "
        "WHERE agent_id = ? AND completed_at IS NULL AND deleted = 0 AND ");
    QSqlQuery counts(m_store.database());
    counts.setForwardOnly(true);
    counts.prepare(QStringLiteral("SELECT (%1 due_at < ?), (%1 due_at >= ? AND due_at < ?), "
                                  "(%1 due_at >= ?)")
                       .arg(open));
    for (const QVariant &value : {QVariant(agentId), QVariant(nowMs), QVariant(agentId),
                                  QVariant(nowMs), QVariant(endOfDay), QVariant(agentId),
                                  QVariant(endOfDay)}) {
        counts.addBindValue(value);
    }
    if (!counts.exec() || !counts.next())
        return readError(counts, tr("My queue"));
    snapshot.overdueCount = counts.value(0).toInt();
    snapshot.todayCount = counts.value(1).toInt();
    snapshot.upcomingCount = counts.value(2).toInt();

    struct SectionSql
    {
        QueueItem::Section section;
        QString where;
        int count;
    };
    const SectionSql sections[] = {
        {QueueItem::Section::Overdue,
         QStringLiteral("AND t.due_at < :now ORDER BY t.due_at LIMIT :limit"),
         snapshot.overdueCount},
        {QueueItem::Section::Today,
         QStringLiteral("AND t.due_at >= :now AND t.due_at < :eod "
                        "ORDER BY t.priority, COALESCE(c.score, 0) DESC, t.due_at, t.id LIMIT :limit"),
         snapshot.todayCount},
        {QueueItem::Section::Upcoming,
         QStringLiteral("AND t.due_at >= :eod ORDER BY t.due_at LIMIT :limit"),
         snapshot.upcomingCount},
    };
    for (const SectionSql &section : sections) {
        if (section.count == 0)
            continue;
        QSqlQuery query(m_store.database());
        query.setForwardOnly(true);
        query.prepare(selectColumns + section.where);
        query.bindValue(QStringLiteral(":agent"), agentId);
        if (section.section != QueueItem::Section::Upcoming)
            query.bindValue(QStringLiteral(":now"), nowMs);
        if (section.section != QueueItem::Section::Overdue)
            query.bindValue(QStringLiteral(":eod"), endOfDay);
        query.bindValue(QStringLiteral(":limit"), rowsPerSection);
        if (!query.exec())
            return readError(query, tr("My queue"));
        readSection(query, section.section, nowMs, snapshot.items);
        if (query.lastError().isValid())
            return readError(query, tr("My queue"));
    }
    return snapshot;
}

} // namespace Leadline
