#include "commands.h"

#include "core/domain/clock.h"
#include "core/reference/referencerepository.h"
#include "core/rules/customerfactsreader.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
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
    for (const Disposition &disposition : ReferenceRepository(*store.value()).dispositions())
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

// Which customers the condition matches now and why: the same decision as the real run.
int runDryRun(Context &context)
{
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
                      tr("dry-run: list at most N matching customers (default 50)."),
                      QStringLiteral("N"), QStringLiteral("50")});
}

int runRules(Context &context)
{
    const QString action = context.positional.value(0);
    if (action == QLatin1String("check"))
        return runCheck(context);
    if (action == QLatin1String("dry-run"))
        return runDryRun(context);
    return fail(tr("rules needs an action: check FILE or dry-run FILE"));
}

} // namespace Leadline::Cli
