#pragma once

#include "serverurl.h"
#include "core/domain/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>

namespace Leadline {

/// One open QPSQL connection to the shared server, closed and removed in the destructor. Use
/// it on the thread that opened it only.
class ServerConnection final
{
public:
    ~ServerConnection();
    ServerConnection(const ServerConnection &) = delete;
    ServerConnection &operator=(const ServerConnection &) = delete;

    /// The Error::field of a connection the server refused at sign-in (a wrong login or
    /// password, a disabled account, a login not allowed from here): knocking again with the
    /// same credentials cannot help.
    static QString signInRefusedField() { return QStringLiteral("sign_in"); }

    /// Connects; the Error says whether the server is unreachable or the login was refused
    /// (then its field is signInRefusedField()).
    static Result<std::unique_ptr<ServerConnection>> open(const ServerUrl &url);
    /// Parses a postgresql:// URL as typed by an admin and connects.
    static Result<std::unique_ptr<ServerConnection>> open(const QString &urlText);

    QSqlDatabase database() const { return m_db; }
    const ServerUrl &url() const { return m_url; }

    /// Runs a prepared statement with bound values; the Error carries the server's message.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    /// The first column of the first row of a query, as text.
    Result<QString> scalar(const QString &sql, const QVariantList &values = {});
    /// Runs a script of several statements (no bound values).
    Status execScript(const QString &script);
    /// False once the connection is broken (server gone, backend terminated).
    bool isAlive();

private:
    ServerConnection() = default;

    QSqlDatabase m_db;
    QString m_name;
    ServerUrl m_url;
};

} // namespace Leadline
