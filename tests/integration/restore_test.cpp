// A server restored from a dump, into another database of the same cluster or into a fresh
// cluster, is a new generation whatever the dump carried: every client resyncs, takes the
// server's rows, and sends again the writes the dump lacks (§5, §8).
#include "serverenvironment.h"
#include "syncfixture.h"

#include "core/sync/serverconnection.h"
#include "core/sync/syncround.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

const QString pgBin = QStringLiteral("/usr/lib/postgresql/15/bin/");

void runTool(const QString &tool, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGPASSWORD"), PgServer::superuserPassword());
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(pgBin + tool, arguments);
    REQUIRE(process.waitForFinished(120000));
    INFO(QString::fromLocal8Bit(process.readAll()).toStdString());
    REQUIRE(process.exitCode() == 0);
}

QStringList connectionArguments(const PgServer &server, const QString &database)
{
    return {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
            QString::number(server.port()), QStringLiteral("-U"), QStringLiteral("postgres"),
            QStringLiteral("-d"), database};
}

Result<SyncReport> syncWith(SyncClient &client, const ServerUrl &url)
{
    auto connection = ServerConnection::open(url);
    if (!connection)
        return connection.error();
    SyncRound round(client.store(), **connection);
    return round.run();
}

QString databaseOf(const SyncServer &server)
{
    return server.urlFor(QStringLiteral("x")).database;
}

} // namespace

