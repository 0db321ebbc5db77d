#include "commands.h"

#include "core/reference/audittrail.h"
#include "core/storage/localstore.h"
#include "core/sync/serverconnection.h"
#include "core/sync/serverurl.h"
#include "core/sync/syncround.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace Leadline::Cli {

void declareSync(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("db"), tr("The server database URL."), QStringLiteral("URL")},
        {QStringLiteral("login"), tr("Sign in as this user (instead of the URL's)."), QStringLiteral("L")},
        {QStringLiteral("password"), tr("The user's password."), QStringLiteral("P")},
    });
}

int runSync(Context &context)
{
    const auto url = serverFromOptions(context.parser, tr("sync needs --db URL"));
    if (!url)
        return fail(url.message());
    const ServerUrl server = *url;
    auto store = openWorkspace(context.parser, false); // a new workspace needs --create
    if (!store)
        return fail(store.message());
    auto connection = ServerConnection::open(server);
    if (!connection && connection.error().field == ServerConnection::signInRefusedField()) {
        // Recorded here and sent with the next sync that signs in (SPEC §2.9).
        const QJsonObject detail = {{QStringLiteral("login"), server.user},
                                    {QStringLiteral("reason"), connection.message()}};
        if (auto recorded = AuditTrail(**store).record(QStringLiteral("failed_sign_in"),
                                                       QStringLiteral("agents"), QString(), detail);
            !recorded) {
            return fail(QStringLiteral("%1\n%2").arg(connection.message(), recorded.message()));
        }
    }
    if (!connection)
        return fail(connection.message());
    SyncRound round(**store, **connection);
    auto report = round.run();
    if (!report)
        return fail(tr("sync failed: %1").arg(report.message()));
    if (context.json) {
        printJson({{QStringLiteral("pushed"), report->pushed},
                   {QStringLiteral("pulled"), report->pulled},
                   {QStringLiteral("conflicts"), report->conflicts},
                   {QStringLiteral("rejected"), report->rejected},
                   {QStringLiteral("pending"), report->pending},
                   {QStringLiteral("feed_waiting"), report->feedWaiting}});
    } else {
        printLine(tr("Pushed %1, pulled %2, conflicts %3, rejected %4, pending %5.")
                      .arg(report->pushed)
                      .arg(report->pulled)
                      .arg(report->conflicts)
                      .arg(report->rejected)
                      .arg(report->pending));
        if (report->feedWaiting) {
            printLine(tr("Newer changes on the server wait for another open transaction to end "
                         "(the server ends it within 30 s)."));
        }
    }
    return 0;
}

} // namespace Leadline::Cli
