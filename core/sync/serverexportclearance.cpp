#include "serverexportclearance.h"

#include "refusalreason.h"
#include "serverconnection.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

ServerExportClearance::ServerExportClearance(ServerUrl server, QString clientId)
    : m_server(std::move(server))
    , m_clientId(std::move(clientId))
{}

Result<ExportClearance::Answer> ServerExportClearance::clear(const QString &kind,
                                                             const QJsonObject &detail)
{
    auto connection = ServerConnection::open(m_server);
    if (!connection) {
        // A refused sign-in is an answer: the account may have been disabled meanwhile.
        if (connection.error().field == ServerConnection::signInRefusedField())
            return Error{tr("The server refused the export: %1").arg(connection.message())};
        return Answer::Unreachable;
    }
    QSqlQuery query((*connection)->database());
    query.prepare(QStringLiteral("SELECT set_config('leadline.client_id', ?, false)"));
    query.addBindValue(m_clientId);
    if (!query.exec())
        return Answer::Unreachable;
    query.prepare(QStringLiteral("SELECT sync.export_clearance(?, ?::jsonb)"));
    query.addBindValue(kind);
    query.addBindValue(QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact)));
    if (query.exec() && query.next())
        return Answer::Recorded;
    const QSqlError error = query.lastError();
    if (!(*connection)->isAlive())
        return Answer::Unreachable;
    // 42501: the server's role for this login may not export (sync.export_clearance).
    if (error.nativeErrorCode() == QLatin1String("42501"))
        return Error{RefusalReason::explain(QStringLiteral("export_role"), error.databaseText())};
    return Error{tr("The server refused the export: %1").arg(error.databaseText().trimmed())};
}

} // namespace Leadline