TEST_CASE("a dump restored into a new database of the same cluster and into a fresh cluster: the "
          "client sees a new generation, takes the server's rows and pushes the write made after "
          "the dump",
          "[sync][restore]")
{
    const bool freshCluster = GENERATE(false, true);
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    for (const QString &id : {QStringLiteral("c1"), QStringLiteral("c2"), QStringLiteral("c3")}) {
        REQUIRE(server.admin().exec(QStringLiteral("INSERT INTO customers(id, name, owner_id, created_at) "
                                                   "VALUES (?, ?, ?, 1)"),
                                    {id, QStringLiteral("Customer ") + id, wang}));
    }
    SyncClient client(server, QStringLiteral("wang"), wang);
    REQUIRE(client.sync().message() == QString());
    const QString generation = client.store().stateValue(QStringLiteral("server_generation"));

    // GIVEN a dump of the server
    QTemporaryDir dir;
    const QString dump = dir.filePath(QStringLiteral("leadline.sql"));
    PgServer &cluster = ServerEnvironment::server();
    runTool(QStringLiteral("pg_dump"), connectionArguments(cluster, databaseOf(server))
                                           + QStringList{QStringLiteral("-f"), dump});
    // AND, after it, a write the client pushed, a write another client made, and many
    // transactions (a fresh cluster would restart its transaction ids below the cursor)
    REQUIRE(client.writer().update(QStringLiteral("customers"), QStringLiteral("c1"),
                                   {{QStringLiteral("company"), QStringLiteral("After the dump")}}));
    REQUIRE(client.sync().message() == QString());
    REQUIRE(client.outboxCount() == 0);
    REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET name = 'Lost with the server' WHERE id = 'c2'")));
    REQUIRE(client.sync().message() == QString());
    REQUIRE(client.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c2'")) == QStringLiteral("Lost with the server"));
    for (int i = 0; i < 20; ++i)
        REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET company = ? WHERE id = 'c3'"),
                                    {QStringLiteral("Version %1").arg(i)}));
    REQUIRE(client.sync().message() == QString());

    // WHEN the dump is restored into another database (of this cluster or of a fresh one)
    std::unique_ptr<PgServer> other;
    PgServer *target = &cluster;
    if (freshCluster) {
        other = std::make_unique<PgServer>();
        REQUIRE(other->start());
        const QString roles = dir.filePath(QStringLiteral("roles.sql"));
        runTool(QStringLiteral("pg_dumpall"), QStringList{QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                                          QStringLiteral("-p"), QString::number(cluster.port()),
                                                          QStringLiteral("-U"), QStringLiteral("postgres"),
                                                          QStringLiteral("--roles-only"), QStringLiteral("-f"), roles});
        runTool(QStringLiteral("psql"), connectionArguments(*other, QStringLiteral("postgres"))
                                            + QStringList{QStringLiteral("-q"), QStringLiteral("-f"), roles});
        target = other.get();
    }
    const QString restored = databaseOf(server) + QStringLiteral("_restored");
    REQUIRE(target->createDatabase(restored));
    runTool(QStringLiteral("psql"), connectionArguments(*target, restored)
                                        + QStringList{QStringLiteral("-q"), QStringLiteral("-v"),
                                                      QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-f"), dump});
    ServerUrl url = client.url();
    url.port = target->port();
    url.database = restored;
    // AND the client syncs with it
    auto report = syncWith(client, url);
    REQUIRE(report.message() == QString());

    // THEN it resynced under a new generation, took the server's rows, and sent its write again
    CHECK(client.store().stateValue(QStringLiteral("server_generation")) != generation);
    CHECK(client.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c2'")) == QStringLiteral("Customer c2"));
    auto restoredAdmin = ServerConnection::open(*ServerUrl::parse(target->superuserUrl(restored)));
    REQUIRE(restoredAdmin.message() == QString());
    auto company = (*restoredAdmin)->scalar(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'"));
    REQUIRE(company.message() == QString());
    CHECK(*company == QStringLiteral("After the dump"));
    CHECK(client.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c3'"))
          == *(*restoredAdmin)->scalar(QStringLiteral("SELECT company FROM customers WHERE id = 'c3'")));
    CHECK(client.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c1'")) == QStringLiteral("After the dump"));
    CHECK(client.outboxCount() == 0);

    // AND new writes on the restored server reach the client
    REQUIRE((*restoredAdmin)->exec(QStringLiteral("UPDATE customers SET name = 'New on the restored server' WHERE id = 'c3'")));
    REQUIRE(syncWith(client, url).message() == QString());
    CHECK(client.value(QStringLiteral("SELECT name FROM customers WHERE id = 'c3'")) == QStringLiteral("New on the restored server"));
}

TEST_CASE("after a restore, an edit of a record another client created after the dump waits for "
          "that client to send the record again, then lands; without a restore such a refusal is "
          "set aside at once",
          "[sync][restore]")
{
    SyncServer server;
    SyncClient ann(server, QStringLiteral("ann"), server.addUser(QStringLiteral("ann"), QStringLiteral("admin")));
    SyncClient bob(server, QStringLiteral("bob"), server.addUser(QStringLiteral("bob"), QStringLiteral("admin")));
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());
    server.keepDump();

    // GIVEN ann creates a customer after the dump and bob edits it, with a note
    const QString customer = ann.addCustomer(QStringLiteral("After the dump"));
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());
    REQUIRE(bob.writer().update(QStringLiteral("customers"), customer,
                                {{QStringLiteral("stage"), QStringLiteral("报价阶段")}}).message() == QString());
    REQUIRE(bob.writer().insert(QStringLiteral("notes"), {{QStringLiteral("customer_id"), customer},
                                                         {QStringLiteral("body"), QStringLiteral("Quote sent")},
                                                         {QStringLiteral("created_at"), 1}}).message() == QString());

    // WHEN the server is restored from the dump and bob syncs before ann
    server.restoreDump();
    auto first = bob.sync();
    REQUIRE(first.message() == QString());

    // THEN bob's two changes wait (not set aside), and the customer is gone from bob's cache as
    // from the server
    CHECK(bob.outboxCount() == 2);
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox WHERE waiting_for = ?"),
                    {QStringLiteral("customers|") + customer}) == QStringLiteral("2"));
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = ?"), {customer}) == QStringLiteral("0"));

    // WHEN ann sends her create again and bob syncs once more
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());

    // THEN bob's edit and note are on the server and in bob's cache, and nothing is left
    CHECK(server.value(QStringLiteral("SELECT stage FROM customers WHERE id = ?"), {customer}) == QStringLiteral("报价阶段"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = ? AND body = 'Quote sent'"),
                       {customer}) == QStringLiteral("1"));
    CHECK(bob.value(QStringLiteral("SELECT stage FROM customers WHERE id = ?"), {customer}) == QStringLiteral("报价阶段"));
    CHECK(bob.outboxCount() == 0);
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));

    // GIVEN a server never restored (a fresh pair of clients' point of view: no restore seen)
    SyncServer plain;
    SyncClient cy(plain, QStringLiteral("cy"), plain.addUser(QStringLiteral("cy"), QStringLiteral("admin")));
    const QString gone = cy.addCustomer(QStringLiteral("Deleted for good"));
    REQUIRE(cy.sync().message() == QString());
    REQUIRE(cy.writer().update(QStringLiteral("customers"), gone,
                               {{QStringLiteral("stage"), QStringLiteral("需求沟通")}}).message() == QString());
    REQUIRE(plain.admin().exec(QStringLiteral("DELETE FROM customers WHERE id = '%1'").arg(gone)));
    // WHEN its edit is refused as missing
    REQUIRE(cy.sync().message() == QString());
    // THEN it is set aside with the server's reason in the same round, not kept waiting
    CHECK(cy.outboxCount() == 0);
    CHECK(cy.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("1"));
}

