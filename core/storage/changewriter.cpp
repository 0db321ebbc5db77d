#include "changewriter.h"

#include "localstore.h"
#include "statementcache.h"
#include "syncedtables.h"
#include "transaction.h"
#include "workspacecheck.h"
#include "core/domain/clock.h"
#include "core/domain/ids.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <optional>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ChangeWriter", text);
}

Error sqlError(const QSqlQuery &query, const LocalStore &store)
{
    const QSqlError error = query.lastError();
    if (const int code = error.nativeErrorCode().toInt(); WorkspaceCheck::isFileProblem(code))
        return WorkspaceCheck::fromSqlite(code, store.path(), error.databaseText());
    return Error{QCoreApplication::translate("Leadline::ChangeWriter", "The workspace could not save the change: %1").arg(query.lastError().text())};
}

// A QVariant holding a null QString binds as SQL NULL; only a null QVariant should mean NULL.
QVariant bindable(const QVariant &value)
{
    if (!value.isNull() && value.typeId() == QMetaType::QString && value.toString().isNull())
        return QString(QLatin1String(""));
    return value;
}

// The customer a row belongs to (itself for a customer), for the change bus.
QString customerOf(const QString &table, const QString &id, const QVariant &customerId)
{
    return table == QLatin1String("customers") ? id : customerId.toString();
}

// The write's own transaction: always outside one, and as a savepoint unless the caller's
// transaction guards the whole batch.
bool needsOwnTransaction(const LocalStore &store, ChangeWriter::Guard guard)
{
    return guard == ChangeWriter::Guard::Savepoint || store.transactionDepth() == 0;
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a.toString() == b.toString();
}

} // namespace

ChangeWriter::ChangeWriter(LocalStore &store, Guard guard)
    : m_store(store)
    , m_guard(guard)
{}

Status ChangeWriter::checkColumns(const QString &table, const QVariantMap &fields) const
{
    if (!SyncedTables::isSynced(table))
        return Error{tr("%1 is not a synced table.").arg(table)};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!m_store.hasColumn(table, it.key()))
            return Error{tr("%1 has no field %2.").arg(table, it.key())};
    }
    return {};
}

Result<QString> ChangeWriter::insert(const QString &table, QVariantMap row)
{
    if (auto checked = checkColumns(table, row); !checked)
        return checked.error();
    if (row.value(QStringLiteral("id")).toString().isEmpty())
        row.insert(QStringLiteral("id"), newId());
    const QString id = row.value(QStringLiteral("id")).toString();
    row.insert(QStringLiteral("row_version"), 0);
    row.insert(QStringLiteral("updated_at"), m_store.clock().nowMs());
    row.insert(QStringLiteral("updated_by"), m_store.currentAgentId());
    row.insert(QStringLiteral("deleted"), 0);

    std::optional<Transaction> transaction;
    if (needsOwnTransaction(m_store, m_guard))
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();

    QStringList names;
    QStringList marks;
    for (auto it = row.cbegin(); it != row.cend(); ++it) {
        names.append(it.key());
        marks.append(QStringLiteral("?"));
    }
    QSqlQuery &query = StatementCache::prepared(m_store, QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                      .arg(table, names.join(QLatin1Char(',')), marks.join(QLatin1Char(','))));
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        query.addBindValue(bindable(it.value()));
    if (!query.exec())
        return sqlError(query, m_store);

    QVariantMap fields = row;
    fields.remove(QStringLiteral("row_version"));
    if (auto appended = appendOutbox(table, id, QStringLiteral("insert"), 0, fields); !appended)
        return appended.error();
    m_store.noteChange(table, customerOf(table, id, row.value(QStringLiteral("customer_id"))));
    if (transaction) {
        if (auto committed = transaction->commit(); !committed)
            return committed.error();
    }
    return id;
}

Status ChangeWriter::update(const QString &table, const QString &id, const QVariantMap &changes)
{
    return updateExpecting(table, id, changes, {});
}

