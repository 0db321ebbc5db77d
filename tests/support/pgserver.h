#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace Leadline::Test {

/// A throwaway PostgreSQL 15 cluster for integration tests: initdb into a temporary folder as
/// the postgres user, listening on a free loopback port, stopped (and removed) in the destructor.
class PgServer final
{
public:
    PgServer();
    ~PgServer();
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;

    /// Initializes the cluster on first use and starts it; false with lastError() on failure.
    bool start();
    /// Stops the server, keeping its data (start() brings it back on the same port).
    void stop();
    bool isRunning() const { return m_running; }

    int port() const { return m_port; }
    /// postgresql:// URL of the superuser for database name.
    QString superuserUrl(const QString &database = QStringLiteral("postgres")) const;
    /// Creates an empty database owned by the superuser, or a copy of templateName when given
    /// (which must have no sessions); false with lastError() on failure.
    bool createDatabase(const QString &name, const QString &templateName = {});
    QString lastError() const { return m_error; }

    static QString superuserPassword() { return QStringLiteral("fixture-secret"); }

private:
    bool run(const QString &binary, const QStringList &arguments, int timeoutMs = 60000);

    QTemporaryDir m_dir;
    int m_port = 0;
    bool m_initialized = false;
    bool m_running = false;
    QString m_error;
};

} // namespace Leadline::Test
