#include "importer.h"

#include "importdirectwriter.h"
#include "importrowbuilder.h"
#include "tablereader.h"
#include "tablewriter.h"

#include "core/customers/customerrepository.h"
#include "core/domain/clock.h"
#include "core/domain/customervalidation.h"
#include "core/domain/ids.h"
#include "core/reference/audittrail.h"
#include "core/reference/permissions.h"
#include "core/storage/bulkload.h"
#include "core/storage/changewriter.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"
#include "core/storage/statementcache.h"
#include "core/storage/transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace Leadline {

namespace {

QString toJson(const QVariantMap &map)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(map)).toJson(QJsonDocument::Compact));
}

// Existing customers by duplicate key ("p:" + E.164 digits, "e:" + e-mail).
QHash<QString, QString> existingKeys(const LocalStore &store)
{
    QHash<QString, QString> keys;
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    if (query.exec(QStringLiteral(
            "SELECT p.e164_digits, p.customer_id FROM phones p JOIN customers c ON c.id = "
            "p.customer_id WHERE p.deleted = 0 AND c.deleted = 0"))) {
        while (query.next())
            keys.insert(QStringLiteral("p:") + query.value(0).toString(), query.value(1).toString());
    }
    if (query.exec(QStringLiteral(
            "SELECT email, id FROM customers WHERE deleted = 0 AND email <> '' UNION ALL "
            "SELECT ct.email, ct.customer_id FROM contacts ct JOIN customers c ON c.id = "
            "ct.customer_id WHERE ct.deleted = 0 AND c.deleted = 0 AND ct.email <> ''"))) {
        while (query.next())
            keys.insert(QStringLiteral("e:") + query.value(0).toString().toCaseFolded(),
                        query.value(1).toString());
    }
    return keys;
}

// Active agents by lower-case login and name.
QHash<QString, QString> agentNames(const LocalStore &store)
{
    QHash<QString, QString> agents;
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral(
            "SELECT id, login, name FROM agents WHERE deleted = 0 AND active = 1"))) {
        while (query.next()) {
            agents.insert(query.value(1).toString().toCaseFolded(), query.value(0).toString());
            agents.insert(query.value(2).toString().toCaseFolded(), query.value(0).toString());
        }
    }
    return agents;
}

// The newest outbox entry so far. Read inside a write transaction (BEGIN IMMEDIATE holds the
// write lock), every entry after it is the transaction's own.
Result<qint64> outboxMark(const LocalStore &store)
{
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral("SELECT coalesce(max(seq), 0) FROM outbox")) || !query.next())
        return Error{Importer::tr("The import batch cannot be recorded in the workspace: %1")
                         .arg(query.lastError().text())};
    return query.value(0).toLongLong();
}

// Marks the outbox entries written after mark as this batch's work, whichever path wrote them
// (the direct writer marks its own as it writes them; the repository and the change writer do
// not know the batch): the server refuses an import to an agent, by the role it knows for the
// login (docs/sync.md).
Status markImportOrigin(const LocalStore &store, const QString &batchId, qint64 mark)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral(
        "UPDATE outbox SET import_batch = ? WHERE seq > ? AND import_batch IS NULL"));
    query.addBindValue(batchId);
    query.addBindValue(mark);
    if (!query.exec())
        return Error{Importer::tr("The import batch cannot be recorded in the workspace: %1")
                         .arg(query.lastError().text())};
    return {};
}

} // namespace

Importer::Importer(LocalStore &store)
    : m_store(store)
{}

