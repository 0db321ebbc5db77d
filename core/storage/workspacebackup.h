#pragma once

#include "core/domain/result.h"

#include <QString>

namespace Leadline {

class LocalStore;

/// A consistent copy of an open workspace (leadline workspace backup), so nobody has to copy a
/// live file without its write-ahead log.
class WorkspaceBackup final
{
public:
    /// Writes one snapshot of the workspace (the file and its log) to target, a new file that
    /// opens on its own; other connections go on writing meanwhile. Never overwrites a file.
    static Status write(LocalStore &store, const QString &target);
};

} // namespace Leadline
