// The rules benchmarks (issue 15, §7): rules.sweep runs the real time sweep (RuleRunner::sweep)
// with 20 time rules (the six default rules' conditions and fourteen variants of them) every
// five minutes of a fake clock, with the workspace changing meanwhile, beside the bare queries
// an incremental sweep rests on (the customers it must decide found through the change log, the
// crossed thresholds and the scores due, and those customers' facts read by index); the first
// sweep decides every customer and is reported on its own.
// Everything the sweeps write is rolled back, so the cached workspace stays as it was.
// rules.event decides the same 20 conditions for one customer, the cost an event adds to its
// transaction.
#include "benchregistry.h"

#include "core/domain/clock.h"
#include "core/rules/customerfactsreader.h"
#include "core/rules/defaultrules.h"
#include "core/rules/leadscorekeeper.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/rules/ruletimewatch.h"
#include "core/storage/transaction.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QScopeGuard>
#include <QSqlError>
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

QStringList twentySources()
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
    return sources.mid(0, 20);
}

Result<QList<RuleCondition>> twentyConditions()
{
    QList<RuleCondition> conditions;
    for (const QString &source : twentySources()) {
        RuleCondition condition = RuleCondition::compile(source, RuleCheckContext::shipped());
        if (!condition.ok())
            return Error{condition.error()->message};
        conditions.append(std::move(condition));
    }
    return conditions;
}

// What five minutes of a busy floor change: a customer in a thousand edited, as many called.
Status churn(LocalStore &store, int customers, quint32 seed)
{
    const int changed = std::max(1, customers / 1000);
    QSqlQuery edit(store.database());
    edit.prepare(QStringLiteral(
        "UPDATE customers SET intent = CASE intent WHEN '高' THEN '中' ELSE '高' END, "
        "updated_at = ? WHERE rowid = ?"));
    QSqlQuery call(store.database());
    call.prepare(QStringLiteral(
        "INSERT INTO calls(id, customer_id, agent_id, started_at, duration_s) "
        "SELECT ?, id, owner_id, ?, 0 FROM customers WHERE rowid = ?"));
    const qint64 now = store.clock().nowMs();
    for (int i = 0; i < changed; ++i) {
        const qint64 row = 1 + qint64((seed + quint32(i) * 104729U) % quint32(customers));
        edit.bindValue(0, now);
        edit.bindValue(1, row);
        call.bindValue(0, QStringLiteral("bench-call-%1-%2").arg(seed).arg(i));
        call.bindValue(1, now - 1000);
        call.bindValue(2, 1 + (row * 7919) % customers);
        if (!edit.exec() || !call.exec())
            return Error{edit.lastError().text() + call.lastError().text()};
    }
    return {};
}

// The floor of one incremental sweep from last to now: the bare queries that find the customers
// it must decide (the change log, each watched timestamp in the interval, the scores due) and
// read those customers' rows, tags, calls from since on, their latest earlier call and latest
// to-do, 500 at a time by index. Returns how many customers it read.
int bareIncremental(LocalStore &store, const QList<RuleTimeWatch> &watches, qint64 last,
                    qint64 now, qint64 since)
{
    QSet<QString> found;
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    const auto collect = [&] {
        if (query.exec()) {
            while (query.next())
                found.insert(query.value(0).toString());
        }
    };
    query.prepare(QStringLiteral("SELECT DISTINCT customer_id FROM rule_dirty"));
    collect();
    for (const RuleTimeWatch &watch : watches) {
        query.prepare(RuleTimeWatch::customersQuery(watch.column));
        query.addBindValue(last - watch.offsetMs - 1);
        query.addBindValue(now - watch.offsetMs + 1);
        collect();
    }
    query.prepare(QStringLiteral("SELECT customer_id FROM rule_score_due WHERE due_at <= ?"));
    query.addBindValue(now);
    collect();
    const QStringList ids(found.cbegin(), found.cend());
    const QStringList reads = {
        QStringLiteral("SELECT * FROM customers WHERE deleted = 0 AND id IN "
                       "(SELECT value FROM json_each(?))"),
        QStringLiteral("SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON "
                       "t.id = ct.tag_id WHERE ct.deleted = 0 AND t.deleted = 0 AND "
                       "ct.customer_id IN (SELECT value FROM json_each(?))"),
        QStringLiteral("SELECT * FROM calls WHERE deleted = 0 AND started_at >= :since AND "
                       "customer_id IN (SELECT value FROM json_each(:ids))"),
        QStringLiteral("SELECT *, MAX(started_at) FROM calls WHERE deleted = 0 AND started_at < "
                       ":since AND customer_id IN (SELECT value FROM json_each(:ids)) "
                       "GROUP BY customer_id"),
        QStringLiteral("SELECT *, MAX(created_at) FROM todos WHERE deleted = 0 AND customer_id "
                       "IN (SELECT value FROM json_each(?)) GROUP BY customer_id"),
    };
    int read = 0;
    for (qsizetype from = 0; from < ids.size(); from += 500) {
        const QString chunk = QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(ids.mid(from, 500)))
                .toJson(QJsonDocument::Compact));
        for (const QString &sql : reads) {
            query.prepare(sql);
            if (sql.contains(QLatin1String(":since"))) {
                query.bindValue(QStringLiteral(":since"), since);
                query.bindValue(QStringLiteral(":ids"), chunk);
            } else {
                query.addBindValue(chunk);
            }
            if (query.exec()) {
                while (query.next())
                    read += sql.startsWith(QLatin1String("SELECT * FROM customers")) ? 1 : 0;
            }
        }
    }
    return read;
}

