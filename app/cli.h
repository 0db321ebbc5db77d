#pragma once

#include <QString>
#include <QStringList>

namespace Leadline::Cli {

/// True when the arguments name a headless subcommand (demo, search, sync…) rather than the GUI.
bool isSubcommand(const QStringList &arguments);
/// Names of the headless subcommands, in the order of the help text.
QStringList commandNames();
/// Runs a headless subcommand; returns the process exit code. Errors go to stderr as one line.
int run(const QStringList &arguments);

} // namespace Leadline::Cli
