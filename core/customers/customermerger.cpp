#include "customermerger.h"

#include "core/reference/permissions.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"
#include "core/domain/ids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace Leadline {

namespace {

// Tables whose rows belong to a customer through customer_id and move with a merge.
const QStringList &movedTables()
{
    static const QStringList tables = {QStringLiteral("contacts"), QStringLiteral("phones"),
                                       QStringLiteral("calls"),    QStringLiteral("notes"),
                                       QStringLiteral("todos"),    QStringLiteral("stage_changes")};
    return tables;
}

// Profile fields a merge fills on the survivor when it has them blank.
const QStringList &fillableFields()
{
    static const QStringList fields = {QStringLiteral("company"),  QStringLiteral("title"),
                                       QStringLiteral("email"),    QStringLiteral("industry"),
                                       QStringLiteral("region"),   QStringLiteral("source"),
                                       QStringLiteral("customer_type")};
    return fields;
}

// The highest outbox sequence number ever handed out: with AUTOINCREMENT the next entry gets
// the one after it, even when pushed entries have since been deleted.
qint64 lastOutboxSeq(LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral(
            "SELECT max(COALESCE((SELECT max(seq) FROM outbox), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0))"))
        && query.next()) {
        return query.value(0).toLongLong();
    }
    return 0;
}

/// Remembers the columns a merge is about to change on one row, so undo can put them back.
QJsonObject before(LocalStore &store, const QString &table, const QString &id,
                   const QStringList &columns)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table));
    query.addBindValue(id);
    QJsonObject values;
    if (query.exec() && query.next()) {
        const QSqlRecord record = query.record();
        for (const QString &column : columns + QStringList{QStringLiteral("updated_at"),
                                                            QStringLiteral("updated_by"),
                                                            QStringLiteral("deleted")}) {
            values.insert(column, QJsonValue::fromVariant(record.value(column)));
        }
    }
    return {{QStringLiteral("table"), table}, {QStringLiteral("id"), id},
            {QStringLiteral("values"), values}};
}

QStringList idsOf(LocalStore &store, const QString &sql, const QString &customerId)
{
    QSqlQuery query(store.database());
    query.prepare(sql);
    query.addBindValue(customerId);
    QStringList ids;
    if (query.exec()) {
        while (query.next())
            ids.append(query.value(0).toString());
    }
    return ids;
}

} // namespace

CustomerMerger::CustomerMerger(LocalStore &store)
    : m_store(store)
{}

