#include "commands.h"

#include "core/importexport/exporter.h"
#include "core/storage/localstore.h"
#include "core/sync/serverexportclearance.h"

namespace Leadline::Cli {

void declareExport(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("format"), tr("csv or xlsx (default: from the file name)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("out"), tr("The file to write."), QStringLiteral("FILE")},
        {QStringLiteral("db"),
         tr("The server database URL: the server is asked first and records the export."),
         QStringLiteral("URL")},
        {QStringLiteral("login"), tr("Sign in as this user (instead of the URL's)."), QStringLiteral("L")},
        {QStringLiteral("password"), tr("The user's password."), QStringLiteral("P")},
    });
}

int runExport(Context &context)
{
    const QString what = context.positional.value(0);
    if (what != QLatin1String("customers") && what != QLatin1String("calls"))
        return fail(tr("export takes customers or calls"));
    const QString out = context.parser.value(QStringLiteral("out"));
    if (out.isEmpty())
        return fail(tr("export needs --out FILE"));
    QString formatName = context.parser.value(QStringLiteral("format"));
    if (formatName.isEmpty())
        formatName = out.section(QLatin1Char('.'), -1);
    const auto format = TableWriter::formatNamed(formatName);
    if (!format)
        return fail(tr("--format takes csv or xlsx"));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    Exporter exporter(*store.value());
    // With a server the server decides (by the role it knows) and records the export; without
    // one, or when it cannot be reached, the workspace's role decides and the audit entry goes
    // with the next sync.
    std::unique_ptr<ServerExportClearance> clearance;
    if (context.parser.isSet(QStringLiteral("db"))) {
        const auto server = serverFromOptions(context.parser, QString());
        if (!server)
            return fail(server.message());
        clearance = std::make_unique<ServerExportClearance>(*server, (*store)->clientId());
        exporter.setClearance(clearance.get());
    }
    const auto written = what == QLatin1String("customers") ? exporter.exportCustomers(out, *format)
                                                            : exporter.exportCalls(out, *format);
    if (!written)
        return fail(written.message());
    if (context.json)
        printJson({{QStringLiteral("rows"), *written}, {QStringLiteral("file"), out}});
    else
        printLine(tr("Wrote %1 rows to %2.").arg(*written).arg(out));
    return 0;
}

} // namespace Leadline::Cli
