#pragma once

// What the sync benchmarks share: a server database to fill once, scratch workspaces beside the
// benchmark's own, and waiting while the event loop runs.
#include "benchregistry.h"
#include "core/domain/result.h"
#include "core/sync/serverconnection.h"
#include "core/sync/serverurl.h"

#include <QString>

#include <functional>
#include <memory>

namespace Leadline {
class LocalStore;
}

namespace Leadline::Cli {

/// One line on standard error (progress of a long preparation).
void progressLine(const QString &line);
/// Processes events until the condition holds; false when timeoutMs passed first.
bool waitFor(const std::function<bool()> &condition, int timeoutMs);
/// Processes events for ms milliseconds.
void pauseFor(int ms);
/// A scratch file beside the benchmark's workspace: its name with suffix.
QString scratchPath(const LocalStore &bench, const QString &suffix);
/// Deletes a workspace file with its -wal and -shm.
void removeWorkspace(const QString &path);
/// An administrator's connection to the server, its schema brought up to date.
Result<std::unique_ptr<ServerConnection>> adminConnection(const ServerUrl &url);
Result<std::unique_ptr<ServerConnection>> adminConnection(const BenchInput &input);
/// Seeds an empty server with a demo workspace of the given size (once per server).
Status ensureServerData(const BenchInput &input, ServerConnection &connection, int customers);

} // namespace Leadline::Cli
