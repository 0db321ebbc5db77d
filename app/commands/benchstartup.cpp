// The §7 start-up and memory benchmarks: the real GUI binary started on the bench workspace,
// offscreen, with an instrumented start (LEADLINE_STARTUP_PROBE, see startupprobe.h) that
// reports when the first customer row was painted, the longest time the window could not take
// input in the seconds after, and its memory. Start-up is timed from just before the process
// is started; its floor is the same binary starting and exiting at once (`--version`).
// search.keystroke types searches into the started window one key at a time and times each key
// to the painted rows; its floor is the query the list runs for that text (first page and count).
#include "benchregistry.h"

#include "app/startupprobe.h"
#include "core/customers/customersearch.h"
#include "core/rules/rulerunner.h"
#include "core/storage/localstore.h"
#include "ui/customerlistmodel.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <numeric>

namespace Leadline::Cli {

namespace {

constexpr int maxStartRuns = 10;       // each run is a whole start; 10 give a fair p95
constexpr int quickStartRuns = 2;
constexpr int scrollPages = 50;        // 10,000 rows scrolled through, as an agent holding PgDn
constexpr int guardMs = 300000;        // a start that never paints (a dialog waiting) is an error

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Cli", text);
}

struct Probe
{
    double startMs = 0;     ///< process start to the first painted customer row
    QJsonObject report;     ///< what the probe printed
};

// Starts the GUI on the workspace with the probe in the given mode and waits for its report.
Result<Probe> startGui(const QString &workspace, const QByteArray &mode, const QTemporaryDir &home,
                       const QStringList &queries = {})
{
    QProcess gui;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LEADLINE_STARTUP_PROBE"), QString::fromLatin1(mode));
    environment.insert(QStringLiteral("LEADLINE_PROBE_QUERIES"), queries.join(QLatin1Char('\n')));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Settings of their own: no sync profile, no saved layout from the user's sessions.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    gui.setProcessEnvironment(environment);
    gui.setProcessChannelMode(QProcess::SeparateChannels);
    const qint64 launchedNs = CompositionRoot::StartupProbe::monotonicNs();
    gui.start(QCoreApplication::applicationFilePath(),
              {QStringLiteral("--workspace"), workspace, QStringLiteral("--lang"),
               QStringLiteral("zh_CN")});
    if (!gui.waitForFinished(guardMs) || gui.exitStatus() != QProcess::NormalExit
        || gui.exitCode() != 0) {
        gui.kill();
        gui.waitForFinished();
        return Error{tr("the window did not start and paint its list: %1")
                         .arg(QString::fromLocal8Bit(gui.readAllStandardError()).right(400))};
    }
    const QByteArray output = gui.readAllStandardOutput().trimmed();
    const QJsonObject report = QJsonDocument::fromJson(output.split('\n').last()).object();
    if (report.isEmpty())
        return Error{tr("the window's start-up report is missing")};
    Probe probe;
    probe.report = report;
    probe.startMs = (report.value(QStringLiteral("painted_ns")).toDouble() - double(launchedNs)) / 1e6;
    return probe;
}

// The floor: the same binary started, its libraries loaded, and ended at once.
double bareStartMs()
{
    return timeMs([] {
        QProcess bare;
        bare.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--version")});
        bare.waitForFinished(guardMs);
    });
}

Result<BenchSamples> startup(BenchInput &input)
{
    const QTemporaryDir home;
    if (!home.isValid())
        return Error{tr("no temporary folder for the window's settings")};
    const int runs = std::min(input.runs, input.quick ? quickStartRuns : maxStartRuns);
    BenchSamples samples;
    double rowsPainted = 0;
    double stallMax = 0;
    double peakMax = 0;
    // The first start after the workspace was written is timed too: it is what an agent sees.
    for (int i = 0; i < runs; ++i) {
        auto probe = startGui(input.store.path(), "startup", home);
        if (!probe)
            return probe.error();
        samples.appMs.append(probe->startMs);
        samples.floorMs.append(bareStartMs());
        stallMax = std::max(stallMax, probe->report.value(QStringLiteral("max_stall_ms")).toDouble());
        peakMax = std::max(peakMax, probe->report.value(QStringLiteral("peak_rss_mb")).toDouble());
        rowsPainted = std::max(rowsPainted, probe->report.value(QStringLiteral("rows")).toDouble());
    }
    samples.extra.insert(QStringLiteral("max_stall_after_paint_ms"), stallMax);
    samples.extra.insert(QStringLiteral("peak_rss_mb"), peakMax);
    samples.extra.insert(QStringLiteral("rows_painted"), rowsPainted);
    return samples;
}

// Memory is reported in the time fields (MB in place of ms), as the name says.
Result<BenchSamples> listMemory(BenchInput &input)
{
    const QTemporaryDir home;
    if (!home.isValid())
        return Error{tr("no temporary folder for the window's settings")};
    const int runs = input.quick ? 1 : 3;
    BenchSamples samples;
    for (int i = 0; i < runs; ++i) {
        auto probe = startGui(input.store.path(),
                              QByteArray("scroll:") + QByteArray::number(scrollPages), home);
        if (!probe)
            return probe.error();
        const QJsonObject &report = probe->report;
        samples.appMs.append(report.value(QStringLiteral("peak_rss_mb")).toDouble());
        samples.extra.insert(QStringLiteral("rows_in_list"), report.value(QStringLiteral("rows")));
        samples.extra.insert(QStringLiteral("heap_rss_mb"), report.value(QStringLiteral("rss_anon_mb")));
        samples.extra.insert(QStringLiteral("file_rss_mb"), report.value(QStringLiteral("rss_file_mb")));
    }
    return samples;
}

// What an agent types: names, the middle seven and the last four digits of phone numbers, part
// of a company name, and the fragment most company names share (有限), from customers spread
// over the workspace.
Result<QStringList> typedQueries(LocalStore &store, int customers)
{
    QSqlQuery pick(store.database());
    pick.prepare(QStringLiteral(
        "SELECT c.name, c.company, (SELECT national FROM phones p WHERE p.customer_id = c.id "
        "AND p.deleted = 0 AND length(p.national) >= 11 LIMIT 1) FROM customers c "
        "WHERE c.rowid >= ? AND c.deleted = 0 ORDER BY c.rowid LIMIT 1"));
    QSqlQuery top(store.database());
    if (!top.exec(QStringLiteral("SELECT max(rowid) FROM customers")) || !top.next())
        return Error{tr("the workspace has no customers")};
    const qint64 last = top.value(0).toLongLong();
    QStringList queries{QStringLiteral("有限")};
    for (int i = 1; i <= customers; ++i) {
        pick.addBindValue(last * i / (customers + 1));
        if (!pick.exec() || !pick.next())
            continue;
        const QString name = pick.value(0).toString();
        const QString company = pick.value(1).toString();
        const QString national = pick.value(2).toString();
        if (!name.isEmpty())
            queries.append(name);
        if (national.size() >= 11) {
            queries.append(national.mid(3, 7));
            queries.append(national.right(4));
        }
        if (company.size() >= 4)
            queries.append(company.mid(1, 3));
    }
    return queries;
}

Result<BenchSamples> keystroke(BenchInput &input)
{
    const QTemporaryDir home;
    if (!home.isValid())
        return Error{tr("no temporary folder for the window's settings")};
    auto queries = typedQueries(input.store, input.quick ? 1 : 6);
    if (!queries)
        return queries.error();
    // The window sweeps the time rules a few seconds after it shows, beside the typing. After
    // a workspace's first sweep that is incremental, as on every day after an agent's first;
    // the first one is done here, not in the window while it is timed.
    {
        RuleRunner runner(input.store);
        runner.install();
        if (auto swept = runner.sweep(); !swept)
            return swept.error();
    }
    BenchSamples samples;
    auto probe = startGui(input.store.path(), "type", home, *queries);
    if (!probe)
        return probe.error();
    for (const QJsonValue &ms : probe->report.value(QStringLiteral("keystroke_ms")).toArray())
        samples.appMs.append(ms.toDouble());
    if (samples.appMs.isEmpty())
        return Error{tr("the window timed no key")};
    // The floor: the list's own query for every text the keys made (first page and count).
    const CustomerSearch search(input.store);
    QStringList texts;
    for (const QString &query : std::as_const(*queries)) {
        for (int typed = 1; typed <= query.size(); ++typed) {
            const QString text = query.left(typed);
            texts.append(text);
            samples.floorMs.append(timeMs([&] {
                (void)search.search(text, {}, Ui::CustomerListModel::pageSize);
                (void)search.count(text, {}, Ui::CustomerListModel::countCap);
            }));
        }
    }
    // The slowest keys with the text they made, the key's time and its query's.
    QList<int> order(std::min(samples.appMs.size(), texts.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return samples.appMs.at(a) > samples.appMs.at(b); });
    QJsonArray slowest;
    for (int i : order.mid(0, 8)) {
        slowest.append(QJsonObject{{QStringLiteral("text"), texts.at(i)},
                                   {QStringLiteral("ms"), samples.appMs.at(i)},
                                   {QStringLiteral("floor_ms"), samples.floorMs.at(i)}});
    }
    samples.extra.insert(QStringLiteral("keys"), samples.appMs.size());
    // Enter after each query: the first match opened in the 360 view, to the next turn of the
    // event loop (the §7 open360 row measures its query; this is the window's whole cost).
    QList<double> opens;
    for (const QJsonValue &ms : probe->report.value(QStringLiteral("open_ms")).toArray())
        opens.append(ms.toDouble());
    std::sort(opens.begin(), opens.end());
    if (!opens.isEmpty()) {
        samples.extra.insert(QStringLiteral("open360_window_p50_ms"), opens.at(opens.size() / 2));
        samples.extra.insert(QStringLiteral("open360_window_max_ms"), opens.last());
    }
    samples.extra.insert(QStringLiteral("queries"), QJsonArray::fromStringList(*queries));
    samples.extra.insert(QStringLiteral("slowest_keys"), slowest);
    return samples;
}

const bool registered =
    BenchRegistry::add({QStringLiteral("startup"), 1000, startup})
    && BenchRegistry::add({QStringLiteral("search.keystroke"), 30, keystroke})
    && BenchRegistry::add({QStringLiteral("memory.list_rss_mb"), 400, listMemory});

} // namespace

} // namespace Leadline::Cli
