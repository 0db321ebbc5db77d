#include "commands.h"

#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

int runCheck(Context &context)
{
    const QString path = workspacePath(context.parser);
    QElapsedTimer opening;
    opening.start();
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    const qint64 openMs = opening.elapsed();
    QElapsedTimer checking;
    checking.start();
    QSqlDatabase db = (*store)->database();
    const auto problems = WorkspaceCheck::checkAllPages(db, context.parser.isSet(QStringLiteral("thorough")));
    if (!problems)
        return fail(problems.message());
    const qint64 checkMs = checking.elapsed();
    if (context.json) {
        printJson({{QStringLiteral("ok"), problems->isEmpty()},
                   {QStringLiteral("bytes"), QFileInfo(path).size()},
                   {QStringLiteral("open_ms"), openMs},
                   {QStringLiteral("check_ms"), checkMs},
                   {QStringLiteral("problems"), QJsonArray::fromStringList(*problems)}});
    } else if (problems->isEmpty()) {
        printLine(tr("Workspace %1 is whole (every page read in %2 ms).").arg(path).arg(checkMs));
    } else {
        for (const QString &problem : *problems)
            printLine(problem);
    }
    if (!problems->isEmpty())
        return fail(tr("Workspace %1 is damaged; recover it from the server or restore a backup.")
                        .arg(path));
    return 0;
}

int runBackup(Context &context)
{
    if (context.positional.size() < 2)
        return fail(tr("workspace backup needs a FILE to write"));
    const QString target = context.positional.at(1);
    if (QFileInfo::exists(target))
        return fail(tr("%1 already exists; a backup never overwrites a file.").arg(target));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    // VACUUM INTO reads one consistent snapshot (the file and its write-ahead log) while other
    // connections go on writing, and writes a compact copy without a log of its own.
    QSqlQuery query((*store)->database());
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(QFileInfo(target).absoluteFilePath());
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        return fail(tr("The backup to %1 failed: %2").arg(target, error.databaseText()));
    }
    query.finish();
    auto copy = LocalStore::openExisting(target);
    if (!copy)
        return fail(tr("The backup %1 could not be read back: %2").arg(target, copy.message()));
    if (context.json) {
        printJson({{QStringLiteral("backup"), QFileInfo(target).absoluteFilePath()},
                   {QStringLiteral("bytes"), QFileInfo(target).size()}});
    } else {
        printLine(tr("Backed up %1 to %2.").arg((*store)->path(), target));
    }
    return 0;
}

} // namespace

void declareWorkspace(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("thorough"),
                      tr("check: also compare every index with its table (slower).")});
}

int runWorkspace(Context &context)
{
    const QString verb = context.positional.value(0);
    if (verb == QLatin1String("check"))
        return runCheck(context);
    if (verb == QLatin1String("backup"))
        return runBackup(context);
    return fail(tr("workspace needs check or backup FILE"));
}

} // namespace Leadline::Cli
