// "leadline workspace recover" (§8): a damaged workspace is rebuilt from the server and every
// unsynced change that can still be read arrives exactly once, also when the server is down at
// first and when the recovery is killed between its steps.
#include "syncfixture.h"

#include "core/storage/workspacecheck.h"
#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

struct Run
{
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

Run leadline(const QStringList &arguments, const QString &killAfter = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!killAfter.isEmpty())
        environment.insert(QStringLiteral("LEADLINE_RECOVER_KILL_AFTER"), killAfter);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(LEADLINE_BINARY), arguments);
    REQUIRE(process.waitForFinished(300000));
    Run run;
    run.crashed = process.exitStatus() == QProcess::CrashExit;
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QStringList recoverArguments(const QString &workspace, const ServerUrl &url)
{
    return {QStringLiteral("workspace"), QStringLiteral("recover"), QStringLiteral("--workspace"),
            workspace, QStringLiteral("--db"), url.display(), QStringLiteral("--login"), url.user,
            QStringLiteral("--password"), url.password, QStringLiteral("--json")};
}

// Sends the first entries of the outbox as the client does, but the answer is lost (a crash
// before it is recorded): the server has them, the workspace still counts them unsynced.
void pushAndForget(SyncClient &client, int entries)
{
    auto connection = ServerConnection::open(client.url());
    REQUIRE(connection.message() == QString());
    ServerGateway gateway(**connection);
    REQUIRE(gateway.hello(client.store().clientId()).message() == QString());
    QJsonArray batch;
    QSqlQuery outbox(client.store().database());
    outbox.prepare(QStringLiteral("SELECT mutation_id, table_name, row_id, op, base_row_version, "
                                  "fields, seq FROM outbox ORDER BY seq LIMIT ?"));
    outbox.addBindValue(entries);
    REQUIRE(outbox.exec());
    while (outbox.next()) {
        batch.append(QJsonObject{
            {QStringLiteral("mutation_id"), outbox.value(0).toString()},
            {QStringLiteral("table"), outbox.value(1).toString()},
            {QStringLiteral("row_id"), outbox.value(2).toString()},
            {QStringLiteral("op"), outbox.value(3).toString()},
            {QStringLiteral("base_row_version"), outbox.value(4).toLongLong()},
            {QStringLiteral("fields"), QJsonDocument::fromJson(outbox.value(5).toString().toUtf8()).object()},
            {QStringLiteral("client_seq"), outbox.value(6).toLongLong()}});
    }
    REQUIRE(batch.size() == entries);
    REQUIRE(gateway.push(client.store().clientId(), batch).message() == QString());
}

