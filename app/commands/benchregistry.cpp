#include "benchregistry.h"

#include <algorithm>
#include <cmath>

namespace Leadline::Cli {

namespace {

QList<BenchCase> &registry()
{
    static QList<BenchCase> cases;
    return cases;
}

} // namespace

bool BenchRegistry::add(BenchCase benchCase)
{
    registry().append(std::move(benchCase));
    return true;
}

QList<BenchCase> BenchRegistry::all()
{
    QList<BenchCase> cases = registry();
    std::sort(cases.begin(), cases.end(),
              [](const BenchCase &a, const BenchCase &b) { return a.name < b.name; });
    return cases;
}

double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(p * double(samples.size())));
    return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
}

} // namespace Leadline::Cli
