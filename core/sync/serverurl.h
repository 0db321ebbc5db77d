#pragma once

#include "core/domain/result.h"

#include <QString>

namespace Leadline {

/// Where the shared server is: postgresql://user:password@host:port/dbname?sslmode=…
struct ServerUrl
{
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString sslMode = QStringLiteral("prefer");

    /// Parses the URL form; an Error says what is wrong with it.
    static Result<ServerUrl> parse(const QString &text);
    /// The same server with another login.
    ServerUrl withLogin(const QString &login, const QString &secret) const;
    /// The URL without the password (safe to show and to store in settings).
    QString display() const;
    /// QPSQL connect options (sslmode, connect timeout).
    QString connectOptions() const;
};

} // namespace Leadline
