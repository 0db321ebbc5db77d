#include "serverurl.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerUrl", text);
}

const QStringList sslModes = {QStringLiteral("disable"), QStringLiteral("allow"),
                              QStringLiteral("prefer"), QStringLiteral("require"),
                              QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

} // namespace

Result<ServerUrl> ServerUrl::parse(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    // QUrl's own error text quotes the whole address, password included: never show it.
    if (!url.isValid()) {
        return Error{tr("The server address is not a valid URL: check the host and port, and "
                        "percent-encode special characters in the user name and password.")};
    }
    if (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres")) {
        return Error{tr("The server address must start with postgresql:// (for example "
                        "postgresql://user@host:5432/leadline).")};
    }
    ServerUrl result;
    if (!url.host().isEmpty())
        result.host = url.host();
    result.port = url.port(5432);
    result.user = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    result.database = url.path(QUrl::FullyDecoded).mid(1);
    if (result.database.isEmpty())
        return Error{tr("The server address names no database (…/dbname).")};
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("sslmode"))) {
        result.sslMode = query.queryItemValue(QStringLiteral("sslmode"));
        if (!sslModes.contains(result.sslMode)) {
            return Error{tr("Unknown sslmode \"%1\" (use one of: %2).")
                             .arg(result.sslMode, sslModes.join(QStringLiteral(", ")))};
        }
    }
    return result;
}

ServerUrl ServerUrl::withLogin(const QString &login, const QString &secret) const
{
    ServerUrl copy = *this;
    copy.user = login;
    copy.password = secret;
    return copy;
}

QString ServerUrl::display() const
{
    return QStringLiteral("postgresql://%1@%2:%3/%4?sslmode=%5")
        .arg(user, host)
        .arg(port)
        .arg(database, sslMode);
}

QString ServerUrl::connectOptions() const
{
    return QStringLiteral("sslmode=%1;connect_timeout=5").arg(sslMode);
}

} // namespace Leadline
