#include "commands.h"

#include "core/demo/demoworkspace.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>

namespace Leadline::Cli {

void declareDemo(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("customers"), tr("Number of customers (1 to 10000000)."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("seed"), tr("Random seed (same seed, same data)."),
                      QStringLiteral("S"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("anchor"),
                      tr("The data's \"today\" as YYYY-MM-DD (default: today)."),
                      QStringLiteral("DATE")});
    parser.addOption({QStringLiteral("calls-per-customer"),
                      tr("Average calls per customer over the year (default 8)."),
                      QStringLiteral("N"), QStringLiteral("8")});
}

int runDemo(Context &context)
{
    const QCommandLineParser &parser = context.parser;
    if (!context.positional.isEmpty())
        return fail(tr("demo takes no arguments, got \"%1\"").arg(context.positional.join(QLatin1Char(' '))));
    if (!parser.isSet(QStringLiteral("workspace")))
        return fail(tr("demo needs --workspace FILE (a new, empty workspace)"));
    DemoOptions options;
    bool ok = false;
    options.customers = parser.value(QStringLiteral("customers")).toInt(&ok);
    if (!ok || options.customers < 1 || options.customers > 10'000'000)
        return fail(tr("--customers takes a number from 1 to 10000000"));
    options.seed = parser.value(QStringLiteral("seed")).toUInt(&ok);
    if (!ok)
        return fail(tr("--seed takes a whole number from 0 to 4294967295"));
    options.callsPerCustomer = parser.value(QStringLiteral("calls-per-customer")).toDouble(&ok);
    if (!ok || options.callsPerCustomer < 0 || options.callsPerCustomer > 100)
        return fail(tr("--calls-per-customer takes a number from 0 to 100"));
    if (parser.isSet(QStringLiteral("anchor"))) {
        options.anchor = QDate::fromString(parser.value(QStringLiteral("anchor")), Qt::ISODate);
        if (!options.anchor.isValid())
            return fail(tr("--anchor takes a date as YYYY-MM-DD"));
    }

    auto store = openWorkspace(parser, true);
    if (!store)
        return fail(store.message());
    QElapsedTimer timer;
    timer.start();
    int lastPercent = -1;
    const bool showProgress = !context.json;
    auto written = DemoWorkspace::generateWithSummary(
        *store.value(), options, [&](int done, int total) {
            const int percent = int(qint64(done) * 100 / total);
            if (showProgress && percent != lastPercent) {
                lastPercent = percent;
                std::fprintf(stderr, "\r%3d%%", percent);
                std::fflush(stderr);
            }
        });
    if (showProgress && lastPercent >= 0)
        std::fputc('\n', stderr);
    if (!written)
        return fail(written.message());
    const double seconds = double(timer.elapsed()) / 1000.0;
    const DemoWorkspace::Summary &summary = written.value();
    if (context.json) {
        printJson({{QStringLiteral("customers"), summary.customers},
                   {QStringLiteral("contacts"), summary.contacts},
                   {QStringLiteral("phones"), summary.phones},
                   {QStringLiteral("calls"), summary.calls},
                   {QStringLiteral("todos"), summary.todos},
                   {QStringLiteral("notes"), summary.notes},
                   {QStringLiteral("articles"), summary.articles},
                   {QStringLiteral("agents"), summary.agents},
                   {QStringLiteral("seconds"), seconds}});
        return 0;
    }
    printLine(tr("Demo workspace %1: %2 customers, %3 contacts, %4 phones, %5 calls, %6 todos, "
                 "%7 notes, %8 articles, %9 agents in %10 s.")
                  .arg(QFileInfo(store.value()->path()).fileName())
                  .arg(summary.customers)
                  .arg(summary.contacts)
                  .arg(summary.phones)
                  .arg(summary.calls)
                  .arg(summary.todos)
                  .arg(summary.notes)
                  .arg(summary.articles)
                  .arg(summary.agents)
                  .arg(seconds, 0, 'f', 1));
    return 0;
}

} // namespace Leadline::Cli
