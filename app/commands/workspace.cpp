#include "commands.h"

#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"
#include "core/storage/workspacebackup.h"
#include "core/sync/serverurl.h"
#include "core/sync/workspacerecovery.h"

#include <csignal>

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
    if (auto written = WorkspaceBackup::write(**store, target); !written)
        return fail(written.message());
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

int runRecover(Context &context)
{
    const auto url = serverFromOptions(context.parser,
                                       tr("workspace recover needs --db URL: the workspace is rebuilt from the server"));
    if (!url)
        return fail(url.message());
    const ServerUrl server = *url;
    WorkspaceRecovery recovery(workspacePath(context.parser));
    // For the crash tests: the process dies right after the named step is on disk.
    const QString killAfter = qEnvironmentVariable("LEADLINE_RECOVER_KILL_AFTER");
    if (!killAfter.isEmpty()) {
        recovery.setStageListener([killAfter](WorkspaceRecovery::Stage stage) {
            if (WorkspaceRecovery::stageName(stage) == killAfter)
                std::raise(SIGKILL);
        });
    }
    auto report = recovery.run(server);
    if (!report)
        return fail(report.message());
    if (context.json) {
        printJson({{QStringLiteral("whole"), report->wasWhole},
                   {QStringLiteral("side_file"), report->sideFile},
                   {QStringLiteral("damaged_file"), report->damagedFile},
                   {QStringLiteral("saved"), report->saved},
                   {QStringLiteral("unreadable"), report->unreadable},
                   {QStringLiteral("pushed"), report->pushed},
                   {QStringLiteral("rejected"), report->rejected},
                   {QStringLiteral("pulled"), report->pulled}});
        return 0;
    }
    if (report->wasWhole) {
        printLine(tr("Workspace %1 is whole: there is nothing to recover.")
                      .arg(workspacePath(context.parser)));
        return 0;
    }
    printLine(tr("Workspace %1 was rebuilt from the server (%2 rows).")
                  .arg(workspacePath(context.parser))
                  .arg(report->pulled));
    printLine(tr("Unsynced changes saved and sent again: %1 (accepted %2, refused %3). They stay "
                 "in %4.")
                  .arg(report->saved)
                  .arg(report->pushed)
                  .arg(report->rejected)
                  .arg(report->sideFile));
    if (report->unreadable > 0) {
        printLine(tr("Parts of the damaged file's unsynced changes could not be read: %1.")
                      .arg(report->unreadable));
    }
    if (report->rejected > 0)
        printLine(tr("The refused changes are listed with the conflicts, with the reason."));
    printLine(tr("The damaged file was kept as %1.").arg(report->damagedFile));
    return 0;
}

} // namespace

void declareWorkspace(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("thorough"),
                      tr("check: also compare every index with its table (slower).")});
    parser.addOptions({
        {QStringLiteral("db"), tr("recover: the server database URL."), QStringLiteral("URL")},
        {QStringLiteral("login"), tr("recover: sign in as this user (instead of the URL's)."),
         QStringLiteral("L")},
        {QStringLiteral("password"), tr("recover: the user's password."), QStringLiteral("P")},
    });
}

int runWorkspace(Context &context)
{
    const QString verb = context.positional.value(0);
    if (verb == QLatin1String("check"))
        return runCheck(context);
    if (verb == QLatin1String("backup"))
        return runBackup(context);
    if (verb == QLatin1String("recover"))
        return runRecover(context);
    return fail(tr("workspace needs check, backup FILE or recover --db URL"));
}

} // namespace Leadline::Cli
