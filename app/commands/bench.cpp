#include "commands.h"

#include "benchregistry.h"
#include "core/demo/demoworkspace.h"
#include "core/storage/localstore.h"
#include "core/storage/searchindex.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThread>

#include <cstdio>

namespace Leadline::Cli {

namespace {

constexpr int quickSize = 2000;

int customerCount(LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("SELECT count(*) FROM customers")) && query.next())
        return query.value(0).toInt();
    return 0;
}

QString sqliteVersion(LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
        return query.value(0).toString();
    return {};
}

void progressLine(const QString &line)
{
    const QByteArray text = line.toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

// Opens the workspace to measure, generating the demo data when it is empty.
Result<std::unique_ptr<LocalStore>> benchWorkspace(const QCommandLineParser &parser, int size)
{
    const QString path = parser.isSet(QStringLiteral("workspace"))
                             ? parser.value(QStringLiteral("workspace"))
                             : QDir(QDir::tempPath()).filePath(
                                   QStringLiteral("leadline-bench-%1.leadline").arg(size));
    auto opened = LocalStore::open(path);
    if (!opened)
        return opened.error();
    LocalStore &store = *opened.value();
    if (customerCount(store) > 0)
        return opened;
    progressLine(tr("Generating a demo workspace with %1 customers in %2…").arg(size).arg(path));
    DemoOptions options;
    options.customers = size;
    // One pass over a million customers beats re-indexing each as its contacts and tags arrive.
    if (auto paused = SearchIndex::pause(store); !paused)
        return paused.error();
    int lastPercent = -1;
    const auto generated = DemoWorkspace::generate(store, options, [&](int done, int total) {
        const int percent = total > 0 ? int(qint64(done) * 100 / total) : 100;
        if (percent / 10 != lastPercent / 10)
            progressLine(tr("  %1%").arg(percent));
        lastPercent = percent;
    });
    if (!generated) {
        (void)SearchIndex::rebuild(store); // never leave the search triggers paused
        return generated.error();
    }
    progressLine(tr("Building the search index…"));
    if (auto rebuilt = SearchIndex::rebuild(store); !rebuilt)
        return rebuilt.error();
    QSqlQuery analyze(store.database());
    analyze.exec(QStringLiteral("ANALYZE"));
    return opened;
}

} // namespace

void declareBench(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("size"),
                      tr("Customers in the demo workspace (default 1000000)."), QStringLiteral("N"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("quick"), tr("Small sizes and few runs, for a smoke check.")});
    parser.addOption({QStringLiteral("only"), tr("Run only benchmarks whose name starts with PREFIX."),
                      QStringLiteral("PREFIX")});
    parser.addOption({QStringLiteral("runs"), tr("Timed runs per benchmark (default 200)."),
                      QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("db"),
                      tr("A server database the sync benchmarks may fill (an administrator's URL); "
                         "without it they are skipped."),
                      QStringLiteral("URL")});
}

int runBench(Context &context)
{
    const bool quick = context.parser.isSet(QStringLiteral("quick"));
    bool ok = false;
    int size = context.parser.value(QStringLiteral("size")).toInt(&ok);
    if (!ok || size <= 0)
        return fail(tr("--size takes a positive number"));
    int runs = context.parser.value(QStringLiteral("runs")).toInt(&ok);
    if (!ok || runs <= 0)
        return fail(tr("--runs takes a positive number"));
    if (quick) {
        if (!context.parser.isSet(QStringLiteral("size")))
            size = quickSize;
        if (!context.parser.isSet(QStringLiteral("runs")))
            runs = 30;
    }
    const QString only = context.parser.value(QStringLiteral("only"));
    const QString serverUrl = context.parser.value(QStringLiteral("db"));
    QList<BenchCase> cases;
    QStringList skipped;
    for (const BenchCase &benchCase : BenchRegistry::all()) {
        if (!benchCase.name.startsWith(only))
            continue;
        if (benchCase.needsServer && serverUrl.isEmpty())
            skipped.append(benchCase.name);
        else
            cases.append(benchCase);
    }
    if (!skipped.isEmpty() && !only.isEmpty() && cases.isEmpty())
        return fail(tr("%1 need a server: add --db URL").arg(skipped.join(QStringLiteral(", "))));
    if (cases.isEmpty())
        return fail(tr("no benchmark name starts with \"%1\"").arg(only));

    auto store = benchWorkspace(context.parser, size);
    if (!store)
        return fail(store.message());
    BenchInput input{*store.value(), customerCount(*store.value()), runs, 1, serverUrl, quick};

    QJsonArray results;
    for (const BenchCase &benchCase : cases) {
        const auto samples = benchCase.run(input);
        if (!samples)
            return fail(tr("%1: %2").arg(benchCase.name, samples.message()));
        const double p50 = percentile(samples->appMs, 0.50);
        const double p95 = percentile(samples->appMs, 0.95);
        const double max = percentile(samples->appMs, 1.0);
        const double floor95 = percentile(samples->floorMs, 0.95);
        const qint64 dataSize = samples->size > 0 ? samples->size : input.size;
        QJsonObject result{{QStringLiteral("name"), benchCase.name},
                           {QStringLiteral("size"), dataSize},
                           {QStringLiteral("runs"), int(samples->appMs.size())},
                           {QStringLiteral("p50_ms"), p50},
                           {QStringLiteral("p95_ms"), p95},
                           {QStringLiteral("max_ms"), max},
                           {QStringLiteral("budget_ms"), benchCase.budgetMs}};
        if (!samples->floorMs.isEmpty()) {
            result.insert(QStringLiteral("floor_p95_ms"), floor95);
            result.insert(QStringLiteral("ratio"), floor95 > 0 ? p95 / floor95 : 0.0);
        }
        for (auto it = samples->extra.constBegin(); it != samples->extra.constEnd(); ++it)
            result.insert(it.key(), it.value());
        results.append(result);
        if (!context.json) {
            printLine(tr("%1  size %2  p50 %3 ms  p95 %4 ms  max %5 ms  floor p95 %6 ms  "
                         "ratio %7  budget %8 ms")
                          .arg(benchCase.name, -26)
                          .arg(dataSize)
                          .arg(p50, 0, 'f', 3)
                          .arg(p95, 0, 'f', 3)
                          .arg(max, 0, 'f', 3)
                          .arg(floor95, 0, 'f', 3)
                          .arg(floor95 > 0 ? p95 / floor95 : 0.0, 0, 'f', 1)
                          .arg(benchCase.budgetMs));
            if (!samples->extra.isEmpty())
                printLine(QStringLiteral("    ") + QString::fromUtf8(QJsonDocument(samples->extra).toJson(QJsonDocument::Compact)));
        }
    }
    if (context.json) {
        const QJsonObject machine{{QStringLiteral("os"), QSysInfo::prettyProductName()},
                                  {QStringLiteral("cpu"), QSysInfo::currentCpuArchitecture()},
                                  {QStringLiteral("cores"), QThread::idealThreadCount()},
                                  {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                                  {QStringLiteral("sqlite"), sqliteVersion(*store.value())},
                                  {QStringLiteral("workspace"), store.value()->path()}};
        printJson({{QStringLiteral("machine"), machine}, {QStringLiteral("results"), results}});
    }
    return 0;
}

} // namespace Leadline::Cli
