#include "cli.h"

#include "commands/commands.h"
#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QStandardPaths>

#include <cstdio>

namespace Leadline::Cli {

namespace {

struct Subcommand
{
    const char *name;
    const char *summary;
    void (*declare)(QCommandLineParser &);
    int (*run)(Context &);
};

const Subcommand subcommands[] = {
    {"demo", QT_TRANSLATE_NOOP("Leadline::Cli", "Create a deterministic demo workspace."),
     declareDemo, runDemo},
    {"search", QT_TRANSLATE_NOOP("Leadline::Cli", "Search customers like the customer list does."),
     declareSearch, runSearch},
    {"server", QT_TRANSLATE_NOOP("Leadline::Cli", "Initialize or upgrade the server schema, or trim it to the offline window (init|migrate|purge)."),
     declareServer, runServer},
    {"user", QT_TRANSLATE_NOOP("Leadline::Cli", "Manage the server's users (add|list|disable|enable|set-role|set-team|passwd)."),
     declareUser, runUser},
    {"sync", QT_TRANSLATE_NOOP("Leadline::Cli", "Run one sync round with the server."),
     declareSync, runSync},
    {"bench", QT_TRANSLATE_NOOP("Leadline::Cli", "Measure the performance budgets on a demo workspace."),
     declareBench, runBench},
    {"report", QT_TRANSLATE_NOOP("Leadline::Cli", "Print the KPIs of a period (kpis --from DATE --to DATE [--agent LOGIN | --team NAME])."),
     declareReport, runReport},
    {"rules", QT_TRANSLATE_NOOP("Leadline::Cli", "Check, list, dry-run, backtest and sweep the rules (check FILE, dry-run [FILE | --rule NAME], list, backtest [--rule NAME], sweep)."),
     declareRules, runRules},
    {"import", QT_TRANSLATE_NOOP("Leadline::Cli", "Import a lead list from CSV or XLSX (FILE), or undo an import (undo BATCH)."),
     declareImport, runImport},
    {"export", QT_TRANSLATE_NOOP("Leadline::Cli", "Export customers or calls to CSV or XLSX (customers|calls --out FILE)."),
     declareExport, runExport},
    {"workspace", QT_TRANSLATE_NOOP("Leadline::Cli", "Check every page of the workspace, make a consistent copy of it while it is in use, or rebuild a damaged one from the server keeping its unsynced changes (check [--thorough]|backup FILE|recover --db URL)."),
     declareWorkspace, runWorkspace},
};

const Subcommand *findSubcommand(const QString &name)
{
    for (const Subcommand &command : subcommands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

} // namespace

void printJson(const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printLine(const QString &line)
{
    const QByteArray text = line.toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail(const QString &message)
{
    QString line = message.simplified();
    const QByteArray text = (QStringLiteral("leadline: ") + line).toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fputc('\n', stderr);
    return 1;
}

QString workspacePath(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("workspace")))
        return parser.value(QStringLiteral("workspace"));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(folder).filePath(QStringLiteral("workspace.leadline"));
}

Result<ServerUrl> serverFromOptions(const QCommandLineParser &parser, const QString &missingDb)
{
    if (!parser.isSet(QStringLiteral("db")))
        return Error{missingDb};
    auto url = ServerUrl::parse(parser.value(QStringLiteral("db")));
    if (!url || !parser.isSet(QStringLiteral("login")))
        return url;
    return url->withLogin(parser.value(QStringLiteral("login")), parser.value(QStringLiteral("password")));
}

Result<std::unique_ptr<LocalStore>> openWorkspace(const QCommandLineParser &parser, bool create)
{
    const QString path = workspacePath(parser);
    if (create || parser.isSet(QStringLiteral("create")))
        return LocalStore::open(path);
    auto opened = LocalStore::openExisting(path);
    if (!opened && (opened.error().field == WorkspaceCheck::missingProblem
                    || opened.error().field == WorkspaceCheck::emptyProblem)) {
        return Error{QCoreApplication::translate("Leadline::Cli",
                                                 "%1 Add --create to make a new workspace there.")
                         .arg(opened.message()),
                     opened.error().field};
    }
    return opened;
}

QStringList commandNames()
{
    QStringList names;
    for (const Subcommand &command : subcommands)
        names.append(QLatin1String(command.name));
    return names;
}

namespace {

// Global options that take a value in the next argument, which is not a subcommand name.
bool takesValue(const QString &argument)
{
    return argument == QLatin1String("--workspace") || argument == QLatin1String("--lang");
}

QString subcommandName(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (takesValue(argument)) {
            ++i;
            continue;
        }
        if (!argument.startsWith(QLatin1Char('-')))
            return argument;
    }
    return {};
}

} // namespace

bool isSubcommand(const QStringList &arguments)
{
    // The first positional argument names a subcommand (or is a mistake reported as one).
    return !subcommandName(arguments).isEmpty();
}

int run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Leadline::Cli", "Leadline telesales workstation."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("workspace"),
                      QCoreApplication::translate("Leadline::Cli", "The local workspace file."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("create"),
                      QCoreApplication::translate(
                          "Leadline::Cli",
                          "Make a new workspace when the file is missing or empty (never over "
                          "another program's database).")});
    parser.addOption({QStringLiteral("json"),
                      QCoreApplication::translate("Leadline::Cli", "Print one JSON object.")});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QCoreApplication::translate("Leadline::Cli", "Subcommand to run."));

    // Find the subcommand first so its own options are known before parsing.
    const QString name = subcommandName(arguments);
    const Subcommand *command = findSubcommand(name);
    if (!command) {
        return fail(QCoreApplication::translate("Leadline::Cli",
                                                "unknown command \"%1\" (commands: %2)")
                        .arg(name, commandNames().join(QStringLiteral(", "))));
    }
    command->declare(parser);
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printLine(QCoreApplication::translate("Leadline::Cli", command->summary));
        printLine(parser.helpText());
        return 0;
    }
    Context context{parser, parser.positionalArguments().mid(1),
                    parser.isSet(QStringLiteral("json"))};
    return command->run(context);
}

} // namespace Leadline::Cli