Status ChangeWriter::updateExpecting(const QString &table, const QString &id,
                                     const QVariantMap &changes, const QVariantMap &expect)
{
    if (auto checked = checkColumns(table, changes); !checked)
        return checked;
    if (auto checked = checkColumns(table, expect); !checked)
        return checked;

    std::optional<Transaction> transaction;
    if (needsOwnTransaction(m_store, m_guard))
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();

    QSqlQuery current(m_store.database());
    current.prepare(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table));
    current.addBindValue(id);
    if (!current.exec())
        return sqlError(current, m_store);
    if (!current.next())
        return Error{tr("The record no longer exists (it may have been deleted or reassigned).")};
    const QSqlRecord record = current.record();
    for (auto it = expect.cbegin(); it != expect.cend(); ++it) {
        if (!sameValue(record.value(it.key()), it.value())) {
            return Error{tr("The record changed since this was decided (%1 is no longer %2).")
                             .arg(it.key(), it.value().toString()),
                         QStringLiteral("stale")};
        }
    }

    QVariantMap changed;
    for (auto it = changes.cbegin(); it != changes.cend(); ++it) {
        if (SyncedTables::isBookkeepingColumn(it.key()))
            continue;
        if (!sameValue(record.value(it.key()), it.value()))
            changed.insert(it.key(), it.value());
    }
    if (changed.isEmpty())
        return {};
    const qint64 baseVersion = record.value(QStringLiteral("row_version")).toLongLong();
    const QString customerId = customerOf(table, id, record.value(QStringLiteral("customer_id")));
    current.finish();

    QVariantMap row = changed;
    row.insert(QStringLiteral("updated_at"), m_store.clock().nowMs());
    row.insert(QStringLiteral("updated_by"), m_store.currentAgentId());
    QStringList assignments;
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        assignments.append(it.key() + QStringLiteral(" = ?"));
    QSqlQuery &query = StatementCache::prepared(m_store, QStringLiteral("UPDATE %1 SET %2 WHERE id = ?")
                      .arg(table, assignments.join(QLatin1Char(','))));
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        query.addBindValue(bindable(it.value()));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(query, m_store);

    if (auto appended = appendOutbox(table, id, QStringLiteral("update"), baseVersion, row, expect);
        !appended) {
        return appended;
    }
    m_store.noteChange(table, customerId);
    if (changed.contains(QStringLiteral("customer_id")))
        m_store.noteChange(table, changed.value(QStringLiteral("customer_id")).toString());
    return transaction ? transaction->commit() : Status{};
}

Status ChangeWriter::remove(const QString &table, const QString &id)
{
    if (auto checked = checkColumns(table, {}); !checked)
        return checked;
    std::optional<Transaction> transaction;
    if (needsOwnTransaction(m_store, m_guard))
        transaction.emplace(m_store);
    if (transaction && !transaction->isActive())
        return transaction->error();

    QSqlQuery current(m_store.database());
    current.prepare(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table));
    current.addBindValue(id);
    if (!current.exec())
        return sqlError(current, m_store);
    if (!current.next())
        return Error{tr("The record no longer exists (it may have been deleted or reassigned).")};
    const QSqlRecord record = current.record();
    const qint64 baseVersion = record.value(QStringLiteral("row_version")).toLongLong();
    const QString customerId = customerOf(table, id, record.value(QStringLiteral("customer_id")));
    current.finish();

    const qint64 now = m_store.clock().nowMs();
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("UPDATE %1 SET deleted = 1, updated_at = ?, updated_by = ? "
                                 "WHERE id = ?")
                      .arg(table));
    query.addBindValue(now);
    query.addBindValue(m_store.currentAgentId());
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(query, m_store);

    const QVariantMap fields = {{QStringLiteral("deleted"), 1},
                                {QStringLiteral("updated_at"), now},
                                {QStringLiteral("updated_by"), m_store.currentAgentId()}};
    if (auto appended = appendOutbox(table, id, QStringLiteral("delete"), baseVersion, fields);
        !appended) {
        return appended;
    }
    m_store.noteChange(table, customerId);
    return transaction ? transaction->commit() : Status{};
}

Status ChangeWriter::appendOutbox(const QString &table, const QString &rowId, const QString &op,
                                  qint64 baseRowVersion, const QVariantMap &fields,
                                  const QVariantMap &expect)
{
    QSqlQuery &query = StatementCache::prepared(m_store, QStringLiteral(
        "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, fields, "
        "created_at, expect) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(newId());
    query.addBindValue(table);
    query.addBindValue(rowId);
    query.addBindValue(op);
    query.addBindValue(baseRowVersion);
    // A null value (SQL NULL here) is JSON null, never "" or 0 as QJsonValue::fromVariant makes
    // it: a lead given back to the pool has no owner, not the owner "".
    QJsonObject values;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        values.insert(it.key(), it.value().isNull() ? QJsonValue(QJsonValue::Null)
                                                    : QJsonValue::fromVariant(it.value()));
    }
    query.addBindValue(QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact)));
    query.addBindValue(m_store.clock().nowMs());
    // A null value is JSON null (the column held nothing), never "".
    QJsonObject expected;
    for (auto it = expect.cbegin(); it != expect.cend(); ++it) {
        expected.insert(it.key(), it.value().isNull() ? QJsonValue(QJsonValue::Null)
                                                      : QJsonValue::fromVariant(it.value()));
    }
    query.addBindValue(expect.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                        : QVariant(QString::fromUtf8(QJsonDocument(expected).toJson(
                                              QJsonDocument::Compact))));
    if (!query.exec())
        return sqlError(query, m_store);
    return {};
}

} // namespace Leadline