TEST_CASE("a client that created a record after the dump and deleted it offline meets the restored "
          "server at the handshake: the create goes out again before the delete, nothing is refused",
          "[sync][restore]")
{
    SyncServer server;
    SyncClient ann(server, QStringLiteral("ann"), server.addUser(QStringLiteral("ann"), QStringLiteral("admin")));
    REQUIRE(ann.sync().message() == QString());
    server.keepDump();

    // GIVEN ann creates a customer after the dump, syncs, and then deletes it offline
    const QString customer = ann.addCustomer(QStringLiteral("Created after the dump"));
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(ann.writer().remove(QStringLiteral("customers"), customer).message() == QString());

    // WHEN the server is restored from the dump (it lacks the customer) and ann syncs
    server.restoreDump();
    auto round = ann.sync();

    // THEN the create is sent again ahead of the delete, the server holds the deletion, and
    // nothing is refused or left
    REQUIRE(round.message() == QString());
    CHECK(round->rejected == 0);
    CHECK(ann.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
    CHECK(ann.outboxCount() == 0);
    CHECK(server.value(QStringLiteral("SELECT deleted FROM customers WHERE id = ?"), {customer})
          == QStringLiteral("1"));
}

TEST_CASE("after a restore, an edit and a delete of a record another client created after the dump "
          "wait for that record together, then land",
          "[sync][restore]")
{
    SyncServer server;
    SyncClient ann(server, QStringLiteral("ann"), server.addUser(QStringLiteral("ann"), QStringLiteral("admin")));
    SyncClient bob(server, QStringLiteral("bob"), server.addUser(QStringLiteral("bob"), QStringLiteral("admin")));
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());
    server.keepDump();

    // GIVEN ann creates a customer after the dump; bob receives it, edits it and deletes it offline
    const QString customer = ann.addCustomer(QStringLiteral("After the dump"));
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());
    REQUIRE(bob.writer().update(QStringLiteral("customers"), customer,
                                {{QStringLiteral("company"), QStringLiteral("Closed down")}}).message() == QString());
    REQUIRE(bob.writer().remove(QStringLiteral("customers"), customer).message() == QString());

    // WHEN the server is restored from the dump and bob syncs before ann
    server.restoreDump();
    REQUIRE(bob.sync().message() == QString());

    // THEN both changes wait for the record, none is set aside
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox WHERE waiting_for = ?"),
                    {QStringLiteral("customers|") + customer}) == QStringLiteral("2"));
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));

    // WHEN ann sends her create again and bob syncs
    REQUIRE(ann.sync().message() == QString());
    REQUIRE(bob.sync().message() == QString());

    // THEN the server holds bob's edit and his deletion, and nothing is left
    CHECK(server.value(QStringLiteral("SELECT company || ' ' || deleted FROM customers WHERE id = ?"),
                       {customer}) == QStringLiteral("Closed down 1"));
    CHECK(bob.outboxCount() == 0);
    CHECK(bob.value(QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
}
