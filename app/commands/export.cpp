#include "commands.h"

#include "core/importexport/exporter.h"
#include "core/storage/localstore.h"

namespace Leadline::Cli {

void declareExport(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("format"), tr("csv or xlsx (default: from the file name)."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("out"), tr("The file to write."), QStringLiteral("FILE")},
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
