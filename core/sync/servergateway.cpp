#include "servergateway.h"

#include "serverconnection.h"
#include "serverschema.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlField>

#include <libpq-fe.h>

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

// Splits one line of COPY's text format into its columns: tab-separated, \N for NULL,
// backslash escapes undone (into unescaped, which the views then point into). COPY TO writes
// only \b \f \n \r \t \v and \\ (the numeric forms are for input).
bool parseCopyRow(QByteArrayView line, SnapshotRow &row, QList<QByteArray> &unescaped)
{
    if (line.endsWith('\n'))
        line.chop(1);
    qsizetype start = 0;
    for (qsizetype column = 0; column < row.size(); ++column) {
        qsizetype end = line.indexOf('\t', start);
        if (end < 0) {
            if (column != row.size() - 1)
                return false;
            end = line.size();
        }
        const QByteArrayView field = line.sliced(start, end - start);
        if (field == QByteArrayView("\\N")) {
            row[column] = QByteArrayView();
        } else if (!field.contains('\\')) {
            row[column] = field.isNull() ? QByteArrayView("", 0) : field;
        } else {
            QByteArray &text = unescaped[column];
            text.clear();
            for (qsizetype i = 0; i < field.size(); ++i) {
                char c = field.at(i);
                if (c != '\\' || i + 1 == field.size()) {
                    text.append(c);
                    continue;
                }
                c = field.at(++i);
                switch (c) {
                case 'b': text.append('\b'); break;
                case 'f': text.append('\f'); break;
                case 'n': text.append('\n'); break;
                case 'r': text.append('\r'); break;
                case 't': text.append('\t'); break;
                case 'v': text.append('\v'); break;
                default: // "\\" and any other escaped character stand for themselves
                    text.append(c);
                }
            }
            row[column] = QByteArrayView(text.constData(), text.size());
        }
        start = end + 1;
    }
    return start >= line.size();
}

} // namespace

ServerGateway::ServerGateway(ServerConnection &connection)
    : m_connection(connection)
{}

Result<ServerHello> ServerGateway::hello(const QString &clientId)
{
    // A session setting, so that a server of any schema version accepts it.
    if (!clientId.isEmpty()) {
        auto named = m_connection.exec(QStringLiteral("SELECT set_config('leadline.client_id', ?, false)"),
                                       {clientId});
        if (!named)
            return named.error();
    }
    auto answer = parseObject(m_connection.scalar(QStringLiteral("SELECT sync.hello(?)::text"),
                                                  {ServerSchema::latestVersion()}));
    if (!answer)
        return answer.error();
    const QJsonObject object = *answer;
    if (!object.value(QStringLiteral("ok")).toBool()) {
        const QString code = object.value(QStringLiteral("code")).toString();
        if (code == QLatin1String("disabled"))
            return Error{tr("Your account is disabled: ask your administrator.")};
        if (code == QLatin1String("unknown"))
            return Error{tr("This login is not a Leadline user on this server: ask your administrator.")};
        return Error{object.value(QStringLiteral("message")).toString()};
    }
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
    page.resync = object.value(QStringLiteral("resync")).toBool();
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

Result<SyncCursor> ServerGateway::snapshotStart()
{
    auto answer = parseObject(m_connection.scalar(QStringLiteral("SELECT sync.snapshot_start()::text")));
    if (!answer)
        return answer.error();
    SyncCursor start;
    start.generation = answer->value(QStringLiteral("generation")).toString();
    start.xid = answer->value(QStringLiteral("xid")).toString();
    start.seq = 0;
    return start;
}

Result<QStringList> ServerGateway::serverColumns(const QString &table)
{
    auto answer = parseObject(
        m_connection.scalar(QStringLiteral("SELECT sync.column_types(?)::text"), {table}));
    if (!answer)
        return answer.error();
    return answer->keys();
}

Result<int> ServerGateway::streamSnapshot(const QString &table, const QStringList &columns,
                                          const QString &afterId, int limit, bool withTombstones,
                                          const std::function<Status(const SnapshotRow &)> &onRow)
{
    const QSqlDriver *driver = m_connection.database().driver();
    const QVariant handle = driver->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "pg_conn*") != 0)
        return Error{tr("The server connection is not a PostgreSQL connection.")};
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());

    QStringList quoted;
    for (const QString &column : columns)
        quoted.append(driver->escapeIdentifier(column, QSqlDriver::FieldName));
    QSqlField after(QStringLiteral("after"), QMetaType(QMetaType::QString));
    after.setValue(afterId);
    const QByteArray sql =
        QStringLiteral("COPY (SELECT %1 FROM sync.snapshot(NULL::public.%2, %3, %4, %5)) TO STDOUT")
            .arg(quoted.join(QLatin1Char(',')), driver->escapeIdentifier(table, QSqlDriver::TableName),
                 driver->formatValue(after), QString::number(limit),
                 withTombstones ? QStringLiteral("true") : QStringLiteral("false"))
            .toUtf8();
    auto serverError = [connection] {
        return Error{tr("The server could not send its data: %1")
                         .arg(QString::fromUtf8(PQerrorMessage(connection)).trimmed())};
    };
    PGresult *started = PQexec(connection, sql.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_OUT;
    PQclear(started);
    if (!copying)
        return serverError();

    Status failure;
    SnapshotRow row(columns.size());
    QList<QByteArray> unescaped(columns.size());
    int rows = 0;
    char *buffer = nullptr;
    int length = 0;
    while ((length = PQgetCopyData(connection, &buffer, 0)) > 0) {
        if (failure && parseCopyRow(QByteArrayView(buffer, length), row, unescaped))
            failure = onRow(row);
        else if (failure)
            failure = Error{tr("The server sent a %1 row this client cannot read.").arg(table)};
        PQfreemem(buffer);
        ++rows;
    }
    Status finished = length == -2 ? Status(serverError()) : Status();
    while (PGresult *result = PQgetResult(connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && finished)
            finished = serverError();
        PQclear(result);
    }
    if (!failure)
        return failure.error();
    if (!finished)
        return finished.error();
    return rows;
}

} // namespace Leadline
