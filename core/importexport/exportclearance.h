#pragma once

#include "core/domain/result.h"

#include <QJsonObject>
#include <QString>

namespace Leadline {

/// Asks the shared server, before an export is written, whether the signed-in user may export
/// (SPEC §2.8: supervisors and admins, by the role the server knows). A server that agrees
/// records the export in its audit log itself.
class ExportClearance
{
public:
    /// How the server answered when it did not refuse.
    enum class Answer {
        Recorded,    ///< allowed, and audited on the server
        Unreachable, ///< no answer (offline): the export is audited locally and sent later
    };

    virtual ~ExportClearance() = default;

    /// kind: what is exported (customers, calls, a report); detail: its format, rows and what
    /// the view showed. An error is the server's refusal, in words for the user.
    virtual Result<Answer> clear(const QString &kind, const QJsonObject &detail) = 0;
};

} // namespace Leadline
