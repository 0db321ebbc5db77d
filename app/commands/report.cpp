#include "commands.h"

#include "core/analytics/kpiengine.h"
#include "core/analytics/kpijson.h"
#include "core/storage/localstore.h"

namespace Leadline::Cli {

namespace {

QString rate(const std::optional<double> &value)
{
    return value ? QString::number(*value * 100.0, 'f', 1) + QLatin1Char('%') : QStringLiteral("-");
}

QString line(const QString &who, const KpiFigures &f)
{
    return QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\t%7\t%8")
        .arg(who)
        .arg(f.calls.dials)
        .arg(f.calls.connects)
        .arg(rate(f.connectRate()))
        .arg(f.calls.effectiveTalkSeconds)
        .arg(f.todosOverdue)
        .arg(f.leadsOwned)
        .arg(f.conversions);
}

} // namespace

void declareReport(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("from"), tr("First day of the period (YYYY-MM-DD)."),
                      QStringLiteral("DATE")});
    parser.addOption({QStringLiteral("to"), tr("Last day of the period (YYYY-MM-DD)."),
                      QStringLiteral("DATE")});
    parser.addOption({QStringLiteral("agent"), tr("Only this agent's figures."),
                      QStringLiteral("LOGIN")});
    parser.addOption({QStringLiteral("team"), tr("Only this team's figures."),
                      QStringLiteral("NAME")});
}

int runReport(Context &context)
{
    if (context.positional.value(0) != QLatin1String("kpis"))
        return fail(tr("report takes one report name: kpis"));
    if (!context.parser.isSet(QStringLiteral("from")) || !context.parser.isSet(QStringLiteral("to")))
        return fail(tr("report kpis needs --from DATE and --to DATE"));
    const bool byAgent = context.parser.isSet(QStringLiteral("agent"));
    const bool byTeam = context.parser.isSet(QStringLiteral("team"));
    if (byAgent && byTeam)
        return fail(tr("give either --agent or --team, not both"));
    auto period = KpiPeriod::parse(context.parser.value(QStringLiteral("from")),
                                   context.parser.value(QStringLiteral("to")));
    if (!period)
        return fail(period.message());
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());

    // Without --agent or --team: everyone the signed-in user may see.
    const KpiScope scope = byAgent ? KpiScope::ofAgent(context.parser.value(QStringLiteral("agent")))
                           : byTeam ? KpiScope::ofTeam(context.parser.value(QStringLiteral("team")))
                                    : KpiScope::everyone();
    const auto report = KpiEngine(*store.value()).report(scope, period.value());
    if (!report)
        return fail(report.message());
    if (context.json) {
        printJson(KpiJson::report(report.value()));
        return 0;
    }
    printLine(tr("agent\tdials\tconnects\tconnect rate\teffective talk (s)\ttodos overdue\t"
                 "leads owned\tconversions"));
    for (const AgentKpis &row : report->agents)
        printLine(line(row.agent.name, row.figures));
    printLine(line(tr("total"), report->total));
    return 0;
}

} // namespace Leadline::Cli
