#include "useradministration.h"

#include "serverconnection.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::UserAdministration", text);
}

} // namespace

UserAdministration::UserAdministration() = default;
UserAdministration::~UserAdministration() = default;

void UserAdministration::setServer(const ServerUrl &server)
{
    const QMutexLocker lock(&m_mutex);
    m_server = server;
    ++m_serverGeneration;
}

bool UserAdministration::hasServer() const
{
    const QMutexLocker lock(&m_mutex);
    return m_server.has_value();
}

void UserAdministration::disconnect()
{
    m_connection.reset();
}

Result<ServerConnection *> UserAdministration::connection()
{
    std::optional<ServerUrl> server;
    quint64 generation = 0;
    {
        const QMutexLocker lock(&m_mutex);
        server = m_server;
        generation = m_serverGeneration;
    }
    if (!server)
        return Error{tr("Sign in to the shared server first (\"Server…\" in the status bar).")};
    if (m_connection && m_connectionGeneration == generation && m_connection->isAlive())
        return m_connection.get();
    m_connection.reset();
    auto opened = ServerConnection::open(*server);
    if (!opened)
        return Error{localized(opened.message())};
    m_connection = std::move(opened).value();
    m_connectionGeneration = generation;
    return m_connection.get();
}

QString UserAdministration::localized(const QString &serverMessage)
{
    static const struct
    {
        const char *pattern;
        const char *text;
    } known[] = {
        {"^Only administrators manage users\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "Only administrators manage users.")},
        {"^There is no user (.+)\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "There is no user %1.")},
        {"^The login (.+) is not allowed\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "The login %1 is not allowed.")},
        {"^The login (.+) is reserved\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "The login %1 is reserved.")},
        {"^The login (.+) belongs to a server role that is not a",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration",
                           "The login %1 belongs to a server role that is not a Leadline user.")},
        {"^The password needs at least 8 characters\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration",
                           "The password needs at least 8 characters.")},
        {"^The role must be agent, supervisor or admin\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration",
                           "The role must be agent, supervisor or admin.")},
        {"^The user needs a name\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "The user needs a name.")},
        {"^You cannot disable your own account\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration", "You cannot disable your own account.")},
        {"^You cannot take the administrator role from yourself\\.$",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration",
                           "You cannot take the administrator role from yourself.")},
        {"^Your account is disabled",
         QT_TRANSLATE_NOOP("Leadline::UserAdministration",
                           "Your account is disabled: ask your administrator.")},
    };
    QString message = serverMessage;
    static const QString addPrefix = QStringLiteral("Cannot add the user: ");
    const bool adding = message.startsWith(addPrefix);
    if (adding)
        message = message.mid(addPrefix.size());
    for (const auto &entry : known) {
        const QRegularExpression pattern(QString::fromLatin1(entry.pattern));
        const QRegularExpressionMatch match = pattern.match(message);
        if (!match.hasMatch())
            continue;
        QString text = tr(entry.text);
        if (text.contains(QLatin1String("%1")))
            text = text.arg(match.captured(1));
        return adding ? tr("Cannot add the user: %1").arg(text) : text;
    }
    return serverMessage;
}

Status UserAdministration::localized(const Status &status)
{
    if (status)
        return status;
    return Error{localized(status.message()), status.error().field};
}

Result<QList<ServerUserInfo>> UserAdministration::list()
{
    auto open = connection();
    if (!open)
        return open.error();
    auto users = ServerUsers::list(**open);
    if (!users)
        return Error{localized(users.message())};
    return users;
}

Result<QString> UserAdministration::add(const ServerUser &user)
{
    auto open = connection();
    if (!open)
        return open.error();
    auto added = ServerUsers::add(**open, user);
    if (!added)
        return Error{localized(added.message()), added.error().field};
    return added;
}

Status UserAdministration::setActive(const QString &login, bool active)
{
    auto open = connection();
    if (!open)
        return open.error();
    return localized(ServerUsers::setActive(**open, login, active));
}

Status UserAdministration::setRole(const QString &login, const QString &role)
{
    auto open = connection();
    if (!open)
        return open.error();
    return localized(ServerUsers::setRole(**open, login, role));
}

Status UserAdministration::setTeam(const QString &login, const QString &team)
{
    auto open = connection();
    if (!open)
        return open.error();
    return localized(ServerUsers::setTeam(**open, login, team));
}

Status UserAdministration::setPassword(const QString &login, const QString &password)
{
    auto open = connection();
    if (!open)
        return open.error();
    return localized(ServerUsers::setPassword(**open, login, password));
}

} // namespace Leadline