/// A synced workspace of 1,500 customers with unsynced changes (three of them already applied
/// by the server, their answer lost), closed and then damaged in the middle of the file.
struct DamagedWorkspace
{
    explicit DamagedWorkspace(SyncServer &server)
    {
        agent = server.addUser(QStringLiteral("li"));
        REQUIRE(server.admin().exec(QStringLiteral(
            "INSERT INTO customers(id, name, owner_id, company, created_at) "
            "SELECT 'c' || lpad(i::text, 5, '0'), 'Customer ' || i, ?, 'Co ' || i, 1 "
            "FROM generate_series(1, 1500) i"),
            {agent}));
        client = std::make_unique<SyncClient>(server, QStringLiteral("li"), agent);
        REQUIRE(client->sync().message() == QString());
        REQUIRE(client->value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("1500"));
        clientId = client->store().clientId();

        ChangeWriter &writer = client->writer();
        REQUIRE(writer.update(QStringLiteral("customers"), QStringLiteral("c00001"),
                              {{QStringLiteral("company"), QStringLiteral("Sent Co")}}));
        REQUIRE(writer.insert(QStringLiteral("notes"), {{QStringLiteral("customer_id"), QStringLiteral("c00002")},
                                                         {QStringLiteral("agent_id"), agent},
                                                         {QStringLiteral("body"), QStringLiteral("sent once")},
                                                         {QStringLiteral("created_at"), 5}}));
        REQUIRE(writer.update(QStringLiteral("customers"), QStringLiteral("c00003"),
                              {{QStringLiteral("region"), QStringLiteral("杭州")}}));
        pushAndForget(*client, 3);
        sentRowVersion = server.value(QStringLiteral("SELECT row_version FROM customers WHERE id = 'c00001'"));

        REQUIRE(writer.update(QStringLiteral("customers"), QStringLiteral("c00010"),
                              {{QStringLiteral("company"), QStringLiteral("离线公司")}}));
        newCustomer = client->addCustomer(QStringLiteral("新客户"));
        for (int i = 0; i < 5; ++i) {
            REQUIRE(writer.insert(QStringLiteral("notes"),
                                  {{QStringLiteral("customer_id"), newCustomer},
                                   {QStringLiteral("agent_id"), agent},
                                   {QStringLiteral("body"), QStringLiteral("offline note %1").arg(i)},
                                   {QStringLiteral("created_at"), 10 + i}}));
        }
        REQUIRE(writer.update(QStringLiteral("customers"), QStringLiteral("c00001"),
                              {{QStringLiteral("region"), QStringLiteral("苏州")}}));
        QSqlQuery ids(client->store().database());
        REQUIRE(ids.exec(QStringLiteral("SELECT mutation_id FROM outbox ORDER BY seq")));
        while (ids.next())
            mutations.append(ids.value(0).toString());
        REQUIRE(mutations.size() == 11);

        // Closed (the log folded into the file), then eight pages in the middle are zeroed.
        path = client->workspace().path();
        client->workspace().close();
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadWrite));
        const qint64 pages = file.size() / 4096;
        REQUIRE(pages > 100);
        REQUIRE(file.seek((pages / 2) * 4096));
        REQUIRE(file.write(QByteArray(8 * 4096, '\0')) == 8 * 4096);
        file.close();
        auto damaged = LocalStore::openExisting(path);
        REQUIRE(!damaged);
        REQUIRE(damaged.error().field == WorkspaceCheck::damagedProblem);
    }

    /// Every saved change reached the server exactly once, the new workspace holds them and
    /// the damaged file and the side file are kept.
    void checkRecovered(SyncServer &server, const QJsonObject &report)
    {
        INFO(QJsonDocument(report).toJson().toStdString());
        CHECK(report.value(QStringLiteral("saved")).toInt() == 11);
        CHECK(report.value(QStringLiteral("unreadable")).toInt() == 0);
        CHECK(report.value(QStringLiteral("pushed")).toInt() == 11);
        CHECK(report.value(QStringLiteral("rejected")).toInt() == 0);
        const QString list = mutations.join(QLatin1Char(','));
        CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.applied_mutations "
                                          "WHERE mutation_id = ANY(string_to_array(?, ','))"),
                           {list}) == QStringLiteral("11"));
        CHECK(server.value(QStringLiteral("SELECT count(DISTINCT client_id) FROM sync.applied_mutations "
                                          "WHERE mutation_id = ANY(string_to_array(?, ','))"),
                           {list}) == QStringLiteral("1"));
        CHECK(server.value(QStringLiteral("SELECT client_id FROM sync.applied_mutations "
                                          "WHERE mutation_id = ?"),
                           {mutations.last()}) == clientId);
        // The change applied before the crash was not applied a second time.
        CHECK(server.value(QStringLiteral("SELECT row_version FROM customers WHERE id = 'c00001'"))
              .toLongLong() == sentRowVersion.toLongLong() + 1); // only the later city edit
        CHECK(server.value(QStringLiteral("SELECT company || '/' || region FROM customers WHERE id = 'c00001'"))
              == QStringLiteral("Sent Co/苏州"));
        CHECK(server.value(QStringLiteral("SELECT company FROM customers WHERE id = 'c00010'"))
              == QStringLiteral("离线公司"));
        CHECK(server.value(QStringLiteral("SELECT region FROM customers WHERE id = 'c00003'"))
              == QStringLiteral("杭州"));
        CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = ?"), {newCustomer})
              == QStringLiteral("5"));
        CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body = 'sent once'"))
              == QStringLiteral("1"));

        auto rebuilt = LocalStore::openExisting(path);
        REQUIRE(rebuilt.message() == QString());
        QSqlQuery query((*rebuilt)->database());
        REQUIRE(query.exec(QStringLiteral(
            "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM outbox), "
            "(SELECT count(*) FROM notes WHERE customer_id = '%1'), "
            "(SELECT company FROM customers WHERE id = 'c00010'), "
            "(SELECT region FROM customers WHERE id = 'c00001')").arg(newCustomer)));
        REQUIRE(query.next());
        CHECK(query.value(0).toInt() == 1501);
        CHECK(query.value(1).toInt() == 0);
        CHECK(query.value(2).toInt() == 5);
        CHECK(query.value(3).toString() == QStringLiteral("离线公司"));
        CHECK(query.value(4).toString() == QStringLiteral("苏州"));
        CHECK((*rebuilt)->clientId() != clientId);

        const QString damagedFile = report.value(QStringLiteral("damaged_file")).toString();
        CHECK(QFileInfo(damagedFile).size() > 100 * 4096);
        QFile side(report.value(QStringLiteral("side_file")).toString());
        REQUIRE(side.open(QIODevice::ReadOnly));
        CHECK(side.readAll().count('\n') == 12); // the header and one line per change
        CHECK(!QFileInfo::exists(path + QStringLiteral(".recovery")));
    }

    QString agent;
    QString clientId;
    QString newCustomer;
    QString sentRowVersion;
    QString path;
    QStringList mutations;
    std::unique_ptr<SyncClient> client;
};

