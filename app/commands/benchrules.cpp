// The rules benchmarks (issue 15, §7): rules.sweep decides 20 conditions (the six default rules'
// and fourteen variants of them) for every customer of the workspace, reading the facts as the
// dry run and the time sweep do, beside the bare scan of the customers table; rules.event
// decides the same 20 conditions for one customer, the cost an event adds to its transaction.
#include "benchregistry.h"

#include "core/domain/clock.h"
#include "core/rules/customerfactsreader.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlQuery>

#include <algorithm>

namespace Leadline::Cli {

namespace {

// The instant from which calls must be read for every condition to count its window.
qint64 callsSince(const QList<RuleCondition> &conditions, qint64 now)
{
    qint64 window = 0;
    for (const RuleCondition &condition : conditions) {
        if (condition.callWindowMs() < 0)
            return 0;
        window = std::max(window, condition.callWindowMs());
    }
    return now - window;
}

Result<QList<RuleCondition>> twentyConditions()
{
    QStringList sources;
    for (const Rule &rule : DefaultRules::all())
        sources.append(rule.condition);
    for (int days = 1; sources.size() < 20; ++days) {
        sources.append(
            QStringLiteral("intent == \"高\" and days_since(last_contact) >= %1").arg(days));
        sources.append(
            QStringLiteral("count_calls(%1) >= 2 and stage in [\"需求沟通\", \"方案提供\"]")
                .arg(days * 3));
    }
    QList<RuleCondition> conditions;
    for (const QString &source : std::as_const(sources).mid(0, 20)) {
        RuleCondition condition = RuleCondition::compile(source, RuleCheckContext::shipped());
        if (!condition.ok())
            return Error{condition.error()->message};
        conditions.append(std::move(condition));
    }
    return conditions;
}

Result<BenchSamples> rulesSweep(BenchInput &input)
{
    const auto conditions = twentyConditions();
    if (!conditions)
        return conditions.error();
    const Clock &clock = SystemClock::instance();
    const RuleEvaluator evaluator(clock);
    const CustomerFactsReader reader(input.store, callsSince(*conditions, clock.nowMs()));
    int matched = 0;
    auto sweep = [&] {
        return reader.forEach([&](const CustomerFacts &facts) {
            for (const RuleCondition &condition : *conditions)
                matched += condition.decide(facts, evaluator).matched ? 1 : 0;
            return true;
        });
    };
    auto bareScan = [&input] {
        QSqlQuery query(input.store.database());
        query.setForwardOnly(true);
        if (query.exec(QStringLiteral(
                "SELECT id, intent, stage, last_contact_at FROM customers WHERE deleted = 0"))) {
            while (query.next()) {
            }
        }
    };
    if (auto warm = sweep(); !warm)
        return warm.error();
    BenchSamples samples;
    // A sweep reads the whole workspace: a few runs give its figure.
    for (int i = 0; i < std::min(input.runs, 5); ++i) {
        Status status;
        samples.appMs.append(timeMs([&] { status = sweep(); }));
        if (!status)
            return status.error();
        samples.floorMs.append(timeMs(bareScan));
    }
    return samples;
}

Result<BenchSamples> rulesEvent(BenchInput &input)
{
    const auto conditions = twentyConditions();
    if (!conditions)
        return conditions.error();
    const Clock &clock = SystemClock::instance();
    const RuleEvaluator evaluator(clock);
    QList<CustomerFacts> sample;
    const Status read = CustomerFactsReader(input.store, callsSince(*conditions, clock.nowMs()))
                            .forEach([&sample](const CustomerFacts &facts) {
                                sample.append(facts);
                                return sample.size() < 200;
                            });
    if (!read)
        return read.error();
    if (sample.isEmpty())
        return Error{
            QCoreApplication::translate("Leadline::Cli", "the workspace has no customers")};
    BenchSamples samples;
    int matched = 0;
    for (int i = 0; i < input.runs; ++i) {
        const CustomerFacts &facts
            = sample.at(int((input.seed + quint32(i) * 7919U) % quint32(sample.size())));
        samples.appMs.append(timeMs([&] {
            for (const RuleCondition &condition : *conditions)
                matched += condition.decide(facts, evaluator).matched ? 1 : 0;
        }));
    }
    return samples;
}

const bool registeredSweep = BenchRegistry::add({QStringLiteral("rules.sweep"), 2000, rulesSweep});
const bool registeredEvent = BenchRegistry::add({QStringLiteral("rules.event"), 5, rulesEvent});

} // namespace

} // namespace Leadline::Cli
