#include "servergateway.h"

#include "serverconnection.h"
#include "serverschema.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerGateway", text);
}

Result<QJsonObject> parseObject(const Result<QString> &text)
{
    if (!text)
        return text.error();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text->toUtf8(), &error);
    if (!document.isObject())
        return Error{QCoreApplication::translate("Leadline::ServerGateway", "The server sent an answer this client cannot read: %1").arg(error.errorString())};
    return document.object();
}

} // namespace

ServerGateway::ServerGateway(ServerConnection &connection)
    : m_connection(connection)
{}

Result<ServerHello> ServerGateway::hello()
{
    auto answer = parseObject(m_connection.scalar(QStringLiteral("SELECT sync.hello(?)::text"),
                                                  {ServerSchema::latestVersion()}));
    if (!answer)
        return answer.error();
    const QJsonObject object = *answer;
    if (!object.value(QStringLiteral("ok")).toBool())
        return Error{object.value(QStringLiteral("message")).toString()};
    ServerHello hello;
    hello.serverSchema = object.value(QStringLiteral("server_schema")).toInt();
    hello.generation = object.value(QStringLiteral("generation")).toString();
    hello.agentId = object.value(QStringLiteral("agent_id")).toString();
    hello.role = object.value(QStringLiteral("role")).toString();
    return hello;
}

Result<QJsonArray> ServerGateway::push(const QString &clientId, const QJsonArray &batch)
{
    const QString text = QString::fromUtf8(QJsonDocument(batch).toJson(QJsonDocument::Compact));
    auto answer = parseObject(m_connection.scalar(
        QStringLiteral("SELECT sync.push(?, ?::jsonb)::text"), {clientId, text}));
    if (!answer)
        return answer.error();
    const QJsonArray results = answer->value(QStringLiteral("results")).toArray();
    if (results.size() != batch.size())
        return Error{tr("The server answered %1 of %2 changes.").arg(results.size()).arg(batch.size())};
    return results;
}

Result<QJsonArray> ServerGateway::lostConflicts(const QString &clientId, qint64 afterId)
{
    auto text = m_connection.scalar(QStringLiteral("SELECT sync.lost_conflicts(?, ?)::text"),
                                    {clientId, afterId});
    if (!text)
        return text.error();
    const QJsonDocument document = QJsonDocument::fromJson(text->toUtf8());
    if (!document.isArray())
        return Error{tr("The server sent an answer this client cannot read.")};
    return document.array();
}

Result<PullPage> ServerGateway::pull(const SyncCursor &after, int pageSize)
{
    auto answer = parseObject(m_connection.scalar(
        QStringLiteral("SELECT sync.pull(?, ?, ?, ?)::text"),
        {after.generation, after.xid, after.seq, pageSize}));
    if (!answer)
        return answer.error();
    const QJsonObject object = *answer;
    PullPage page;
    page.generation = object.value(QStringLiteral("generation")).toString();
    page.reset = object.value(QStringLiteral("reset")).toBool();
    for (const QJsonValue &table : object.value(QStringLiteral("tables")).toArray()) {
        const QJsonObject entry = table.toObject();
        page.tables.append({entry.value(QStringLiteral("t")).toString(),
                            entry.value(QStringLiteral("rows")).toArray()});
    }
    for (const QJsonValue &part : object.value(QStringLiteral("gone")).toArray()) {
        for (const QJsonValue &value : part.toArray()) {
            const QJsonObject entry = value.toObject();
            page.gone.append({entry.value(QStringLiteral("t")).toString(),
                              entry.value(QStringLiteral("id")).toString()});
        }
    }
    page.next.generation = page.generation;
    page.next.xid = object.value(QStringLiteral("xid")).toString();
    page.next.seq = qint64(object.value(QStringLiteral("seq")).toDouble());
    page.more = object.value(QStringLiteral("more")).toBool();
    page.waiting = object.value(QStringLiteral("waiting")).toBool();
    return page;
}

} // namespace Leadline
