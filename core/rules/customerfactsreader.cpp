#include "customerfactsreader.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace Leadline {

namespace {

Error readError(const QSqlQuery &query)
{
    return Error{
        QCoreApplication::translate("Leadline::Rules", "The workspace could not be read: %1")
            .arg(query.lastError().text())};
}

// Columns shared by the two call queries: customer, start, disposition name, outcome,
// connected, duration, note.
const char *const callColumns
    = "c.customer_id, c.started_at, COALESCE(d.name, ''), c.outcome, c.connected_at IS NOT NULL, "
      "c.duration_s, c.note";

CallFact callFrom(const QSqlQuery &q)
{
    return CallFact{q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toString(),
                    q.value(4).toBool(),     q.value(5).toInt(),    q.value(6).toString()};
}

// A JSON array of the values, bound as one parameter and read by json_each.
QString jsonArray(const QStringList &values)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QString jsonArray(const QList<qint64> &values, qsizetype from, qsizetype count)
{
    QJsonArray array;
    for (qsizetype i = from; i < std::min(values.size(), from + count); ++i)
        array.append(values.at(i));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

const char *const customerColumns
    = "rowid, id, name, company, title, email, industry, region, source, intent, stage, "
      "customer_type, owner_id, score, amount, created_at, assigned_at, last_contact_at, "
      "updated_at, score_reasons";

// One customer row (the columns above) as a condition sees it; its rowid in *rowid.
CustomerFacts factsFrom(const QSqlQuery &q, qint64 *rowid)
{
    *rowid = q.value(0).toLongLong();
    CustomerFacts facts;
    Customer &c = facts.customer;
    c.id = q.value(1).toString();
    c.name = q.value(2).toString();
    c.company = q.value(3).toString();
    c.title = q.value(4).toString();
    c.email = q.value(5).toString();
    c.industry = q.value(6).toString();
    c.region = q.value(7).toString();
    c.source = q.value(8).toString();
    c.intent = q.value(9).toString();
    c.stage = q.value(10).toString();
    c.customerType = q.value(11).toString();
    c.ownerId = q.value(12).toString();
    c.score = q.value(13).toInt();
    c.amount = q.value(14).toDouble();
    c.createdAt = q.value(15).toLongLong();
    if (!q.value(16).isNull())
        c.assignedAt = q.value(16).toLongLong();
    if (!q.value(17).isNull())
        c.lastContactAt = q.value(17).toLongLong();
    c.updatedAt = q.value(18).toLongLong();
    c.scoreReasons = q.value(19).toString();
    return facts;
}

} // namespace

CustomerFactsReader::CustomerFactsReader(LocalStore &store, qint64 callsSinceMs, int chunkSize)
    : m_store(store)
    , m_callsSince(callsSinceMs)
    , m_chunkSize(chunkSize)
{}

Status CustomerFactsReader::forEach(const std::function<bool(const CustomerFacts &)> &visit) const
{
    return forEachChunk([&visit](const QList<CustomerFacts> &chunk) {
        for (const CustomerFacts &facts : chunk) {
            if (!visit(facts))
                return false;
        }
        return true;
    });
}

Status CustomerFactsReader::forEachChunk(const ChunkVisit &visit) const
{
    return scan(Scope::All, {}, visit);
}

Status CustomerFactsReader::forEachOf(const QStringList &ids,
                                      const std::function<bool(const CustomerFacts &)> &visit) const
{
    return forEachChunkOf(ids, [&visit](const QList<CustomerFacts> &chunk) {
        for (const CustomerFacts &facts : chunk) {
            if (!visit(facts))
                return false;
        }
        return true;
    });
}

Status CustomerFactsReader::forEachChunkOf(const QStringList &ids, const ChunkVisit &visit) const
{
    if (ids.isEmpty())
        return {};
    return scan(Scope::Listed, ids, visit);
}

Result<std::optional<CustomerFacts>> CustomerFactsReader::read(const QString &customerId) const
{
    std::optional<CustomerFacts> found;
    if (customerId.isEmpty())
        return found;
    auto scanned = scan(Scope::One, {customerId}, [&](const QList<CustomerFacts> &chunk) {
        if (!chunk.isEmpty())
            found = chunk.first();
        return false;
    });
    if (!scanned)
        return scanned.error();
    return found;
}

Status
CustomerFactsReader::scan(Scope scope, const QStringList &only, const ChunkVisit &visit) const
{
    QSqlDatabase db = m_store.database();
    const bool whole = m_chunkSize <= 0 || scope == Scope::One;
    // The listed customers' rowids, in order: the chunks are runs of them.
    QList<qint64> rows;
    if (scope == Scope::Listed) {
        QSqlQuery listed(db);
        listed.setForwardOnly(true);
        listed.prepare(QStringLiteral("SELECT rowid FROM customers WHERE deleted = 0 AND id IN "
                                      "(SELECT value FROM json_each(?)) ORDER BY rowid"));
        listed.addBindValue(jsonArray(only));
        if (!listed.exec())
            return readError(listed);
        while (listed.next())
            rows.append(listed.value(0).toLongLong());
        if (listed.lastError().isValid())
            return readError(listed);
        if (rows.isEmpty())
            return {};
    }

    QString where;
    switch (scope) {
    case Scope::All:
        where = whole ? QStringLiteral("deleted = 0 ORDER BY rowid")
                      : QStringLiteral("deleted = 0 AND rowid > ? ORDER BY rowid LIMIT ?");
        break;
    case Scope::One:
        where = QStringLiteral("deleted = 0 AND id = ?");
        break;
    case Scope::Listed:
        where = QStringLiteral(
            "rowid IN (SELECT value FROM json_each(?)) AND deleted = 0 ORDER BY rowid");
        break;
    }
    QSqlQuery customers(db);
    customers.setForwardOnly(true);
    customers.prepare(QStringLiteral("SELECT %1 FROM customers WHERE %2")
                          .arg(QLatin1String(customerColumns), where));
    qint64 after = std::numeric_limits<qint64>::min();
    qsizetype next = 0; // the next listed row
    for (;;) {
        switch (scope) {
        case Scope::All:
            if (!whole) {
                customers.bindValue(0, after);
                customers.bindValue(1, m_chunkSize);
            }
            break;
        case Scope::One:
            customers.bindValue(0, only.first());
            break;
        case Scope::Listed:
            customers.bindValue(0, jsonArray(rows, next, whole ? rows.size() : m_chunkSize));
            break;
        }
        if (!customers.exec())
            return readError(customers);
        QList<CustomerFacts> chunk;
        QStringList ids;
        while (customers.next()) {
            chunk.append(factsFrom(customers, &after));
            ids.append(chunk.constLast().customer.id);
        }
        // A read that ends on an error (damage, an interrupted sweep) is never taken as complete.
        if (customers.lastError().isValid())
            return readError(customers);
        customers.finish();
        if (chunk.isEmpty() && (scope != Scope::Listed || whole))
            break;
        if (!chunk.isEmpty()) {
            const QString restriction = scope == Scope::One            ? ids.first()
                                        : scope == Scope::All && whole ? QString()
                                                                       : jsonArray(ids);
            if (auto filled = fill(scope, restriction, chunk); !filled)
                return filled;
            if (!visit(chunk))
                break;
        }
        if (whole)
            break;
        if (scope == Scope::Listed) {
            next += m_chunkSize;
            if (next >= rows.size())
                break;
        } else if (chunk.size() < m_chunkSize) {
            break;
        }
    }
    return {};
}

// The chunk's tags, calls and latest to-do: restricted to the one customer (scope One), to the
// customers of the JSON array ids, or (an empty ids) not at all.
Status CustomerFactsReader::fill(Scope scope, const QString &ids, QList<CustomerFacts> &chunk) const
{
    QSqlDatabase db = m_store.database();
    const bool one = scope == Scope::One;
    const bool everyone = !one && ids.isNull();
    const auto restrict = [&](const char *column) {
        if (everyone)
            return QString();
        return one ? QStringLiteral("AND %1 = ?").arg(QLatin1String(column))
                   : QStringLiteral("AND %1 IN (SELECT value FROM json_each(?))")
                         .arg(QLatin1String(column));
    };
    QHash<QString, qsizetype> index;
    index.reserve(chunk.size());
    for (qsizetype i = 0; i < chunk.size(); ++i)
        index.insert(chunk.at(i).customer.id, i);
    const auto factsOf = [&](const QVariant &id) -> CustomerFacts * {
        const auto found = index.constFind(id.toString());
        return found == index.cend() ? nullptr : &chunk[*found];
    };

    QSqlQuery tagQuery(db);
    tagQuery.setForwardOnly(true);
    tagQuery.prepare(
        QStringLiteral(
            "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.deleted = 0 AND t.deleted = 0 %1 ORDER BY t.name")
            .arg(restrict("ct.customer_id")));
    if (!everyone)
        tagQuery.addBindValue(ids);
    if (!tagQuery.exec())
        return readError(tagQuery);
    while (tagQuery.next()) {
        if (CustomerFacts *facts = factsOf(tagQuery.value(0)))
            facts->customer.tags.append(tagQuery.value(1).toString());
    }
    if (tagQuery.lastError().isValid())
        return readError(tagQuery);

    QSqlQuery recent(db);
    recent.setForwardOnly(true);
    recent.prepare(
        QStringLiteral("SELECT %1 FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id "
                       "WHERE c.deleted = 0 AND c.started_at >= ? %2")
            .arg(QLatin1String(callColumns), restrict("c.customer_id")));
    recent.addBindValue(m_callsSince);
    if (!everyone)
        recent.addBindValue(ids);
    if (!recent.exec())
        return readError(recent);
    while (recent.next()) {
        if (CustomerFacts *facts = factsOf(recent.value(0)))
            facts->calls.append(callFrom(recent));
    }
    if (recent.lastError().isValid())
        return readError(recent);
    // The latest call of customers not called within the window (SQLite gives the bare columns
    // of the row holding the MAX).
    QSqlQuery latest(db);
    latest.setForwardOnly(true);
    latest.prepare(
        QStringLiteral("SELECT %1, MAX(c.started_at) FROM calls c LEFT JOIN dispositions d "
                       "ON d.id = c.disposition_id WHERE c.deleted = 0 AND c.started_at < ? %2 "
                       "GROUP BY c.customer_id")
            .arg(QLatin1String(callColumns), restrict("c.customer_id")));
    latest.addBindValue(m_callsSince);
    if (!everyone)
        latest.addBindValue(ids);
    if (!latest.exec())
        return readError(latest);
    while (latest.next()) {
        CustomerFacts *facts = factsOf(latest.value(0));
        if (facts && facts->calls.isEmpty())
            facts->calls.append(callFrom(latest));
    }
    if (latest.lastError().isValid())
        return readError(latest);

    QSqlQuery todoQuery(db);
    todoQuery.setForwardOnly(true);
    todoQuery.prepare(
        QStringLiteral(
            "SELECT customer_id, title, kind, due_at, priority, completed_at, MAX(created_at), id "
            "FROM todos WHERE deleted = 0 AND customer_id IS NOT NULL %1 GROUP BY customer_id")
            .arg(restrict("customer_id")));
    if (!everyone)
        todoQuery.addBindValue(ids);
    if (!todoQuery.exec())
        return readError(todoQuery);
    while (todoQuery.next()) {
        CustomerFacts *facts = factsOf(todoQuery.value(0));
        if (!facts)
            continue;
        TodoFact todo{todoQuery.value(1).toString(),
                      todoQuery.value(2).toString(),
                      todoQuery.value(3).toLongLong(),
                      todoQuery.value(4).toInt(),
                      std::nullopt,
                      todoQuery.value(7).toString()};
        if (!todoQuery.value(5).isNull())
            todo.completedAt = todoQuery.value(5).toLongLong();
        facts->lastTodo = todo;
    }
    if (todoQuery.lastError().isValid())
        return readError(todoQuery);
    return {};
}

} // namespace Leadline