Result<ImportReport> Importer::run(TableReader &reader, const ImportOptions &options,
                                   const Progress &progress)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::ImportLeads); !allowed)
        return allowed.error();

    ImportReport report;
    QStringList cells;
    while (reader.rowNumber() < options.headerRow) {
        if (!reader.next(cells)) {
            if (const auto error = reader.error())
                return *error;
            return Error{tr("The file has no header row %1.").arg(options.headerRow)};
        }
    }
    for (const QString &cell : std::as_const(cells))
        report.headers.append(cell.trimmed());
    report.mapping = options.mapping.fields.isEmpty()
                         ? ImportMapping::recall(m_store, report.headers)
                         : options.mapping;
    if (report.mapping.columnOf(QStringLiteral("name")) < 0
        && report.mapping.columnOf(QStringLiteral("company")) < 0
        && report.mapping.columnOf(QStringLiteral("contact_name")) < 0) {
        return Error{tr("No column holds the customer's name (headers: %1).")
                         .arg(report.headers.join(QStringLiteral(", ")))};
    }
    if (report.mapping.columnOf(QStringLiteral("phone")) < 0
        && report.mapping.columnOf(QStringLiteral("email")) < 0
        && report.mapping.columnOf(QStringLiteral("contact_email")) < 0) {
        return Error{tr("No column holds a phone number or an e-mail address (headers: %1).")
                         .arg(report.headers.join(QStringLiteral(", ")))};
    }

    // Who gets the new customers.
    QStringList owners;
    const QHash<QString, QString> agents = agentNames(m_store);
    switch (options.assignment.mode) {
    case ImportAssignment::Mode::FromFile:
    case ImportAssignment::Mode::Pool:
        break;
    case ImportAssignment::Mode::Owner: {
        const QString id = agents.value(options.assignment.value.toCaseFolded());
        if (id.isEmpty())
            return Error{tr("No active user has the login \"%1\".").arg(options.assignment.value)};
        owners.append(id);
        break;
    }
    case ImportAssignment::Mode::RoundRobin: {
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral(
            "SELECT a.id FROM agents a JOIN teams t ON t.id = a.team_id WHERE (t.name = ? OR "
            "t.id = ?) AND t.deleted = 0 AND a.deleted = 0 AND a.active = 1 ORDER BY a.login"));
        query.addBindValue(options.assignment.value);
        query.addBindValue(options.assignment.value);
        if (query.exec()) {
            while (query.next())
                owners.append(query.value(0).toString());
        }
        if (owners.isEmpty())
            return Error{tr("The team \"%1\" has no active members.").arg(options.assignment.value)};
        break;
    }
    }

    // An assignment chosen for the import replaces the file's owner column.
    ImportMapping rowMapping = report.mapping;
    if (options.assignment.mode != ImportAssignment::Mode::FromFile)
        rowMapping.fields.replaceInStrings(QRegularExpression(QStringLiteral("^owner$")), QString());
    const ImportRowBuilder builder(rowMapping, agents);
    const QHash<QString, QString> existing = existingKeys(m_store);
    QHash<QString, int> seen; // key → first row of this file with it
    const qint64 now = m_store.clock().nowMs();
    int nextOwner = 0;

    if (!options.dryRun) {
        report.batchId = newId();
        QSqlQuery batch(m_store.database());
        batch.prepare(QStringLiteral("INSERT INTO import_batches(id, file_name, tag, created_at, "
                                     "created_by) VALUES(?, ?, ?, ?, ?)"));
        batch.addBindValue(report.batchId);
        batch.addBindValue(options.fileName.isNull() ? QLatin1String("") : options.fileName);
        batch.addBindValue(options.tag.isNull() ? QLatin1String("") : options.tag);
        batch.addBindValue(now);
        batch.addBindValue(m_store.currentAgentId());
        if (!batch.exec())
            return Error{tr("The import batch cannot be recorded in the workspace: %1")
                             .arg(batch.lastError().text())};
        if (auto remembered = ImportMapping::remember(m_store, report.headers, report.mapping);
            !remembered) {
            return remembered.error();
        }
        if (options.bulk) {
            if (auto begun = BulkLoad::begin(m_store); !begun)
                return begun.error();
        }
    }
    // A large list reads and writes every page of the new rows' tables and indexes once: through
    // the workspace's fixed page cache, not a memory map that would keep each of them resident,
    // so the import's memory stays flat however long the list is. Restored when it ends.
    std::optional<qint64> mappedBytes;
    if (options.bulk && !options.dryRun) {
        QSqlQuery mmap(m_store.database());
        if (mmap.exec(QStringLiteral("PRAGMA mmap_size")) && mmap.next()) {
            mappedBytes = mmap.value(0).toLongLong();
            mmap.finish();
            (void)mmap.exec(QStringLiteral("PRAGMA mmap_size=0"));
        }
    }
    const auto restoreMap = qScopeGuard([&] {
        if (mappedBytes) {
            QSqlQuery mmap(m_store.database());
            (void)mmap.exec(QStringLiteral("PRAGMA mmap_size=%1").arg(*mappedBytes));
        }
    });
    auto fail = [&](int rowNumber, const QString &message, const QStringList &rowCells) {
        report.invalidRows.append(rowNumber);
        ++report.failed;
        report.errors.append(ImportRowError{rowNumber, message, rowCells});
    };

    // The builder validated each row; the batch tag is the one field the importer adds, so it
    // is checked once here. A tag the editor would refuse sends every row through
    // CustomerRepository, which refuses each the usual way.
    bool direct = options.directInsert;
    if (direct && !options.tag.isEmpty()) {
        Customer tagged;
        tagged.name = QStringLiteral("-");
        tagged.stage = QStringLiteral("首次联系");
        tagged.intent = QStringLiteral("无");
        tagged.tags = QStringList{options.tag};
        direct = validateCustomer(tagged).isEmpty();
    }

    // Rows validated and decided, waiting to be written as one batch.
    std::vector<PendingRow> pending;
    pending.reserve(size_t(qBound(1, options.batchSize, 10000)));
    auto flush = [&]() -> Status {
        if (pending.empty())
            return {};
        auto written = writeBatch(pending, report, fail, direct);
        pending.clear();
        return written;
    };

    while (reader.next(cells)) {
        const int rowNumber = reader.rowNumber();
        ImportedRow row = builder.build(cells);
        if (row.blank)
            continue;
        if (!row.errors.isEmpty()) {
            fail(rowNumber, row.errorText(), cells);
            continue;
        }
        bool inFile = false;
        QString match;
        for (const QString &key : std::as_const(row.keys)) {
            inFile = inFile || seen.contains(key);
            if (match.isEmpty())
                match = existing.value(key);
        }
        for (const QString &key : std::as_const(row.keys)) {
            if (!seen.contains(key))
                seen.insert(key, rowNumber);
        }
        const bool create = options.onDuplicate == DuplicatePolicy::Create
                            || (!inFile && match.isEmpty());
        if (inFile && !create) {
            report.duplicateInFile.append(rowNumber);
            ++report.skipped;
            continue;
        }
        if (!create && options.onDuplicate == DuplicatePolicy::Skip) {
            report.duplicateExisting.append(rowNumber);
            ++report.skipped;
            continue;
        }
        if (inFile)
            report.duplicateInFile.append(rowNumber);
        else if (!match.isEmpty())
            report.duplicateExisting.append(rowNumber);
        if (options.dryRun) {
            (create ? report.newRows : report.updateRows).append(rowNumber);
            ++(create ? report.imported : report.updated);
            continue;
        }

        PendingRow next;
        next.rowNumber = rowNumber;
        next.create = create;
        next.match = match;
        next.customer = std::move(row.customer);
        next.note = std::move(row.note);
        next.phones = std::move(row.phones);
        next.cells = cells;
        if (!options.tag.isEmpty() && !next.customer.tags.contains(options.tag))
            next.customer.tags.append(options.tag);
        if (create) {
            if (options.assignment.mode == ImportAssignment::Mode::Pool)
                next.customer.ownerId.clear();
            else if (!owners.isEmpty())
                next.customer.ownerId = owners.at(nextOwner++ % owners.size());
            next.customer.id = newId();
        }
        pending.push_back(std::move(next));
        if (int(pending.size()) >= options.batchSize) {
            if (auto written = flush(); !written)
                return written.error();
            if (progress && !progress(reader.permille())) {
                report.cancelled = true;
                break;
            }
        }
    }
    if (!report.cancelled) {
        if (auto written = flush(); !written)
            return written.error();
    }
    if (const auto error = reader.error(); error && !report.cancelled) {
        // The file broke off: keep what was written (it can be undone) and say where.
        report.errors.append(ImportRowError{reader.rowNumber() + 1, error->message, {}});
        ++report.failed;
    }
    // Rows refused while writing are reported at their batch's end: back in file order.
    std::stable_sort(report.errors.begin(), report.errors.end(),
                     [](const ImportRowError &a, const ImportRowError &b) { return a.row < b.row; });
    std::sort(report.invalidRows.begin(), report.invalidRows.end());
    if (options.bulk && !options.dryRun) {
        if (auto finished = BulkLoad::finish(m_store); !finished)
            return finished.error();
    }
    if (!options.dryRun) {
        QSqlQuery counts(m_store.database());
        counts.prepare(QStringLiteral("UPDATE import_batches SET imported = ?, updated = ?, "
                                      "skipped = ?, failed = ? WHERE id = ?"));
        counts.addBindValue(report.imported);
        counts.addBindValue(report.updated);
        counts.addBindValue(report.skipped);
        counts.addBindValue(report.failed);
        counts.addBindValue(report.batchId);
        (void)counts.exec();
        if (auto audited = recordBatch(report, options); !audited)
            return audited.error();
    }
    if (progress && !report.cancelled)
        (void)progress(1000);
    return report;
}

