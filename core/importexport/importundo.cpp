#include "importundo.h"

#include "importrowbuilder.h"

#include "core/customers/customerrepository.h"
#include "core/domain/clock.h"
#include "core/reference/permissions.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QVariantMap fromJson(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object().toVariantMap();
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.typeId() == QMetaType::Double || b.typeId() == QMetaType::Double)
        return qFuzzyCompare(1.0 + a.toDouble(), 1.0 + b.toDouble());
    return a.toString() == b.toString();
}

// True when every profile field the import wrote still has the value it wrote.
bool unchangedSince(const Customer &customer, const QVariantMap &after)
{
    const QVariantMap now = ImportRowBuilder::profile(customer);
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (now.contains(it.key()) && !sameValue(now.value(it.key()), it.value()))
            return false;
    }
    return true;
}

} // namespace

ImportUndo::ImportUndo(LocalStore &store)
    : m_store(store)
{}

Result<UndoReport> ImportUndo::undo(const QString &batchId)
{
    return run(batchId, true);
}

Result<UndoReport> ImportUndo::preview(const QString &batchId)
{
    return run(batchId, false);
}

Result<QList<ImportBatch>> ImportUndo::batches() const
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::ImportLeads); !allowed)
        return allowed.error();
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT b.id, b.file_name, b.tag, b.created_at, COALESCE(NULLIF(a.name, ''), a.login, "
            "b.created_by, ''), b.imported, b.updated, b.skipped, b.failed, b.undone_at "
            "FROM import_batches b LEFT JOIN agents a ON a.id = b.created_by "
            "ORDER BY b.created_at DESC, b.rowid DESC"))) {
        return Error{tr("The import batches cannot be read: %1").arg(query.lastError().text())};
    }
    QList<ImportBatch> batches;
    while (query.next()) {
        batches.append(ImportBatch{query.value(0).toString(), query.value(1).toString(),
                                   query.value(2).toString(), query.value(3).toLongLong(),
                                   query.value(4).toString(), query.value(5).toInt(),
                                   query.value(6).toInt(), query.value(7).toInt(),
                                   query.value(8).toInt(), query.value(9).toLongLong()});
    }
    return batches;
}

Result<UndoReport> ImportUndo::run(const QString &batchId, bool write)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::ImportLeads); !allowed)
        return allowed.error();
    QSqlQuery batch(m_store.database());
    batch.prepare(QStringLiteral("SELECT undone_at FROM import_batches WHERE id = ?"));
    batch.addBindValue(batchId);
    if (!batch.exec() || !batch.next())
        return Error{tr("There is no import batch %1 in this workspace.").arg(batchId)};
    if (!batch.value(0).isNull())
        return Error{tr("The import batch %1 was already undone.").arg(batchId)};

    struct Item
    {
        int row;
        QString customerId;
        bool created;
        QVariantMap before;
        QVariantMap after;
    };
    QList<Item> items;
    QSqlQuery rows(m_store.database());
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT row_number, customer_id, action, before_image, after_image "
                                "FROM import_batch_rows WHERE batch_id = ? ORDER BY rowid"));
    rows.addBindValue(batchId);
    if (!rows.exec())
        return Error{tr("The import batch %1 cannot be read.").arg(batchId)};
    while (rows.next()) {
        items.append(Item{rows.value(0).toInt(), rows.value(1).toString(),
                          rows.value(2).toString() == QLatin1String("created"),
                          fromJson(rows.value(3).toString()), fromJson(rows.value(4).toString())});
    }

    UndoReport report;
    CustomerRepository repository(m_store);
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    for (const Item &item : std::as_const(items)) {
        const auto current = repository.load(item.customerId);
        if (!current && current.error().missing)
            continue; // deleted meanwhile: nothing left to undo
        if (!current)
            return current.error();
        if (!unchangedSince(*current, item.after)) {
            report.editedSince.append(UndoSkip{item.customerId, current->name, item.row});
            continue;
        }
        if (!write) {
            ++(item.created ? report.removed : report.restored);
            continue;
        }
        if (item.created) {
            if (auto removed = repository.remove(item.customerId); !removed)
                return removed.error();
            ++report.removed;
            continue;
        }
        Customer restored = *current;
        ImportRowBuilder::applyProfile(restored, item.before);
        const QStringList phones = item.after.value(QStringLiteral("phones_added")).toStringList();
        for (Contact &contact : restored.contacts) {
            contact.phones.removeIf(
                [&](const ContactPhone &phone) { return phones.contains(phone.e164); });
        }
        const QStringList tags = item.after.value(QStringLiteral("tags_added")).toStringList();
        restored.tags.removeIf([&](const QString &tag) { return tags.contains(tag); });
        if (auto saved = repository.save(restored); !saved)
            return saved.error();
        ++report.restored;
    }
    if (!write)
        return report; // the transaction rolls back: nothing changed
    QSqlQuery done(m_store.database());
    done.prepare(QStringLiteral("UPDATE import_batches SET undone_at = ? WHERE id = ?"));
    done.addBindValue(m_store.clock().nowMs());
    done.addBindValue(batchId);
    if (!done.exec())
        return Error{tr("The import batch %1 cannot be marked undone.").arg(batchId)};
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return report;
}

} // namespace Leadline