Result<QString> CustomerMerger::merge(const QString &survivorId, const QString &mergedId)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::MergeCustomers); !allowed)
        return allowed.error();
    if (survivorId == mergedId)
        return Error{tr("A customer cannot be merged into itself.")};

    QSqlQuery load(m_store.database());
    load.prepare(QStringLiteral("SELECT * FROM customers WHERE id = ? AND deleted = 0"));
    load.addBindValue(survivorId);
    if (!load.exec() || !load.next())
        return Error{tr("The customer to keep no longer exists.")};
    const QSqlRecord survivor = load.record();
    load.addBindValue(mergedId);
    if (!load.exec() || !load.next())
        return Error{tr("The duplicate customer no longer exists.")};
    const QSqlRecord merged = load.record();
    load.finish();

    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    const qint64 firstSeq = lastOutboxSeq(m_store) + 1;
    ChangeWriter writer(m_store);
    QJsonArray snapshot;
    const QVariantMap moveTo = {{QStringLiteral("customer_id"), survivorId}};

    for (const QString &table : movedTables()) {
        const QStringList ids = idsOf(m_store,
                                      QStringLiteral("SELECT id FROM %1 WHERE customer_id = ? "
                                                     "AND deleted = 0 ORDER BY id").arg(table),
                                      mergedId);
        for (const QString &id : ids) {
            snapshot.append(before(m_store, table, id, {QStringLiteral("customer_id")}));
            if (auto moved = writer.update(table, id, moveTo); !moved)
                return moved.error();
        }
    }

    // Tags: a tag the survivor already has is dropped from the duplicate, the others move.
    const QStringList survivorTags = idsOf(
        m_store, QStringLiteral("SELECT tag_id FROM customer_tags WHERE customer_id = ? AND deleted = 0"),
        survivorId);
    QSqlQuery links(m_store.database());
    links.prepare(QStringLiteral("SELECT id, tag_id FROM customer_tags WHERE customer_id = ? "
                                 "AND deleted = 0 ORDER BY id"));
    links.addBindValue(mergedId);
    QList<QPair<QString, QString>> tagLinks;
    if (links.exec()) {
        while (links.next())
            tagLinks.append({links.value(0).toString(), links.value(1).toString()});
    }
    for (const auto &[linkId, tagId] : tagLinks) {
        snapshot.append(before(m_store, QStringLiteral("customer_tags"), linkId, {QStringLiteral("customer_id")}));
        const Status written = survivorTags.contains(tagId)
                                   ? writer.remove(QStringLiteral("customer_tags"), linkId)
                                   : writer.update(QStringLiteral("customer_tags"), linkId, moveTo);
        if (!written)
            return written.error();
    }

    QVariantMap filled;
    for (const QString &field : fillableFields()) {
        if (survivor.value(field).toString().isEmpty() && !merged.value(field).toString().isEmpty())
            filled.insert(field, merged.value(field));
    }
    if (!filled.isEmpty()) {
        snapshot.append(before(m_store, QStringLiteral("customers"), survivorId, filled.keys()));
        if (auto updated = writer.update(QStringLiteral("customers"), survivorId, filled); !updated)
            return updated.error();
    }

    snapshot.append(before(m_store, QStringLiteral("customers"), mergedId, {}));
    if (auto removed = writer.remove(QStringLiteral("customers"), mergedId); !removed)
        return removed.error();

    const QString company = merged.value(QStringLiteral("company")).toString();
    auto event = writer.insert(
        QStringLiteral("stage_changes"),
        {{QStringLiteral("customer_id"), survivorId},
         {QStringLiteral("agent_id"), m_store.currentAgentId()},
         {QStringLiteral("kind"), QStringLiteral("merge")},
         {QStringLiteral("from_value"), merged.value(QStringLiteral("name")).toString()},
         {QStringLiteral("to_value"), survivor.value(QStringLiteral("name")).toString()},
         {QStringLiteral("detail"),
          company.isEmpty() ? tr("Merged customer %1").arg(mergedId)
                            : tr("Merged customer %1 (%2)").arg(mergedId, company)},
         {QStringLiteral("at"), m_store.clock().nowMs()}});
    if (!event)
        return event.error();
    snapshot.append(QJsonObject{{QStringLiteral("table"), QStringLiteral("stage_changes")},
                                {QStringLiteral("id"), *event},
                                {QStringLiteral("inserted"), true}});

    const qint64 lastSeq = lastOutboxSeq(m_store);
    const QString mergeId = newId();
    QSqlQuery record(m_store.database());
    record.prepare(QStringLiteral("INSERT INTO merge_undo(id, survivor_id, merged_id, first_seq, "
                                  "last_seq, snapshot, at) VALUES(?, ?, ?, ?, ?, ?, ?)"));
    record.addBindValue(mergeId);
    record.addBindValue(survivorId);
    record.addBindValue(mergedId);
    record.addBindValue(firstSeq);
    record.addBindValue(lastSeq);
    record.addBindValue(QString::fromUtf8(QJsonDocument(snapshot).toJson(QJsonDocument::Compact)));
    record.addBindValue(m_store.clock().nowMs());
    if (!record.exec())
        return Error{tr("The merge could not be saved: %1").arg(record.lastError().text())};
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return mergeId;
}