Status Importer::writeBatch(std::vector<PendingRow> &rows, ImportReport &report,
                            const RowFailure &fail, bool direct)
{
    // First the fast way: the whole batch in one transaction, no savepoint per row, created
    // customers bound directly.
    {
        Transaction transaction(m_store);
        if (!transaction.isActive())
            return transaction.error();
        const auto mark = outboxMark(m_store);
        if (!mark)
            return mark.error();
        CustomerRepository repository(m_store, ChangeWriter::Guard::CallersTransaction);
        ChangeWriter writer(m_store, ChangeWriter::Guard::CallersTransaction);
        std::unique_ptr<ImportDirectWriter> directWriter;
        if (direct) {
            if (auto prepared = ImportDirectWriter::prepare(m_store, report.batchId))
                directWriter = std::move(prepared.value());
        }
        bool whole = true;
        for (PendingRow &row : rows) {
            if (directWriter && row.create && ImportDirectWriter::fits(row.customer, row.phones)) {
                if (!directWriter->create({&row.customer, &row.phones, &row.note, row.rowNumber})) {
                    whole = false;
                    break;
                }
                row.outcome = RowOutcome::Created;
                continue;
            }
            // The outbox keeps the order the rows were written in.
            if (directWriter && !directWriter->flushOutbox()) {
                whole = false;
                break;
            }
            auto outcome = writeRow(row, report.batchId, report.mapping, repository, writer);
            if (!outcome) {
                whole = false;
                break;
            }
            row.outcome = *outcome;
        }
        if (whole && directWriter)
            whole = directWriter->flushOutbox().ok();
        if (whole)
            whole = markImportOrigin(m_store, report.batchId, *mark).ok();
        if (whole && transaction.commit())
            return countBatch(rows, report);
    }
    // Something in the batch failed (and it was all rolled back): row by row, each row whole or
    // not at all, so the good rows are kept and the bad ones reported.
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    const auto mark = outboxMark(m_store);
    if (!mark)
        return mark.error();
    CustomerRepository repository(m_store);
    ChangeWriter writer(m_store);
    for (PendingRow &row : rows) {
        Transaction one(m_store);
        if (!one.isActive())
            return one.error();
        auto outcome = writeRow(row, report.batchId, report.mapping, repository, writer);
        if (outcome && one.commit()) {
            row.outcome = *outcome;
        } else {
            one.rollback();
            row.outcome = RowOutcome::Failed;
            row.error = outcome ? tr("the row cannot be saved") : outcome.message();
        }
    }
    if (auto marked = markImportOrigin(m_store, report.batchId, *mark); !marked)
        return marked;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    for (const PendingRow &row : rows) {
        if (row.outcome == RowOutcome::Failed)
            fail(row.rowNumber, row.error, row.cells);
    }
    return countBatch(rows, report);
}

