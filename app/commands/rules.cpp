#include "commands.h"

#include "core/domain/clock.h"
#include "core/reference/referencerepository.h"
#include "core/rules/customerfactsreader.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/storage/localstore.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace Leadline::Cli {

namespace {

// The workspace's dispositions when it has some, else the shipped ones.
RuleCheckContext checkContext(const QCommandLineParser &parser)
{
    RuleCheckContext context = RuleCheckContext::shipped();
    if (!parser.isSet(QStringLiteral("workspace")) || !QFileInfo::exists(workspacePath(parser)))
        return context;
    auto store = openWorkspace(parser, false);
    if (!store)
        return context;
    QStringList names;
    const auto stored = ReferenceRepository(*store.value()).dispositions();
    for (const Disposition &disposition : stored ? *stored : QList<Disposition>())
        names.append(disposition.name);
    if (!names.isEmpty())
        context.dispositions = names;
    return context;
}

Result<QString> readRuleFile(const Context &context)
{
    if (context.positional.size() < 2)
        return Error{tr("rules %1 needs a FILE").arg(context.positional.value(0))};
    const QString path = context.positional.at(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("cannot read %1: %2").arg(path, file.errorString())};
    return QString::fromUtf8(file.readAll());
}

int failOnRuleError(const QString &path, const RuleError &error)
{
    return fail(QStringLiteral("%1:%2:%3: %4")
                    .arg(path)
                    .arg(error.line)
                    .arg(error.column)
                    .arg(error.detail));
}

QJsonObject ruleJson(const Rule &rule)
{
    QJsonArray actions;
    for (const RuleAction &action : rule.actions) {
        actions.append(QJsonObject{{QStringLiteral("kind"), RuleAction::name(action.kind)},
                                   {QStringLiteral("params"),
                                    QJsonObject::fromVariantMap(action.params)}});
    }
    return {{QStringLiteral("id"), rule.id},
            {QStringLiteral("name"), rule.name},
            {QStringLiteral("trigger"), RuleTrigger::name(rule.trigger.kind)},
            {QStringLiteral("trigger_field"), rule.trigger.field},
            {QStringLiteral("trigger_value"), rule.trigger.value},
            {QStringLiteral("condition"), rule.condition},
            {QStringLiteral("actions"), actions},
            {QStringLiteral("enabled"), rule.enabled}};
}

QJsonObject planJson(const RulePlan &plan)
{
    QJsonArray why;
    for (const RuleObservation &seen : plan.decision.seen) {
        why.append(QJsonObject{{QStringLiteral("expression"), seen.expression},
                               {QStringLiteral("value"), seen.value}});
    }
    QJsonArray actions;
    for (const PlannedAction &action : plan.actions) {
        actions.append(QJsonObject{{QStringLiteral("kind"), RuleAction::name(action.kind)},
                                   {QStringLiteral("summary"), action.summary}});
    }
    return {{QStringLiteral("customer_id"), plan.customerId},
            {QStringLiteral("name"), plan.customerName},
            {QStringLiteral("cause"), plan.cause},
            {QStringLiteral("run_id"), plan.runId},
            {QStringLiteral("already_run"), plan.alreadyRun},
            {QStringLiteral("why"), why},
            {QStringLiteral("actions"), actions}};
}

int runList(Context &context)
{
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    auto rules = RuleRepository(*store.value()).all();
    if (!rules)
        return fail(rules.message());
    QJsonArray list;
    for (const Rule &rule : std::as_const(*rules)) {
        list.append(ruleJson(rule));
        if (!context.json)
            printLine(QStringLiteral("%1\t%2\t%3\t%4")
                          .arg(rule.enabled ? QStringLiteral("on") : QStringLiteral("off"),
                               RuleTrigger::name(rule.trigger.kind), rule.name,
                               QString(rule.condition).replace(QLatin1Char('\n'), QLatin1Char(' '))));
    }
    if (context.json)
        printJson({{QStringLiteral("rules"), list}});
    return 0;
}

// A stored rule's dry run (--rule NAME) or backtest: the runner's own decisions, nothing written.
int runStoredRule(Context &context, bool backtest)
{
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    bool ok = false;
    const int limit = context.parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        return fail(tr("--limit takes a positive number"));
    const int days = context.parser.value(QStringLiteral("days")).toInt(&ok);
    if (!ok || days <= 0 || days > 366)
        return fail(tr("--days takes a number of days from 1 to 366"));
    RuleRepository repository(*store.value());
    QList<Rule> rules;
    if (context.parser.isSet(QStringLiteral("rule"))) {
        auto found = repository.find(context.parser.value(QStringLiteral("rule")));
        if (!found)
            return fail(found.message());
        if (!*found)
            return fail(tr("no rule named %1").arg(context.parser.value(QStringLiteral("rule"))));
        rules.append(**found);
    } else {
        auto all = repository.all();
        if (!all)
            return fail(all.message());
        for (const Rule &rule : std::as_const(*all)) {
            if (rule.enabled)
                rules.append(rule);
        }
    }
    const RuleRunner runner(*store.value());
    QJsonArray results;
    for (const Rule &rule : std::as_const(rules)) {
        auto plans = backtest ? runner.backtest(rule, days) : runner.dryRun(rule);
        if (!plans)
            return fail(QStringLiteral("%1: %2").arg(rule.name, plans.message()));
        QJsonArray listed;
        for (const RulePlan &plan : std::as_const(*plans)) {
            if (listed.size() >= limit)
                break;
            listed.append(planJson(plan));
            if (!context.json) {
                QStringList summaries;
                for (const PlannedAction &action : plan.actions)
                    summaries.append(action.summary);
                printLine(QStringLiteral("%1\t%2\t%3\t%4")
                              .arg(rule.name, plan.customerName,
                                   summaries.join(QStringLiteral("; ")), plan.why()));
            }
        }
        results.append(QJsonObject{{QStringLiteral("rule"), rule.name},
                                   {QStringLiteral("rule_id"), rule.id},
                                   {QStringLiteral("matched"), int(plans->size())},
                                   {QStringLiteral("results"), listed}});
        if (!context.json)
            printLine(tr("%1: %2 customers").arg(rule.name).arg(plans->size()));
    }
    if (context.json)
        printJson({{backtest ? QStringLiteral("backtest") : QStringLiteral("dry_run"), results},
                   {QStringLiteral("days"), backtest ? days : 0}});
    return 0;
}

int runSweep(Context &context)
{
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    RuleRunner runner(*store.value());
    runner.install();
    auto report = runner.sweep();
    if (!report)
        return fail(report.message());
    if (context.json) {
        printJson({{QStringLiteral("customers"), report->customers},
                   {QStringLiteral("rules"), report->rules},
                   {QStringLiteral("matched"), report->matched},
                   {QStringLiteral("applied"), report->applied},
                   {QStringLiteral("already_run"), report->alreadyRun},
                   {QStringLiteral("failed"), report->failed},
                   {QStringLiteral("stale"), report->stale},
                   {QStringLiteral("rescored"), report->rescored},
                   {QStringLiteral("late_ms"), double(report->lateMs)},
                   {QStringLiteral("elapsed_ms"), double(report->elapsedMs)}});
    } else {
        printLine(tr("%1 customers, %2 time rules: %3 matched, %4 applied, %5 decided before, "
                     "%6 failed, %7 stale, %8 lead scores updated (%9 ms)")
                      .arg(report->customers)
                      .arg(report->rules)
                      .arg(report->matched)
                      .arg(report->applied)
                      .arg(report->alreadyRun)
                      .arg(report->failed)
                      .arg(report->stale)
                      .arg(report->rescored)
                      .arg(report->elapsedMs));
    }
    return 0;
}

// Which customers the condition matches now and why: the same decision as the real run.
int runDryRun(Context &context)
{
    if (context.positional.size() < 2)
        return runStoredRule(context, false);
    const auto source = readRuleFile(context);
    if (!source)
        return fail(source.message());
    const QString path = context.positional.at(1);
    bool ok = false;
    const int limit = context.parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        return fail(tr("--limit takes a positive number"));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());
    const RuleCondition condition = RuleCondition::compile(*source, checkContext(context.parser));
    if (!condition.ok())
        return failOnRuleError(path, *condition.error());