QJsonObject reportOf(const Run &run)
{
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    REQUIRE(!run.crashed);
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

} // namespace

TEST_CASE("workspace recover rebuilds a damaged workspace from the server and sends every "
          "unsynced change exactly once, also one the server had before the crash",
          "[sync][recover]")
{
    SyncServer server;
    DamagedWorkspace workspace(server);
    const Run run = leadline(recoverArguments(workspace.path, server.urlFor(QStringLiteral("li"))));
    workspace.checkRecovered(server, reportOf(run));

    // Run again: the workspace is whole now, and nothing is sent twice.
    const Run again = leadline(recoverArguments(workspace.path, server.urlFor(QStringLiteral("li"))));
    CHECK(reportOf(again).value(QStringLiteral("whole")).toBool());
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.applied_mutations WHERE mutation_id = "
                                      "ANY(string_to_array(?, ','))"),
                       {workspace.mutations.join(QLatin1Char(','))}) == QStringLiteral("11"));
}

TEST_CASE("workspace recover with the server down keeps the side file and the damaged workspace "
          "and says so; run again with the server up it finishes",
          "[sync][recover]")
{
    SyncServer server;
    DamagedWorkspace workspace(server);
    ServerUrl dead = server.urlFor(QStringLiteral("li"));
    dead.port = 1; // nothing listens there
    const Run down = leadline(recoverArguments(workspace.path, dead));
    INFO(down.err.toStdString());
    CHECK(down.exitCode == 1);
    CHECK(down.err.contains(QStringLiteral("could not be reached")));
    CHECK(down.err.contains(QStringLiteral(".unsynced-")));
    CHECK(down.err.contains(QStringLiteral("left as it is")));
    // The damaged file is where it was, the saved changes beside it.
    CHECK(!LocalStore::openExisting(workspace.path));
    const QStringList sideFiles = QFileInfo(workspace.path).dir().entryList(
        {QFileInfo(workspace.path).fileName() + QStringLiteral(".unsynced-*.jsonl")});
    REQUIRE(sideFiles.size() == 1);

    const Run up = leadline(recoverArguments(workspace.path, server.urlFor(QStringLiteral("li"))));
    const QJsonObject report = reportOf(up);
    workspace.checkRecovered(server, report);
    CHECK(QFileInfo(report.value(QStringLiteral("side_file")).toString()).fileName() == sideFiles.first());
}