Status Importer::recordBatch(const ImportReport &report, const ImportOptions &options)
{
    // One audit entry per batch, sent after its rows and marked as the batch's work like them:
    // the server keeps it with who sent it, and refuses it (and the rows) to an agent.
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    const auto mark = outboxMark(m_store);
    if (!mark)
        return mark.error();
    const QJsonObject detail = {{QStringLiteral("batch"), report.batchId},
                                {QStringLiteral("file"), options.fileName},
                                {QStringLiteral("tag"), options.tag},
                                {QStringLiteral("imported"), report.imported},
                                {QStringLiteral("updated"), report.updated},
                                {QStringLiteral("skipped"), report.skipped},
                                {QStringLiteral("failed"), report.failed},
                                {QStringLiteral("cancelled"), report.cancelled}};
    if (auto audited = AuditTrail(m_store).record(QStringLiteral("import"),
                                                  QStringLiteral("import_batches"),
                                                  report.batchId, detail);
        !audited) {
        return audited;
    }
    if (auto marked = markImportOrigin(m_store, report.batchId, *mark); !marked)
        return marked;
    return transaction.commit();
}

Status Importer::countBatch(const std::vector<PendingRow> &rows, ImportReport &report)
{
    for (const PendingRow &row : rows) {
        switch (row.outcome) {
        case RowOutcome::Created:
            report.newRows.append(row.rowNumber);
            ++report.imported;
            break;
        case RowOutcome::Updated:
            report.updateRows.append(row.rowNumber);
            ++report.updated;
            break;
        case RowOutcome::Unchanged:
            ++report.skipped;
            break;
        case RowOutcome::Failed:
            break;
        }
    }
    return {};
}