    const Clock &clock = SystemClock::instance();
    const RuleEvaluator evaluator(clock);
    // Only the calls the condition counts (the latest call is read whatever its age).
    const qint64 window = condition.callWindowMs();
    const CustomerFactsReader reader(*store.value(), window < 0 ? 0 : clock.nowMs() - window);
    int checked = 0;
    int matched = 0;
    QJsonArray results;
    const Status read = reader.forEach([&](const CustomerFacts &facts) {
        ++checked;
        const RuleDecision decision = condition.decide(facts, evaluator);
        if (!decision.matched)
            return true;
        ++matched;
        if (results.size() >= limit)
            return true;
        QJsonArray why;
        QStringList whyText;
        for (const RuleObservation &seen : decision.seen) {
            why.append(QJsonObject{{QStringLiteral("expression"), seen.expression},
                                   {QStringLiteral("value"), seen.value}});
            whyText.append(seen.expression + QStringLiteral(" = ") + seen.value);
        }
        results.append(QJsonObject{{QStringLiteral("id"), facts.customer.id},
                                   {QStringLiteral("name"), facts.customer.name},
                                   {QStringLiteral("company"), facts.customer.company},
                                   {QStringLiteral("why"), why}});
        if (!context.json)
            printLine(QStringLiteral("%1\t%2\t%3")
                          .arg(facts.customer.name, facts.customer.company,
                               whyText.join(QStringLiteral("; "))));
        return true;
    });
    if (!read)
        return fail(read.message());
    if (context.json)
        printJson({{QStringLiteral("checked"), checked},
                   {QStringLiteral("matched"), matched},
                   {QStringLiteral("results"), results}});
    else
        printLine(tr("%1 of %2 customers match").arg(matched).arg(checked));
    return 0;
}

