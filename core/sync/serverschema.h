#pragma once

#include "core/domain/result.h"

#include <QString>
#include <QStringList>

namespace Leadline {

class ServerConnection;

/// The server schema: numbered SQL steps (:/server/NNN_name.sql), the applied ones recorded in
/// sync.schema_version. Run by an administrator's login (the owner of the database).
class ServerSchema final
{
public:
    /// The schema steps in order; step N is steps().at(N - 1).
    static const QStringList &steps();
    /// The server schema this build was written for (sync.hello compares it).
    static int latestVersion() { return int(steps().size()); }

    /// The version a server is at (0: not initialized).
    static Result<int> currentVersion(ServerConnection &connection);
    /// Applies every missing step up to upTo (default: all), each in its own transaction; safe
    /// to run again. Returns the version reached.
    static Result<int> migrate(ServerConnection &connection, int upTo = -1);
};

} // namespace Leadline
