#include "commands.h"

#include "core/importexport/importer.h"
#include "core/importexport/importundo.h"
#include "core/importexport/tablereader.h"
#include "core/storage/localstore.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Leadline::Cli {

namespace {

QJsonArray rowsJson(const QList<int> &rows)
{
    QJsonArray array;
    for (int row : rows)
        array.append(row);
    return array;
}

int runUndo(Context &context, LocalStore &store)
{
    if (context.positional.size() < 2)
        return fail(tr("import undo needs a BATCH id"));
    const auto undone = ImportUndo(store).undo(context.positional.at(1));
    if (!undone)
        return fail(undone.message());
    if (context.json) {
        QJsonArray kept;
        for (const UndoSkip &skip : undone->editedSince) {
            kept.append(QJsonObject{{QStringLiteral("id"), skip.customerId},
                                    {QStringLiteral("name"), skip.name},
                                    {QStringLiteral("row"), skip.row}});
        }
        printJson({{QStringLiteral("removed"), undone->removed},
                   {QStringLiteral("restored"), undone->restored},
                   {QStringLiteral("edited_since"), kept}});
        return 0;
    }
    printLine(tr("Removed %1 customers, restored %2.").arg(undone->removed).arg(undone->restored));
    for (const UndoSkip &skip : undone->editedSince)
        printLine(tr("Left as it is (edited since the import): row %1, %2").arg(skip.row).arg(skip.name));
    return 0;
}

} // namespace

void declareImport(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("sheet"), tr("The workbook sheet to import (default: the first)."),
         QStringLiteral("S")},
        {QStringLiteral("encoding"), tr("The CSV file's encoding (default: detected)."),
         QStringLiteral("E")},
        {QStringLiteral("header-row"), tr("The row holding the column headers (default 1)."),
         QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("on-duplicate"),
         tr("What to do with a row matching an existing customer by phone or e-mail."),
         QStringLiteral("skip|update|create"), QStringLiteral("skip")},
        {QStringLiteral("owner"), tr("Give the new customers to this user."), QStringLiteral("L")},
        {QStringLiteral("pool"), tr("Put the new customers in the lead pool.")},
        {QStringLiteral("round-robin"), tr("Share the new customers among a team's members."),
         QStringLiteral("TEAM")},
        {QStringLiteral("tag"), tr("Tag every imported customer."), QStringLiteral("T")},
        {QStringLiteral("dry-run"), tr("Check and count only; write nothing.")},
        {QStringLiteral("failed-rows"), tr("Save the rows that failed, with an error column."),
         QStringLiteral("FILE")},
    });
}

int runImport(Context &context)
{
    if (context.positional.isEmpty())
        return fail(tr("import needs a FILE (or undo BATCH)"));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    if (context.positional.first() == QLatin1String("undo")
        && !QFileInfo::exists(context.positional.first())) {
        return runUndo(context, *store.value());
    }

    const QCommandLineParser &parser = context.parser;
    ImportOptions options;
    const QString file = context.positional.first();
    options.fileName = QFileInfo(file).fileName();
    bool ok = false;
    options.headerRow = parser.value(QStringLiteral("header-row")).toInt(&ok);
    if (!ok || options.headerRow < 1)
        return fail(tr("--header-row takes a positive number"));
    const QString policy = parser.value(QStringLiteral("on-duplicate"));
    if (policy == QLatin1String("skip"))
        options.onDuplicate = DuplicatePolicy::Skip;
    else if (policy == QLatin1String("update"))
        options.onDuplicate = DuplicatePolicy::Update;
    else if (policy == QLatin1String("create"))
        options.onDuplicate = DuplicatePolicy::Create;
    else
        return fail(tr("--on-duplicate takes skip, update or create"));
    const int assignments = int(parser.isSet(QStringLiteral("owner")))
                            + int(parser.isSet(QStringLiteral("pool")))
                            + int(parser.isSet(QStringLiteral("round-robin")));
    if (assignments > 1)
        return fail(tr("give only one of --owner, --pool and --round-robin"));
    if (parser.isSet(QStringLiteral("owner")))
        options.assignment = {ImportAssignment::Mode::Owner, parser.value(QStringLiteral("owner"))};
    else if (parser.isSet(QStringLiteral("pool")))
        options.assignment = {ImportAssignment::Mode::Pool, {}};
    else if (parser.isSet(QStringLiteral("round-robin")))
        options.assignment = {ImportAssignment::Mode::RoundRobin,
                              parser.value(QStringLiteral("round-robin"))};
    options.tag = parser.value(QStringLiteral("tag"));
    options.dryRun = parser.isSet(QStringLiteral("dry-run"));
    // A long list is written with the indexes paused and built once at the end.
    options.bulk = QFileInfo(file).size() > 4 * 1024 * 1024;

    auto reader = TableReader::open(file, parser.value(QStringLiteral("sheet")),
                                    parser.value(QStringLiteral("encoding")));
    if (!reader)
        return fail(reader.message());
    const auto report = Importer(*store.value()).run(*reader.value(), options);
    if (!report)
        return fail(report.message());
    if (parser.isSet(QStringLiteral("failed-rows")) && !report->errors.isEmpty()) {
        if (auto saved = Importer::saveFailedRows(*report, parser.value(QStringLiteral("failed-rows")));
            !saved) {
            return fail(saved.message());
        }
    }
    if (context.json) {
        QJsonArray errors;
        for (const ImportRowError &error : report->errors) {
            errors.append(QJsonObject{{QStringLiteral("row"), error.row},
                                      {QStringLiteral("message"), error.message}});
        }
        printJson({
            {QStringLiteral("imported"), report->imported},
            {QStringLiteral("updated"), report->updated},
            {QStringLiteral("skipped"), report->skipped},
            {QStringLiteral("failed"), report->failed},
            {QStringLiteral("errors"), errors},
            {QStringLiteral("batch"), report->batchId.isEmpty() ? QJsonValue() : QJsonValue(report->batchId)},
            {QStringLiteral("dry_run"), options.dryRun},
            {QStringLiteral("mapping"), QJsonArray::fromStringList(report->mapping.fields)},
            {QStringLiteral("new_rows"), rowsJson(report->newRows)},
            {QStringLiteral("update_rows"), rowsJson(report->updateRows)},
            {QStringLiteral("duplicate_in_file_rows"), rowsJson(report->duplicateInFile)},
            {QStringLiteral("duplicate_existing_rows"), rowsJson(report->duplicateExisting)},
            {QStringLiteral("invalid_rows"), rowsJson(report->invalidRows)},
        });
        return 0;
    }
    printLine(tr("Imported %1, updated %2, skipped %3, failed %4.%5")
                  .arg(report->imported)
                  .arg(report->updated)
                  .arg(report->skipped)
                  .arg(report->failed)
                  .arg(report->batchId.isEmpty() ? QString()
                                                 : tr(" Batch: %1").arg(report->batchId)));
    for (const ImportRowError &error : report->errors)
        printLine(tr("Row %1: %2").arg(error.row).arg(error.message));
    return 0;
}

} // namespace Leadline::Cli
