#include "commands.h"

#include "core/sync/serverconnection.h"
#include "core/sync/servermaintenance.h"
#include "core/sync/serverschema.h"

#include <QCoreApplication>

namespace Leadline::Cli {

void declareServer(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("db"),
                      tr("The server database: postgresql://user:password@host:port/dbname?sslmode=…"),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("keep-days"),
                      tr("purge: the offline window in days; older tombstones and feed entries go "
                         "(default %1).")
                          .arg(ServerMaintenance::defaultOfflineWindowDays),
                      QStringLiteral("N")});
}

namespace {

int purge(Context &context, ServerConnection &connection)
{
    int days = ServerMaintenance::defaultOfflineWindowDays;
    if (context.parser.isSet(QStringLiteral("keep-days"))) {
        bool ok = false;
        days = context.parser.value(QStringLiteral("keep-days")).toInt(&ok);
        if (!ok || days < 1)
            return fail(tr("--keep-days needs a whole number of days, at least 1"));
    }
    auto report = ServerMaintenance::purge(connection, days);
    if (!report)
        return fail(report.message());
    if (context.json) {
        printJson({{QStringLiteral("tombstones"), report->tombstones},
                   {QStringLiteral("feed"), report->feed},
                   {QStringLiteral("answers"), report->answers}});
    } else {
        printLine(tr("Removed %1 deleted rows, %2 change feed entries and %3 stored answers older "
                     "than %4 days.")
                      .arg(report->tombstones)
                      .arg(report->feed)
                      .arg(report->answers)
                      .arg(days));
    }
    return 0;
}

} // namespace

int runServer(Context &context)
{
    const QString action = context.positional.value(0);
    if (action != QLatin1String("init") && action != QLatin1String("migrate")
        && action != QLatin1String("purge")) {
        return fail(tr("server needs an action: init, migrate or purge"));
    }
    if (!context.parser.isSet(QStringLiteral("db")))
        return fail(tr("server %1 needs --db URL").arg(action));
    auto connection = ServerConnection::open(context.parser.value(QStringLiteral("db")));
    if (!connection)
        return fail(connection.message());
    if (action == QLatin1String("purge"))
        return purge(context, **connection);
    auto before = ServerSchema::currentVersion(**connection);
    if (!before)
        return fail(before.message());
    auto after = ServerSchema::migrate(**connection);
    if (!after)
        return fail(after.message());
    if (context.json) {
        printJson({{QStringLiteral("from"), *before}, {QStringLiteral("to"), *after}});
    } else if (*before == *after) {
        printLine(tr("The server schema is up to date (version %1).").arg(*after));
    } else {
        printLine(tr("The server schema went from version %1 to %2.").arg(*before).arg(*after));
    }
    return 0;
}

} // namespace Leadline::Cli
