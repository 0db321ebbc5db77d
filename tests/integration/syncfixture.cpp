#include "syncfixture.h"

#include "serverenvironment.h"
#include "core/sync/serverusers.h"

#include <catch2/catch.hpp>

#include <QSqlQuery>

#include <atomic>

namespace Leadline::Test {

namespace {

// A test client's commits skip the flush to disk (PRAGMA synchronous=OFF). That risks only a
// power cut: a process that dies, as restart() simulates, keeps every commit (WAL mode, the
// pages are in the operating system's cache). Hundreds of clients a run, each committing
// dozens of times, would otherwise wait seconds per seed on fdatasync.
void skipFlushes(LocalStore &store)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(QStringLiteral("PRAGMA synchronous=OFF")));
}

} // namespace

SyncServer::SyncServer()
    : m_url(*ServerUrl::parse(ServerEnvironment::freshDatabase()))
{
    m_admin = openAdmin();
}

std::unique_ptr<ServerConnection> SyncServer::openAdmin() const
{
    auto connection = ServerConnection::open(m_url);
    REQUIRE(connection.message() == QString());
    return std::move(connection).value();
}

QString SyncServer::addUser(const QString &login, const QString &role, const QString &team)
{
    auto added = ServerUsers::add(*m_admin, {login, QStringLiteral("password-") + login, role, team,
                                             login.toUpper()});
    REQUIRE(added.message() == QString());
    return *added;
}

ServerUrl SyncServer::urlFor(const QString &login) const
{
    return m_url.withLogin(login, QStringLiteral("password-") + login);
}

QString SyncServer::value(const QString &sql, const QVariantList &values)
{
    auto result = m_admin->scalar(sql, values);
    REQUIRE(result.message() == QString());
    return *result;
}

void SyncServer::restart()
{
    m_admin.reset();
    ServerEnvironment::waitAhead();
    ServerEnvironment::server().stop();
    REQUIRE(ServerEnvironment::server().start());
    m_admin = openAdmin();
}

void SyncServer::keepDump()
{
    static std::atomic<int> dumps{0};
    m_dump = QStringLiteral("leadline_dump_%1").arg(++dumps);
    // A template database may have no session: the clients' kept connections are cut (they
    // connect again at their next round), then the administrator's is closed.
    REQUIRE(m_admin->exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
    m_admin.reset();
    REQUIRE(ServerEnvironment::server().createDatabase(m_dump, m_url.database));
    m_admin = openAdmin();
}

void SyncServer::restoreDump()
{
    REQUIRE(!m_dump.isEmpty());
    static std::atomic<int> restores{0};
    const QString restored = QStringLiteral("leadline_restored_%1").arg(++restores);
    REQUIRE(ServerEnvironment::server().createDatabase(restored, m_dump));
    m_admin.reset();
    m_url.database = restored;
    m_admin = openAdmin();
}

SyncClient::SyncClient(SyncServer &server, const QString &login, const QString &agentId)
    : m_writer(std::make_unique<ChangeWriter>(m_workspace.store()))
    , m_server(server)
    , m_login(login)
{
    m_workspace.store().setCurrentAgentId(agentId);
    skipFlushes(store());
}

Result<ServerConnection *> SyncClient::connection()
{
    if (m_connection && m_connection->url().database != url().database)
        m_connection.reset(); // the server was restored into another database
    if (!m_connection) {
        auto opened = ServerConnection::open(url());
        if (!opened)
            return opened.error();
        m_connection = std::move(opened).value();
    }
    return m_connection.get();
}

Result<SyncReport> SyncClient::sync(int batchSize, int pageSize)
{
    Result<SyncReport> result = Error{};
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto connection = this->connection();
        if (!connection)
            return connection.error();
        SyncRound round(store(), **connection);
        round.setBatchSize(batchSize);
        round.setPageSize(pageSize);
        round.setSnapshotPageSize(pageSize);
        result = round.run();
        if (result || round.failure() != SyncFailure::Unreachable)
            return result;
        m_connection.reset(); // broken: the next attempt connects again
    }
    return result;
}

QString SyncClient::addCustomer(const QString &name, const QString &owner)
{
    auto id = m_writer->insert(QStringLiteral("customers"),
                              {{QStringLiteral("name"), name},
                               {QStringLiteral("owner_id"),
                                owner.isEmpty() ? store().currentAgentId() : owner},
                               {QStringLiteral("created_at"), m_workspace.clock().nowMs()}});
    REQUIRE(id.message() == QString());
    return *id;
}

QString SyncClient::value(const QString &sql, const QVariantList &values)
{
    QSqlQuery query(store().database());
    query.prepare(sql);
    for (const QVariant &v : values)
        query.addBindValue(v);
    REQUIRE(query.exec());
    return query.next() ? query.value(0).toString() : QString();
}

void SyncClient::restart()
{
    m_connection.reset();
    m_writer.reset();
    m_workspace.restart();
    m_writer = std::make_unique<ChangeWriter>(m_workspace.store());
    skipFlushes(store());
}

int SyncClient::outboxCount()
{
    return value(QStringLiteral("SELECT count(*) FROM outbox")).toInt();
}

} // namespace Leadline::Test
