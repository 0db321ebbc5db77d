#include "rowapplier.h"

#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QSqlError>
#include <QSqlRecord>

#include <cmath>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::RowApplier", text);
}

Error sqlError(const QSqlQuery &query)
{
    return Error{QCoreApplication::translate("Leadline::RowApplier", "The workspace could not store a change from the server: %1")
                     .arg(query.lastError().text())};
}

QVariant toVariant(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QVariant();
    case QJsonValue::Bool:
        return value.toBool() ? 1 : 0;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::fabs(number) < 9.0e15)
            return qint64(number);
        return number;
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
    case QJsonValue::Object:
        return value.toVariant();
    }
    return QVariant();
}

// Columns the cache keeps unique. The server keeps them unique among its rows at the end of
// each transaction only, so a page may hold a rename before the rename that frees the name
// (two tags swapping names): the row in the way steps aside under its id until its own change
// arrives.
QString uniqueColumn(const QString &table)
{
    if (table == QLatin1String("tags"))
        return QStringLiteral("name");
    if (table == QLatin1String("policies"))
        return QStringLiteral("key");
    if (table == QLatin1String("agents"))
        return QStringLiteral("login");
    return {};
}

} // namespace

RowApplier::RowApplier(LocalStore &store)
    : m_store(store)
{}

Status RowApplier::snapshotPending()
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT table_name, row_id FROM outbox WHERE waiting_for IS NULL")))
        return sqlError(query);
    m_pending.clear();
    while (query.next())
        m_pending.insert(query.value(0).toString() + QLatin1Char('|') + query.value(1).toString());
    m_snapshot = true;
    return {};
}

Result<bool> RowApplier::hasPending(const QString &table, const QString &id)
{
    if (m_snapshot)
        return m_pending.contains(table + QLatin1Char('|') + id);
    QSqlQuery &query = m_statements[QStringLiteral("pending")];
    if (query.lastQuery().isEmpty()) {
        query = QSqlQuery(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT 1 FROM outbox WHERE table_name = ? AND row_id = ? AND waiting_for IS NULL "
            "LIMIT 1"));
    }
    query.bindValue(0, table);
    query.bindValue(1, id);
    if (!query.exec())
        return sqlError(query);
    const bool pending = query.next();
    query.finish();
    return pending;
}

Result<bool> RowApplier::upsert(const QString &table, const QJsonObject &row, bool onlyIfNewer)
{
    const QStringList local = m_store.columns(table);
    if (local.isEmpty())
        return false; // a table this version of the client does not know
    QStringList names;
    for (const QString &column : local) {
        if (row.contains(column))
            names.append(column);
    }
    if (!names.contains(QLatin1String("id")))
        return Error{tr("The server sent a %1 row without an id.").arg(table)};

    const QString key = table + QLatin1Char('|') + (onlyIfNewer ? QLatin1Char('n') : QLatin1Char('f'))
                        + names.join(QLatin1Char(','));
    QSqlQuery &query = m_statements[key];
    if (query.lastQuery().isEmpty()) {
        QStringList marks;
        QStringList assignments;
        for (const QString &name : names) {
            marks.append(QStringLiteral("?"));
            if (name != QLatin1String("id"))
                assignments.append(QStringLiteral("%1 = excluded.%1").arg(name));
        }
        QString sql = QStringLiteral("INSERT INTO %1(%2) VALUES(%3) ON CONFLICT(id) DO UPDATE SET %4")
                          .arg(table, names.join(QLatin1Char(',')), marks.join(QLatin1Char(',')),
                               assignments.join(QLatin1Char(',')));
        if (onlyIfNewer) {
            sql += QStringLiteral(" WHERE excluded.row_version > %1.row_version").arg(table);
        }
        query = QSqlQuery(m_store.database());
        if (!query.prepare(sql))
            return sqlError(query);
    }
    const QString unique = uniqueColumn(table);
    if (!unique.isEmpty() && row.contains(unique)) {
        QSqlQuery aside(m_store.database());
        aside.prepare(QStringLiteral("UPDATE %1 SET %2 = %2 || ' #' || id WHERE %2 = ? AND id <> ?")
                          .arg(table, unique));
        aside.addBindValue(toVariant(row.value(unique)));
        aside.addBindValue(toVariant(row.value(QStringLiteral("id"))));
        if (!aside.exec())
            return sqlError(aside);
    }
    for (int i = 0; i < names.size(); ++i)
        query.bindValue(i, toVariant(row.value(names.at(i))));
    if (!query.exec())
        return sqlError(query);
    const bool written = query.numRowsAffected() > 0;
    if (written) {
        ChangeSet change;
        change.fromServer = true;
        const QString id = row.value(QStringLiteral("id")).toString();
        change.add(table, table == QLatin1String("customers")
                              ? id
                              : row.value(QStringLiteral("customer_id")).toString());
        m_store.noteChanges(change);
    }
    return written;
}

Result<bool> RowApplier::parentsHeld(const QString &table, const QJsonObject &row)
{
    auto known = m_parents.constFind(table);
    if (known == m_parents.constEnd()) {
        QList<Parent> parents;
        QSqlQuery list(m_store.database());
        if (!list.exec(QStringLiteral("PRAGMA foreign_key_list(\"%1\")").arg(table)))
            return sqlError(list);
        const int tableField = list.record().indexOf(QStringLiteral("table"));
        const int fromField = list.record().indexOf(QStringLiteral("from"));
        while (list.next())
            parents.append({list.value(fromField).toString(), list.value(tableField).toString()});
        known = m_parents.insert(table, parents);
    }
    for (const Parent &parent : *known) {
        const QJsonValue value = row.value(parent.column);
        if (!value.isString())
            continue; // no parent named (or not sent by this server): nothing to hold
        QSqlQuery &query = m_statements[QStringLiteral("parent|") + parent.table];
        if (query.lastQuery().isEmpty()) {
            query = QSqlQuery(m_store.database());
            if (!query.prepare(QStringLiteral("SELECT 1 FROM \"%1\" WHERE id = ?").arg(parent.table)))
                return sqlError(query);
        }
        query.bindValue(0, value.toString());
        if (!query.exec())
            return sqlError(query);
        const bool held = query.next();
        query.finish();
        if (!held)
            return false;
    }
    return true;
}

Result<bool> RowApplier::applyIfNewer(const QString &table, const QJsonObject &row)
{
    auto pending = hasPending(table, row.value(QStringLiteral("id")).toString());
    if (!pending)
        return pending.error();
    if (*pending)
        return false; // the local change goes to the server first; its answer comes back later
    auto parents = parentsHeld(table, row);
    if (!parents)
        return parents.error();
    if (!*parents)
        return false;
    return upsert(table, row, true);
}

Status RowApplier::restore(const QString &table, const QJsonObject &row)
{
    auto written = upsert(table, row, false);
    if (!written)
        return written.error();
    return {};
}

Status RowApplier::forget(const QString &table, const QString &id)
{
    if (m_store.columns(table).isEmpty())
        return {};
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(query);
    ChangeSet change;
    change.fromServer = true;
    change.anyCustomer = true; // the row is gone: whose it was is not known any more
    change.add(table);
    m_store.noteChanges(change);
    return {};
}

} // namespace Leadline
