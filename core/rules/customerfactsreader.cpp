#include "customerfactsreader.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

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

} // namespace

CustomerFactsReader::CustomerFactsReader(LocalStore &store, qint64 callsSinceMs)
    : m_store(store)
    , m_callsSince(callsSinceMs)
{}

Status CustomerFactsReader::forEach(const std::function<bool(const CustomerFacts &)> &visit) const
{
    return scan(Scope::All, {}, visit);
}

Status CustomerFactsReader::forEachOf(const QStringList &ids,
                                      const std::function<bool(const CustomerFacts &)> &visit) const
{
    if (ids.isEmpty())
        return {};
    QSqlDatabase db = m_store.database();
    QSqlQuery prepare(db);
    if (!prepare.exec(QStringLiteral(
            "CREATE TEMP TABLE IF NOT EXISTS rule_candidates (id TEXT PRIMARY KEY NOT NULL) "
            "WITHOUT ROWID"))
        || !prepare.exec(QStringLiteral("DELETE FROM temp.rule_candidates"))) {
        return readError(prepare);
    }
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT OR IGNORE INTO temp.rule_candidates(id) VALUES (?)"));
    for (const QString &id : ids) {
        insert.bindValue(0, id);
        if (!insert.exec())
            return readError(insert);
    }
    const Status scanned = scan(Scope::Listed, {}, visit);
    prepare.exec(QStringLiteral("DELETE FROM temp.rule_candidates"));
    return scanned;
}

Result<std::optional<CustomerFacts>> CustomerFactsReader::read(const QString &customerId) const
{
    std::optional<CustomerFacts> found;
    if (customerId.isEmpty())
        return found;
    auto scanned = scan(Scope::One, customerId, [&](const CustomerFacts &facts) {
        found = facts;
        return false;
    });
    if (!scanned)
        return scanned.error();
    return found;
}

Status CustomerFactsReader::scan(Scope scope,
                                 const QString &only,
                                 const std::function<bool(const CustomerFacts &)> &visit) const
{
    QSqlDatabase db = m_store.database();
    const bool one = scope == Scope::One;
    // The condition each query adds: the one customer (bound) or the listed ones.
    const auto restrict = [scope](const char *column) {
        switch (scope) {
        case Scope::One:
            return QStringLiteral("AND %1 = ?").arg(QLatin1String(column));
        case Scope::Listed:
            return QStringLiteral("AND %1 IN (SELECT id FROM temp.rule_candidates)")
                .arg(QLatin1String(column));
        case Scope::All:
            break;
        }
        return QString();
    };

    QHash<QString, QStringList> tags;
    QSqlQuery tagQuery(db);
    tagQuery.prepare(
        QStringLiteral(
            "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
            "WHERE ct.deleted = 0 AND t.deleted = 0 %1 ORDER BY t.name")
            .arg(restrict("ct.customer_id")));
    if (one)
        tagQuery.addBindValue(only);
    if (!tagQuery.exec())
        return readError(tagQuery);
    while (tagQuery.next())
        tags[tagQuery.value(0).toString()].append(tagQuery.value(1).toString());
    // A read that ends on an error (damage, an interrupted sweep) is never taken as complete.
    if (tagQuery.lastError().isValid())
        return readError(tagQuery);

    QHash<QString, QList<CallFact>> calls;
    QSqlQuery recent(db);
    recent.prepare(
        QStringLiteral("SELECT %1 FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id "
                       "WHERE c.deleted = 0 AND c.started_at >= ? %2")
            .arg(QLatin1String(callColumns),
                 restrict("c.customer_id")));
    recent.addBindValue(m_callsSince);
    if (one)
        recent.addBindValue(only);
    if (!recent.exec())
        return readError(recent);
    while (recent.next())
        calls[recent.value(0).toString()].append(callFrom(recent));
    if (recent.lastError().isValid())
        return readError(recent);
    // The latest call of customers not called within the window (SQLite gives the bare columns
    // of the row holding the MAX).
    QSqlQuery latest(db);
    latest.prepare(
        QStringLiteral("SELECT %1, MAX(c.started_at) FROM calls c LEFT JOIN dispositions d "
                       "ON d.id = c.disposition_id WHERE c.deleted = 0 AND c.started_at < ? %2 "
                       "GROUP BY c.customer_id")
            .arg(QLatin1String(callColumns),
                 restrict("c.customer_id")));
    latest.addBindValue(m_callsSince);
    if (one)
        latest.addBindValue(only);
    if (!latest.exec())
        return readError(latest);
    while (latest.next()) {
        const QString customer = latest.value(0).toString();
        if (!calls.contains(customer))
            calls[customer].append(callFrom(latest));
    }
    if (latest.lastError().isValid())
        return readError(latest);

    QHash<QString, TodoFact> todos;
    QSqlQuery todoQuery(db);
    todoQuery.prepare(
        QStringLiteral(
            "SELECT customer_id, title, kind, due_at, priority, completed_at, MAX(created_at), id "
            "FROM todos WHERE deleted = 0 AND customer_id IS NOT NULL %1 GROUP BY customer_id")
            .arg(restrict("customer_id")));
    if (one)
        todoQuery.addBindValue(only);
    if (!todoQuery.exec())
        return readError(todoQuery);
    while (todoQuery.next()) {
        TodoFact todo{todoQuery.value(1).toString(), todoQuery.value(2).toString(),
                      todoQuery.value(3).toLongLong(), todoQuery.value(4).toInt(), std::nullopt,
                      todoQuery.value(7).toString()};
        if (!todoQuery.value(5).isNull())
            todo.completedAt = todoQuery.value(5).toLongLong();
        todos.insert(todoQuery.value(0).toString(), todo);
    }
    if (todoQuery.lastError().isValid())
        return readError(todoQuery);

    QSqlQuery customers(db);
    customers.setForwardOnly(true);
    customers.prepare(
        QStringLiteral(
            "SELECT id, name, company, title, email, industry, region, source, intent, stage, "
            "customer_type, owner_id, score, amount, created_at, assigned_at, last_contact_at, "
            "updated_at, score_reasons FROM customers WHERE deleted = 0 %1 ORDER BY rowid")
            .arg(restrict("id")));
    if (one)
        customers.addBindValue(only);
    if (!customers.exec())
        return readError(customers);
    while (customers.next()) {
        CustomerFacts facts;
        Customer &c = facts.customer;
        c.id = customers.value(0).toString();
        c.name = customers.value(1).toString();
        c.company = customers.value(2).toString();
        c.title = customers.value(3).toString();
        c.email = customers.value(4).toString();
        c.industry = customers.value(5).toString();
        c.region = customers.value(6).toString();
        c.source = customers.value(7).toString();
        c.intent = customers.value(8).toString();
        c.stage = customers.value(9).toString();
        c.customerType = customers.value(10).toString();
        c.ownerId = customers.value(11).toString();
        c.score = customers.value(12).toInt();
        c.amount = customers.value(13).toDouble();
        c.createdAt = customers.value(14).toLongLong();
        if (!customers.value(15).isNull())
            c.assignedAt = customers.value(15).toLongLong();
        if (!customers.value(16).isNull())
            c.lastContactAt = customers.value(16).toLongLong();
        c.updatedAt = customers.value(17).toLongLong();
        c.scoreReasons = customers.value(18).toString();
        c.tags = tags.value(c.id);
        facts.calls = calls.value(c.id);
        if (const auto todo = todos.constFind(c.id); todo != todos.cend())
            facts.lastTodo = *todo;
        if (!visit(facts))
            break;
    }
    if (customers.lastError().isValid())
        return readError(customers);
    return {};
}

} // namespace Leadline
