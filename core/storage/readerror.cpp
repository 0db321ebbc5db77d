#include "readerror.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

// SQLite's primary result codes that mean the file itself is in trouble.
bool damagedFile(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    constexpr int ioError = 10;
    constexpr int corrupt = 11;
    constexpr int notADatabase = 26;
    return code == ioError || code == corrupt || code == notADatabase;
}

} // namespace

Error readError(const QSqlQuery &query, const QString &what)
{
    const QSqlError error = query.lastError();
    if (damagedFile(error)) {
        return Error{QCoreApplication::translate(
                         "Leadline::ReadError",
                         "%1 could not be read: the workspace file is damaged (%2). Nothing "
                         "shown here is complete; check or rebuild the workspace.")
                         .arg(what, error.databaseText())};
    }
    return Error{QCoreApplication::translate("Leadline::ReadError", "%1 could not be read: %2")
                     .arg(what, error.text())};
}

} // namespace Leadline
