#include "workspacebackup.h"

#include "localstore.h"
#include "workspacemark.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::WorkspaceBackup", text);
}

} // namespace

Status WorkspaceBackup::write(LocalStore &store, const QString &target)
{
    const QString absolute = QFileInfo(target).absoluteFilePath();
    if (QFileInfo::exists(absolute))
        return Error{tr("%1 already exists; a backup never overwrites a file.").arg(target)};
    // VACUUM INTO reads one consistent snapshot (the file and its write-ahead log) while other
    // connections go on writing, and writes a compact copy without a log of its own.
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(absolute);
    if (!query.exec())
        return Error{
            tr("The backup to %1 failed: %2").arg(target, query.lastError().databaseText())};
    query.finish();
    // The copy holds every commit of its snapshot but carries the source's "in use" mark.
    if (auto marked = WorkspaceMark::markCopyClosed(absolute); !marked)
        return Error{tr("The backup %1 could not be finished: %2").arg(target, marked.message())};
    return {};
}

} // namespace Leadline
