#include "timelinequery.h"

#include "core/storage/localstore.h"
#include "core/storage/readerror.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const QStringList &kindKeys()
{
    static const QStringList keys = {QStringLiteral("call"),  QStringLiteral("note"),
                                     QStringLiteral("todo"),  QStringLiteral("stage"),
                                     QStringLiteral("owner"), QStringLiteral("merge"),
                                     QStringLiteral("import"), QStringLiteral("rule"),
                                     QStringLiteral("pool")};
    return keys;
}

// Each branch is index-ordered by (customer_id, time); the outer ORDER BY merges them.
const char *const timelineSql = R"(
SELECT * FROM (
  SELECT 'call' AS kind, c.id, c.started_at AS at, a.name AS agent,
         COALESCE(d.name, c.outcome) AS title, c.note AS detail, c.duration_s, c.recording_url, 0 AS done
    FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id
    LEFT JOIN agents a ON a.id = c.agent_id
   WHERE c.customer_id = :id AND c.deleted = 0
  UNION ALL
  SELECT 'note', n.id, n.created_at, a.name, '', n.body, 0, '', 0
    FROM notes n LEFT JOIN agents a ON a.id = n.agent_id
   WHERE n.customer_id = :id AND n.deleted = 0
  UNION ALL
  SELECT 'todo', t.id, COALESCE(t.completed_at, t.created_at), a.name, t.title,
         CAST(t.due_at AS TEXT), 0, '', t.completed_at IS NOT NULL
    FROM todos t LEFT JOIN agents a ON a.id = t.agent_id
   WHERE t.customer_id = :id AND t.deleted = 0
  UNION ALL
  SELECT s.kind, s.id, s.at, a.name,
         CASE WHEN s.kind = 'owner'
              THEN COALESCE((SELECT name FROM agents WHERE id = s.from_value), s.from_value)
                   || ' → ' || COALESCE((SELECT name FROM agents WHERE id = s.to_value), s.to_value)
              ELSE s.from_value || ' → ' || s.to_value END,
         s.detail, 0, '', 0
    FROM stage_changes s LEFT JOIN agents a ON a.id = s.agent_id
   WHERE s.customer_id = :id AND s.deleted = 0
) WHERE (:all = 1 OR instr(:kinds, ',' || kind || ',') > 0)
ORDER BY at DESC, id
LIMIT :limit OFFSET :offset
)";

} // namespace

TimelineQuery::TimelineQuery(LocalStore &store)
    : m_store(store)
{}

QString TimelineQuery::kindKey(TimelineEvent::Kind kind)
{
    return kindKeys().at(int(kind));
}

Result<QList<TimelineEvent>> TimelineQuery::fetch(const QString &customerId, int limit,
                                                  int offset,
                                                  const QList<TimelineEvent::Kind> &kinds) const
{
    QString kindList = QStringLiteral(",");
    for (const auto kind : kinds)
        kindList += kindKey(kind) + QLatin1Char(',');

    QSqlQuery query(m_store.database());
    query.prepare(QString::fromUtf8(timelineSql));
    query.bindValue(QStringLiteral(":id"), customerId);
    query.bindValue(QStringLiteral(":all"), kinds.isEmpty() ? 1 : 0);
    query.bindValue(QStringLiteral(":kinds"), kindList);
    query.bindValue(QStringLiteral(":limit"), limit);
    query.bindValue(QStringLiteral(":offset"), offset);
    QList<TimelineEvent> events;
    if (!query.exec())
        return readError(query, tr("The timeline"));
    while (query.next()) {
        TimelineEvent event;
        event.kind = TimelineEvent::Kind(std::max<qsizetype>(0, kindKeys().indexOf(query.value(0).toString())));
        event.id = query.value(1).toString();
        event.at = query.value(2).toLongLong();
        event.agentName = query.value(3).toString();
        event.title = query.value(4).toString();
        event.detail = query.value(5).toString();
        event.durationSeconds = query.value(6).toInt();
        event.recordingUrl = query.value(7).toString();
        event.done = query.value(8).toBool();
        events.append(event);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The timeline"));
    return events;
}

int TimelineQuery::count(const QString &customerId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT (SELECT COUNT(*) FROM calls WHERE customer_id = :id AND deleted = 0)"
        " + (SELECT COUNT(*) FROM notes WHERE customer_id = :id AND deleted = 0)"
        " + (SELECT COUNT(*) FROM todos WHERE customer_id = :id AND deleted = 0)"
        " + (SELECT COUNT(*) FROM stage_changes WHERE customer_id = :id AND deleted = 0)"));
    query.bindValue(QStringLiteral(":id"), customerId);
    if (query.exec() && query.next())
        return query.value(0).toInt();
    return 0;
}

} // namespace Leadline
