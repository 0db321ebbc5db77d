#include "pgserver.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace Leadline::Test {

namespace {

const QString binDir = QStringLiteral("/usr/lib/postgresql/15/bin");

int freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// PostgreSQL refuses to run as root: hand the folder to the postgres user.
bool giveToPostgres(const QString &path)
{
    if (geteuid() != 0)
        return true;
    const passwd *user = getpwnam("postgres");
    if (!user)
        return false;
    return chown(QFile::encodeName(path).constData(), user->pw_uid, user->pw_gid) == 0;
}

} // namespace

PgServer::PgServer() = default;

PgServer::~PgServer()
{
    stop();
}

bool PgServer::run(const QString &binary, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir.path());
    const QString program = QDir(binDir).filePath(binary);
    if (geteuid() == 0)
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                                  QStringLiteral("--"), program}
                          + arguments);
    else
        process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        m_error = QStringLiteral("%1 failed: %2").arg(binary, QString::fromLocal8Bit(process.readAll()));
        return false;
    }
    return true;
}

bool PgServer::start()
{
    if (m_running)
        return true;
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    if (!m_initialized) {
        const QString pwfile = m_dir.filePath(QStringLiteral("pwfile"));
        QFile file(pwfile);
        if (!file.open(QIODevice::WriteOnly) || file.write(superuserPassword().toUtf8()) < 0) {
            m_error = QStringLiteral("cannot write %1").arg(pwfile);
            return false;
        }
        file.close();
        if (!giveToPostgres(m_dir.path()) || !giveToPostgres(pwfile)) {
            m_error = QStringLiteral("cannot hand %1 to the postgres user").arg(m_dir.path());
            return false;
        }
        if (!run(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("-A"), QStringLiteral("scram-sha-256"),
                  QStringLiteral("--pwfile=%1").arg(pwfile), QStringLiteral("-E"),
                  QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"),
                  QStringLiteral("--no-sync")},
                 120000)) {
            return false;
        }
        m_port = freeLoopbackPort();
        m_initialized = true;
    }
    const QString options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 "
                                           "-c fsync=off -c synchronous_commit=off "
                                           "-c full_page_writes=off -c max_connections=150")
                                .arg(m_port)
                                .arg(m_dir.path()) + QLatin1Char(' ') + qEnvironmentVariable("LEADLINE_TEST_PG_OPTIONS");
    if (!run(QStringLiteral("pg_ctl"),
             {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-D"), data,
              QStringLiteral("-l"), m_dir.filePath(QStringLiteral("server.log")),
              QStringLiteral("-o"), options})) {
        return false;
    }
    m_running = true;
    return true;
}

void PgServer::stop()
{
    if (!m_running)
        return;
    run(QStringLiteral("pg_ctl"), {QStringLiteral("stop"), QStringLiteral("-w"),
                                   QStringLiteral("-m"), QStringLiteral("fast"),
                                   QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data"))});
    m_running = false;
    if (qEnvironmentVariableIsSet("LEADLINE_TEST_PG_LOG"))
        QFile::copy(m_dir.filePath(QStringLiteral("server.log")), qEnvironmentVariable("LEADLINE_TEST_PG_LOG"));
}

QString PgServer::superuserUrl(const QString &database) const
{
    return QStringLiteral("postgresql://postgres:%1@127.0.0.1:%2/%3?sslmode=disable")
        .arg(superuserPassword())
        .arg(m_port)
        .arg(database);
}

bool PgServer::createDatabase(const QString &name, const QString &templateName)
{
    const QString connection = QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("postgres"));
        db.setPassword(superuserPassword());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (!db.open()) {
            m_error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            // A database name cannot be a bound parameter; tests pass plain identifiers.
            ok = query.exec(templateName.isEmpty()
                                ? QStringLiteral("CREATE DATABASE \"%1\"").arg(name)
                                : QStringLiteral("CREATE DATABASE \"%1\" TEMPLATE \"%2\" STRATEGY FILE_COPY")
                                      .arg(name, templateName));
            if (!ok)
                m_error = query.lastError().text();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace Leadline::Test
