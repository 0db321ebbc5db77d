#pragma once

#include "core/domain/result.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace Leadline {
class LocalStore;
}

namespace Leadline::Cli {

/// What a benchmark gets: the demo workspace it measures and how many runs to time.
struct BenchInput
{
    LocalStore &store;
    int size = 0;        ///< customers in the workspace
    int runs = 0;        ///< timed runs wanted (after a few untimed warm-up runs)
    quint32 seed = 1;    ///< for choosing inputs (customers, queries) deterministically
    QString serverUrl;   ///< --db: an administrator's URL of a server database the bench may fill
    bool quick = false;  ///< --quick: a case with its own data keeps it small
};

/// Milliseconds of each timed run of the operation and of the bare query it rests on.
struct BenchSamples
{
    QList<double> appMs;
    QList<double> floorMs; ///< may be empty when there is no single bare query to compare with
    qint64 size = 0;       ///< the data size reported, when not the workspace's customers
    QJsonObject extra;     ///< further figures of the case (memory…), reported as they are
};

/// One `leadline bench` entry (§7): a name such as "search.phone_digits", its p95 budget, and
/// the function that runs it.
struct BenchCase
{
    QString name;
    double budgetMs = 0;
    std::function<Result<BenchSamples>(BenchInput &)> run;
    bool needsServer = false; ///< runs only when `leadline bench --db URL` names a server
};

/// The benchmarks `leadline bench` knows. A file adds its own with a static registration:
///     static const bool registered = BenchRegistry::add({QStringLiteral("kb.search"), 20, runKb});
class BenchRegistry final
{
public:
    static bool add(BenchCase benchCase);
    /// Every registered case, sorted by name.
    static QList<BenchCase> all();
};

/// Wall-clock milliseconds of one call of f.
template<typename F>
double timeMs(F &&f)
{
    QElapsedTimer timer;
    timer.start();
    f();
    return double(timer.nsecsElapsed()) / 1e6;
}

/// The value below which fraction p of the samples fall (nearest rank); 0 for no samples.
double percentile(QList<double> samples, double p);

} // namespace Leadline::Cli