Result<BenchSamples> rulesSweep(BenchInput &input)
{
    LocalStore &store = input.store;
    QString supervisor;
    {
        QSqlQuery query(store.database());
        if (query.exec(QStringLiteral(
                "SELECT id FROM agents WHERE role IN ('supervisor', 'admin') AND deleted = 0 "
                "ORDER BY role DESC, id LIMIT 1"))
            && query.next()) {
            supervisor = query.value(0).toString();
        }
    }
    const QString signedIn = store.currentAgentId();
    FakeClock clock(SystemClock::instance().nowMs());
    store.setClock(&clock);
    store.setCurrentAgentId(supervisor);
    const auto restore = qScopeGuard([&] {
        store.setClock(nullptr);
        store.setCurrentAgentId(signedIn);
    });
    // Everything below is rolled back when this guard goes.
    Transaction bench(store);
    if (!bench.isActive())
        return bench.error();
    {
        QSqlQuery off(store.database());
        off.exec(QStringLiteral("UPDATE rules SET enabled = 0"));
    }
    const QList<Rule> shipped = DefaultRules::all();
    const QStringList sources = twentySources();
    RuleRepository repository(store);
    for (int i = 0; i < sources.size(); ++i) {
        Rule rule;
        rule.id = QStringLiteral("bench-sweep-%1").arg(i);
        rule.name = rule.id;
        rule.trigger = {RuleTriggerKind::Schedule, {}, {}};
        rule.condition = sources.at(i);
        rule.actions = shipped.at(i % shipped.size()).actions;
        if (auto saved = repository.save(rule); !saved)
            return saved.error();
    }
    RuleRunner runner(store);
    QElapsedTimer first;
    first.start();
    auto full = runner.sweep();
    if (!full)
        return full.error();
    BenchSamples samples;
    samples.extra.insert(QStringLiteral("first_full_sweep_ms"), double(first.elapsed()));
    samples.extra.insert(QStringLiteral("first_full_sweep_applied"), full->applied);
    // What the floor looks up: the thresholds the twenty conditions watch, and the calls the
    // conditions and the lead score count.
    const auto conditions = twentyConditions();
    if (!conditions)
        return conditions.error();
    QList<RuleTimeWatch> watches;
    for (const RuleCondition &condition : *conditions) {
        const auto of = RuleTimeWatch::of(condition, RuleTriggerKind::Schedule);
        for (const RuleTimeWatch &watch : of.value_or(QList<RuleTimeWatch>{})) {
            if (!watches.contains(watch))
                watches.append(watch);
        }
    }
    const qint64 horizon = LeadScoreKeeper(store).weights().callHorizonMs();
    qint64 decided = 0;
    const int sweeps = std::min(input.runs, 30);
    qint64 floorRead = 0;
    for (int i = 0; i < sweeps + 2; ++i) {
        const qint64 last = clock.nowMs();
        clock.advanceMs(RuleRunner::sweepIntervalMs);
        if (auto changed = churn(store, input.size, input.seed + quint32(i)); !changed)
            return changed.error();
        const qint64 now = clock.nowMs();
        const qint64 since = std::min(callsSince(*conditions, now),
                                      horizon < 0 ? qint64(0) : now - horizon);
        int read = 0;
        const double floorMs
            = timeMs([&] { read = bareIncremental(store, watches, last, now, since); });
        Result<RuleRunner::SweepReport> report = Error{};
        const double ms = timeMs([&] { report = runner.sweep(); });
        if (!report)
            return report.error();
        if (i < 2)
            continue; // the first sweeps after the full one take what it wrote
        decided += report->customers;
        floorRead += read;
        samples.appMs.append(ms);
        samples.floorMs.append(floorMs);
    }
    samples.extra.insert(QStringLiteral("floor_customers_read_per_sweep"),
                         double(floorRead) / std::max(1, sweeps));
    samples.extra.insert(QStringLiteral("customers_decided_per_sweep"),
                         double(decided) / std::max(1, sweeps));
    bench.rollback();
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