int runCheck(Context &context)
{
    const auto source = readRuleFile(context);
    if (!source)
        return fail(source.message());
    const QString path = context.positional.at(1);
    const RuleCondition condition = RuleCondition::compile(*source, checkContext(context.parser));
    if (condition.ok()) {
        if (context.json)
            printJson({{QStringLiteral("ok"), true},
                       {QStringLiteral("file"), path},
                       {QStringLiteral("nodes"), int(condition.ast().nodes.size())}});
        else
            printLine(tr("%1: the condition is valid").arg(path));
        return 0;
    }
    const RuleError &error = *condition.error();
    if (context.json) {
        printJson({{QStringLiteral("ok"), false},
                   {QStringLiteral("file"), path},
                   {QStringLiteral("line"), error.line},
                   {QStringLiteral("column"), error.column},
                   {QStringLiteral("expected"), error.expected},
                   {QStringLiteral("found"), error.found},
                   {QStringLiteral("message"), error.message}});
    } else {
        printLine(error.caretText(*source));
    }
    return failOnRuleError(path, error);
}

} // namespace

void declareRules(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("limit"),
                      tr("dry-run, backtest: list at most N matching customers (default 50)."),
                      QStringLiteral("N"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("rule"),
                      tr("dry-run, backtest: the stored rule to decide (name or id; default: "
                         "every enabled rule)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("days"), tr("backtest: how many days back (default 30)."),
                      QStringLiteral("N"), QStringLiteral("30")});
}

int runRules(Context &context)
{
    const QString action = context.positional.value(0);
    if (action == QLatin1String("check"))
        return runCheck(context);
    if (action == QLatin1String("dry-run"))
        return runDryRun(context);
    if (action == QLatin1String("list"))
        return runList(context);
    if (action == QLatin1String("backtest"))
        return runStoredRule(context, true);
    if (action == QLatin1String("sweep"))
        return runSweep(context);
    return fail(tr("rules needs an action: check FILE, dry-run [FILE | --rule NAME], list, "
                   "backtest [--rule NAME] [--days N] or sweep"));
}

} // namespace Leadline::Cli
