#pragma once

#include <QString>
#include <QStringList>

namespace Leadline::Cli {

/// True when the arguments name a headless subcommand (demo, search, sync…) rather than the GUI.
bool isSubcommand(const QStringList &arguments);
/// Runs a headless subcommand; returns the process exit code. Errors go to stderr as one line.
int run(const QStringList &arguments);

} // namespace Leadline::Cli
