#pragma once

#include "core/domain/result.h"

#include <QStringList>

namespace Leadline {

class LocalStore;

/// The ordered, numbered schema steps of the local cache; the version lives in PRAGMA user_version.
class Migrations final
{
public:
    /// Resource paths of every step, in order; step N is steps()[N-1].
    static const QStringList &steps();
    static int latestVersion() { return int(steps().size()); }
    /// Applies every step above the workspace's version, each in its own transaction.
    static Status apply(LocalStore &store);
    /// Applies steps up to and including version (tests upgrade from every earlier version).
    static Status applyUpTo(LocalStore &store, int version);
    static int currentVersion(const LocalStore &store);
    /// Splits a SQL script into statements, keeping trigger bodies whole.
    static QStringList splitStatements(const QString &script);
};

} // namespace Leadline
