#include "commands.h"

#include "core/sync/serverconnection.h"
#include "core/sync/serverschema.h"

#include <QCoreApplication>

namespace Leadline::Cli {

void declareServer(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("db"),
                      tr("The server database: postgresql://user:password@host:port/dbname?sslmode=…"),
                      QStringLiteral("URL")});
}

int runServer(Context &context)
{
    const QString action = context.positional.value(0);
    if (action != QLatin1String("init") && action != QLatin1String("migrate"))
        return fail(tr("server needs an action: init or migrate"));
    if (!context.parser.isSet(QStringLiteral("db")))
        return fail(tr("server %1 needs --db URL").arg(action));
    auto connection = ServerConnection::open(context.parser.value(QStringLiteral("db")));
    if (!connection)
        return fail(connection.message());
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