TEST_CASE("workspace recover killed after each of its steps continues when run again and sends "
          "every unsynced change exactly once",
          "[sync][recover]")
{
    SyncServer server;
    DamagedWorkspace workspace(server);
    const QStringList arguments = recoverArguments(workspace.path, server.urlFor(QStringLiteral("li")));
    for (const QString &step : {QStringLiteral("saved"), QStringLiteral("moved"), QStringLiteral("built")}) {
        const Run killed = leadline(arguments, step);
        INFO(step.toStdString() << ": " << killed.err.toStdString());
        REQUIRE(killed.crashed);
        CHECK(QFileInfo::exists(workspace.path + QStringLiteral(".recovery")));
    }
    // Killed after the last step too: the journal is gone, the workspace is whole.
    const Run last = leadline(arguments, QStringLiteral("done"));
    REQUIRE(last.crashed);
    const Run finished = leadline(arguments);
    CHECK(reportOf(finished).value(QStringLiteral("whole")).toBool());
    // Exactly one side file, one damaged file, and every change once.
    const QDir folder = QFileInfo(workspace.path).dir();
    const QString name = QFileInfo(workspace.path).fileName();
    const QStringList sideFiles = folder.entryList({name + QStringLiteral(".unsynced-*.jsonl")});
    QStringList damagedFiles = folder.entryList({name + QStringLiteral(".damaged-*")});
    damagedFiles.removeIf([](const QString &file) {
        return file.endsWith(QStringLiteral("-wal")) || file.endsWith(QStringLiteral("-shm"));
    });
    REQUIRE(sideFiles.size() == 1);
    REQUIRE(damagedFiles.size() == 1);
    workspace.checkRecovered(server, QJsonObject{{QStringLiteral("saved"), 11},
                                                 {QStringLiteral("unreadable"), 0},
                                                 {QStringLiteral("pushed"), 11},
                                                 {QStringLiteral("rejected"), 0},
                                                 {QStringLiteral("side_file"), folder.filePath(sideFiles.first())},
                                                 {QStringLiteral("damaged_file"), folder.filePath(damagedFiles.first())}});
}

TEST_CASE("a workspace copied without its write-ahead log while in use is refused, and workspace "
          "recover rebuilds it sending the unsynced changes the copy holds",
          "[sync][recover][mark]")
{
    SyncServer server;
    const QString agent = server.addUser(QStringLiteral("li"));
    REQUIRE(server.admin().exec(QStringLiteral(
        "INSERT INTO customers(id, name, owner_id, created_at) "
        "SELECT 'c' || i, 'Customer ' || i, ?, 1 FROM generate_series(1, 20) i"),
        {agent}));
    SyncClient client(server, QStringLiteral("li"), agent);
    REQUIRE(client.sync().message() == QString());
    auto note = [&](const QString &body) {
        REQUIRE(client.writer().insert(QStringLiteral("notes"), {{QStringLiteral("customer_id"), QStringLiteral("c1")},
                                                                 {QStringLiteral("agent_id"), agent},
                                                                 {QStringLiteral("body"), body},
                                                                 {QStringLiteral("created_at"), 5}}));
    };
    note(QStringLiteral("in the file 1"));
    note(QStringLiteral("in the file 2"));
    note(QStringLiteral("in the file 3"));
    // SQLite copies the log into the file now and then (a checkpoint); later commits stay in the log.
    QSqlQuery checkpoint(client.store().database());
    REQUIRE(checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")));
    checkpoint.finish();
    note(QStringLiteral("only in the log"));

    // WHEN the user copies the workspace file alone while Leadline has it open
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("copy.leadline"));
    REQUIRE(QFile::copy(client.workspace().path(), copy));
    auto opened = LocalStore::openExisting(copy);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::walProblem);

    // THEN recover saves what the copy holds, rebuilds it and sends those changes once
    const Run run = leadline(recoverArguments(copy, server.urlFor(QStringLiteral("li"))));
    const QJsonObject report = reportOf(run);
    INFO(QJsonDocument(report).toJson().toStdString());
    CHECK(report.value(QStringLiteral("saved")).toInt() == 3);
    CHECK(report.value(QStringLiteral("pushed")).toInt() == 3);
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body LIKE 'in the file %'"))
          == QStringLiteral("3"));
    auto rebuilt = LocalStore::openExisting(copy);
    REQUIRE(rebuilt.message() == QString());
    QSqlQuery query((*rebuilt)->database());
    REQUIRE(query.exec(QStringLiteral("SELECT (SELECT count(*) FROM customers), "
                                      "(SELECT count(*) FROM notes), (SELECT count(*) FROM outbox)")));
    REQUIRE(query.next());
    CHECK(query.value(0).toInt() == 20);
    CHECK(query.value(1).toInt() == 3);
    CHECK(query.value(2).toInt() == 0);
}
