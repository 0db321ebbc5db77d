#include "servermaintenance.h"

#include "serverconnection.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Leadline {

Result<PurgeReport> ServerMaintenance::purge(ServerConnection &connection, int keepDays)
{
    if (keepDays < 1) {
        return Error{QCoreApplication::translate("Leadline::ServerMaintenance",
                                                 "The offline window must be at least one day.")};
    }
    auto answer = connection.scalar(QStringLiteral("SELECT sync.purge(make_interval(days => ?))::text"),
                                    {keepDays});
    if (!answer)
        return answer.error();
    const QJsonObject counts = QJsonDocument::fromJson(answer->toUtf8()).object();
    PurgeReport report;
    report.tombstones = qint64(counts.value(QStringLiteral("tombstones")).toDouble());
    report.feed = qint64(counts.value(QStringLiteral("feed")).toDouble());
    report.answers = qint64(counts.value(QStringLiteral("answers")).toDouble());
    return report;
}

} // namespace Leadline
