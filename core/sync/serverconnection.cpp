#include "serverconnection.h"

#include <QCoreApplication>
#include <QSqlError>

#include <atomic>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerConnection", text);
}

QString nextConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("leadline-server-%1").arg(++counter);
}

// The server's primary message on one line: no severity prefix, no detail or context lines
// (a context line may quote a statement).
QString serverMessage(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        return error.text().trimmed();
    text = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    for (const QLatin1String prefix : {QLatin1String("ERROR:"), QLatin1String("FATAL:")}) {
        if (text.startsWith(prefix))
            text = text.mid(prefix.size()).trimmed();
    }
    const QString code = error.nativeErrorCode();
    if (!code.isEmpty() && text.endsWith(QStringLiteral("(%1)").arg(code)))
        text.chop(code.size() + 2);
    return text.trimmed();
}

} // namespace

ServerConnection::~ServerConnection()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
}

Result<std::unique_ptr<ServerConnection>> ServerConnection::open(const QString &urlText)
{
    auto url = ServerUrl::parse(urlText);
    if (!url)
        return url.error();
    return open(*url);
}

Result<std::unique_ptr<ServerConnection>> ServerConnection::open(const ServerUrl &url)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return Error{tr("The PostgreSQL driver for Qt (QPSQL) is not installed.")};
    std::unique_ptr<ServerConnection> connection(new ServerConnection);
    connection->m_url = url;
    connection->m_name = nextConnectionName();
    connection->m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection->m_name);
    QSqlDatabase &db = connection->m_db;
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setDatabaseName(url.database);
    db.setConnectOptions(url.connectOptions());
    if (!db.open()) {
        // libpq gives no SQLSTATE for a refused connection, only the server's message (in the
        // server's language: PostgreSQL's own Chinese text is matched too).
        const QString text = db.lastError().databaseText();
        const auto says = [&text](std::initializer_list<const char *> phrases) {
            for (const char *phrase : phrases) {
                if (text.contains(QString::fromUtf8(phrase), Qt::CaseInsensitive))
                    return true;
            }
            return false;
        };
        // A disabled user's login role may not connect (see sync.user_set_active).
        if (says({"is not permitted to log in", "不允许登录"}))
            return Error{tr("Your account is disabled: ask your administrator."),
                         signInRefusedField()};
        if (says({"password authentication failed", "no password supplied", "认证失败",
                  "authentication failed"})) {
            return Error{tr("The server %1 refused the sign-in as %2: wrong login or password.")
                             .arg(url.display(), url.user),
                         signInRefusedField()};
        }
        if (says({"no pg_hba.conf entry", "pg_hba.conf"})) {
            return Error{tr("The server %1 does not accept %2 from this computer: ask your "
                            "administrator (%3).")
                             .arg(url.display(), url.user, serverMessage(db.lastError())),
                         signInRefusedField()};
        }
        return Error{tr("Cannot connect to the server %1: %2")
                         .arg(url.display(), serverMessage(db.lastError()))};
    }
    return connection;
}

Result<QSqlQuery> ServerConnection::exec(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return Error{serverMessage(query.lastError())};
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return Error{serverMessage(query.lastError())};
    return query;
}

Result<QString> ServerConnection::scalar(const QString &sql, const QVariantList &values)
{
    auto query = exec(sql, values);
    if (!query)
        return query.error();
    QSqlQuery &rows = query.value();
    if (!rows.next())
        return QString();
    return rows.value(0).toString();
}

Status ServerConnection::execScript(const QString &script)
{
    QSqlQuery query(m_db);
    if (!query.exec(script))
        return Error{serverMessage(query.lastError())};
    return {};
}

bool ServerConnection::isAlive()
{
    QSqlQuery query(m_db);
    return m_db.isOpen() && query.exec(QStringLiteral("SELECT 1"));
}

} // namespace Leadline
