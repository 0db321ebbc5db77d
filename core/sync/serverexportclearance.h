#pragma once

#include "serverurl.h"

#include "core/importexport/exportclearance.h"

#include <QCoreApplication>

namespace Leadline {

/// ExportClearance through sync.export_clearance on the shared server, on a connection of its
/// own opened for each export (exports are rare; the sync connection lives on another thread).
class ServerExportClearance final : public ExportClearance
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ServerExportClearance)

public:
    /// server: the address and login of the workspace's user; clientId: the workstation's id,
    /// recorded with the audit entry.
    ServerExportClearance(ServerUrl server, QString clientId);

    Result<Answer> clear(const QString &kind, const QJsonObject &detail) override;

private:
    ServerUrl m_server;
    QString m_clientId;
};

} // namespace Leadline