bool CustomerMerger::canUndo(const QString &mergeId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT (SELECT count(*) FROM outbox WHERE seq BETWEEN m.first_seq AND m.last_seq), "
        "m.last_seq - m.first_seq + 1 FROM merge_undo m WHERE m.id = ?"));
    query.addBindValue(mergeId);
    return query.exec() && query.next() && query.value(0).toLongLong() == query.value(1).toLongLong();
}

Status CustomerMerger::undo(const QString &mergeId)
{
    QSqlQuery load(m_store.database());
    load.prepare(QStringLiteral("SELECT survivor_id, merged_id, first_seq, last_seq, snapshot "
                                "FROM merge_undo WHERE id = ?"));
    load.addBindValue(mergeId);
    if (!load.exec() || !load.next())
        return Error{tr("This merge cannot be undone any more.")};
    const QString survivorId = load.value(0).toString();
    const QString mergedId = load.value(1).toString();
    const qint64 firstSeq = load.value(2).toLongLong();
    const qint64 lastSeq = load.value(3).toLongLong();
    const QJsonArray snapshot = QJsonDocument::fromJson(load.value(4).toString().toUtf8()).array();
    load.finish();
    if (!canUndo(mergeId))
        return Error{tr("The merge has already been sent to the server and cannot be undone.")};
    if (auto allowed = Permissions(m_store).check(Permissions::Action::MergeCustomers); !allowed)
        return allowed;

    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    auto failed = [](const QSqlQuery &query) {
        return Error{tr("The merge could not be undone: %1").arg(query.lastError().text())};
    };
    // Newest change first, so a row touched twice ends with its oldest value.
    for (qsizetype i = snapshot.size() - 1; i >= 0; --i) {
        const QJsonObject entry = snapshot.at(i).toObject();
        const QString table = entry.value(QStringLiteral("table")).toString();
        const QString id = entry.value(QStringLiteral("id")).toString();
        const QStringList columns = m_store.columns(table);
        if (columns.isEmpty())
            return Error{tr("The merge could not be undone: unknown table %1.").arg(table)};
        QSqlQuery query(m_store.database());
        if (entry.value(QStringLiteral("inserted")).toBool()) {
            query.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table));
            query.addBindValue(id);
        } else {
            const QJsonObject values = entry.value(QStringLiteral("values")).toObject();
            QStringList assignments;
            QVariantList binds;
            for (auto value = values.constBegin(); value != values.constEnd(); ++value) {
                if (!columns.contains(value.key()))
                    return Error{tr("The merge could not be undone: unknown field %1.").arg(value.key())};
                assignments.append(value.key() + QStringLiteral(" = ?"));
                binds.append(value.value().toVariant());
            }
            query.prepare(QStringLiteral("UPDATE %1 SET %2 WHERE id = ?")
                              .arg(table, assignments.join(QStringLiteral(", "))));
            for (const QVariant &bind : binds)
                query.addBindValue(bind);
            query.addBindValue(id);
        }
        if (!query.exec())
            return failed(query);
        m_store.noteChange(table, survivorId);
    }
    m_store.noteChange(QStringLiteral("customers"), survivorId);
    m_store.noteChange(QStringLiteral("customers"), mergedId);
    // The merge never happened as far as the server will know: its mutations are withdrawn.
    QSqlQuery outbox(m_store.database());
    outbox.prepare(QStringLiteral("DELETE FROM outbox WHERE seq BETWEEN ? AND ?"));
    outbox.addBindValue(firstSeq);
    outbox.addBindValue(lastSeq);
    if (!outbox.exec())
        return failed(outbox);
    QSqlQuery forget(m_store.database());
    forget.prepare(QStringLiteral("DELETE FROM merge_undo WHERE id = ?"));
    forget.addBindValue(mergeId);
    if (!forget.exec())
        return failed(forget);
    if (auto committed = transaction.commit(); !committed)
        return committed;
    return {};
}

} // namespace Leadline
