#pragma once

#include "core/domain/result.h"
#include "core/sync/serverurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace Leadline {
class LocalStore;
}

namespace Leadline::Cli {

/// What every subcommand gets: its parsed options and where to write.
struct Context
{
    QCommandLineParser &parser;
    QStringList positional; ///< arguments after the subcommand name
    bool json = false;
};

/// Translates a command's user-visible text (context "Leadline::Cli").
inline QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Cli", text);
}

/// Prints one JSON object on stdout.
void printJson(const QJsonObject &object);
/// Prints a line on stdout.
void printLine(const QString &line);
/// Prints "leadline: message" on stderr and returns exit code 1.
int fail(const QString &message);
/// The workspace given with --workspace, or the default one in the user's data folder.
QString workspacePath(const QCommandLineParser &parser);
/// The server of --db, signed in as --login/--password when given (else as the URL says);
/// without --db, the error says missingDb.
Result<ServerUrl> serverFromOptions(const QCommandLineParser &parser, const QString &missingDb);
/// Opens the workspace; creates it (missing path, 0-byte file or empty database) only when the
/// command always makes one (demo) or --create was given.
Result<std::unique_ptr<LocalStore>> openWorkspace(const QCommandLineParser &parser, bool create);

// One function per subcommand; each adds its options to the parser first (declare*), then runs.
void declareDemo(QCommandLineParser &parser);
int runDemo(Context &context);
void declareSearch(QCommandLineParser &parser);
int runSearch(Context &context);
void declareServer(QCommandLineParser &parser);
int runServer(Context &context);
void declareUser(QCommandLineParser &parser);
int runUser(Context &context);
void declareSync(QCommandLineParser &parser);
int runSync(Context &context);
void declareBench(QCommandLineParser &parser);
int runBench(Context &context);
void declareReport(QCommandLineParser &parser);
int runReport(Context &context);
void declareRules(QCommandLineParser &parser);
int runRules(Context &context);
void declareImport(QCommandLineParser &parser);
int runImport(Context &context);
void declareExport(QCommandLineParser &parser);
int runExport(Context &context);
void declareWorkspace(QCommandLineParser &parser);
int runWorkspace(Context &context);

} // namespace Leadline::Cli