Result<Importer::RowOutcome> Importer::writeRow(const PendingRow &row, const QString &batchId,
                                                const ImportMapping &mapping,
                                                CustomerRepository &repository,
                                                ChangeWriter &writer)
{
    QString customerId;
    QVariantMap before;
    QVariantMap after;
    if (row.create) {
        auto created = repository.create(row.customer);
        if (!created)
            return created.error();
        customerId = *created;
        after = ImportRowBuilder::profile(row.customer);
    } else {
        auto stored = repository.load(row.match);
        if (!stored)
            return stored.error();
        Customer edited = *stored;
        const QVariantMap storedProfile = ImportRowBuilder::profile(*stored);
        const QVariantMap rowProfile = ImportRowBuilder::profile(row.customer);
        for (int i = 0; i < mapping.fields.size(); ++i) {
            QString key = mapping.fields.at(i);
            if (key == QLatin1String("owner"))
                key = QStringLiteral("owner_id");
            if (!rowProfile.contains(key) || row.cells.value(i).trimmed().isEmpty())
                continue;
            if (rowProfile.value(key).toString() == storedProfile.value(key).toString())
                continue;
            before.insert(key, storedProfile.value(key));
            after.insert(key, rowProfile.value(key));
        }
        ImportRowBuilder::applyProfile(edited, after);
        QStringList addedPhones;
        const QStringList known = stored->allPhones();
        for (const ContactPhone &phone : row.customer.contacts.value(0).phones) {
            if (!known.contains(phone.e164))
                addedPhones.append(phone.e164);
        }
        if (!addedPhones.isEmpty()) {
            if (edited.contacts.isEmpty())
                edited.contacts.append(Contact{{}, edited.name, {}, {}, true, {}});
            for (const QString &e164 : std::as_const(addedPhones))
                edited.contacts.first().phones.append(ContactPhone{{}, e164, {}});
            after.insert(QStringLiteral("phones_added"), addedPhones);
        }
        QStringList addedTags;
        for (const QString &tag : row.customer.tags) {
            if (!edited.tags.contains(tag)) {
                edited.tags.append(tag);
                addedTags.append(tag);
            }
        }
        if (!addedTags.isEmpty())
            after.insert(QStringLiteral("tags_added"), addedTags);
        // Nothing in the row differs from the customer: nothing to write or undo.
        if (after.isEmpty())
            return RowOutcome::Unchanged;
        if (auto saved = repository.save(edited); !saved)
            return saved.error();
        customerId = edited.id;
    }
    if (!row.note.isEmpty()) {
        auto note = writer.insert(QStringLiteral("notes"),
                                  {{QStringLiteral("customer_id"), customerId},
                                   {QStringLiteral("agent_id"), m_store.currentAgentId()},
                                   {QStringLiteral("body"), row.note},
                                   {QStringLiteral("created_at"), m_store.clock().nowMs()}});
        if (!note)
            return note.error();
    }
    QSqlQuery &record = StatementCache::prepared(m_store, QStringLiteral(
        "INSERT INTO import_batch_rows(batch_id, row_number, customer_id, action, "
        "before_image, after_image) VALUES(?, ?, ?, ?, ?, ?)"));
    record.addBindValue(batchId);
    record.addBindValue(row.rowNumber);
    record.addBindValue(customerId);
    record.addBindValue(row.create ? QStringLiteral("created") : QStringLiteral("updated"));
    record.addBindValue(toJson(before));
    record.addBindValue(toJson(after));
    if (!record.exec())
        return Error{tr("The import batch cannot be recorded in the workspace: %1")
                         .arg(record.lastError().text())};
    if (row.create) {
        // The rule trigger "lead imported", in the same transaction as the customer.
        DomainEvents::announce(m_store, DomainEvent{QStringLiteral("lead_imported"), customerId,
                                                    {}, batchId, customerId});
    }
    return row.create ? RowOutcome::Created : RowOutcome::Updated;
}

Status Importer::saveFailedRows(const ImportReport &report, const QString &path)
{
    auto writer = TableWriter::create(path, TableWriter::Format::Csv);
    if (!writer)
        return writer.error();
    QStringList header = report.headers;
    header.prepend(tr("Row"));
    header.append(tr("Error"));
    if (auto written = writer.value()->writeRow(header); !written)
        return written;
    for (const ImportRowError &error : report.errors) {
        QStringList cells = error.cells;
        while (cells.size() < report.headers.size())
            cells.append(QString());
        cells.prepend(QString::number(error.row));
        cells.append(error.message);
        if (auto written = writer.value()->writeRow(cells); !written)
            return written;
    }
    return writer.value()->close();
}

} // namespace Leadline
