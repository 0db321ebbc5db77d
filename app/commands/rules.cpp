#include "commands.h"

#include "core/reference/referencerepository.h"
#include "core/rules/rulecondition.h"
#include "core/storage/localstore.h"

#include <QFile>
#include <QFileInfo>

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

int runCheck(Context &context)
{
    if (context.positional.size() < 2)
        return fail(tr("rules check needs a FILE"));
    const QString path = context.positional.at(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("cannot read %1: %2").arg(path, file.errorString()));
    const QString source = QString::fromUtf8(file.readAll());
    const RuleCondition condition = RuleCondition::compile(source, checkContext(context.parser));
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
        printLine(error.caretText(source));
    }
    return fail(QStringLiteral("%1:%2:%3: %4").arg(path).arg(error.line).arg(error.column).arg(error.detail));
}

} // namespace

void declareRules(QCommandLineParser &)
{
}

int runRules(Context &context)
{
    const QString action = context.positional.value(0);
    if (action == QLatin1String("check"))
        return runCheck(context);
    return fail(tr("rules needs an action: check FILE"));
}

} // namespace Leadline::Cli
