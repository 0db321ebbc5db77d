#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/storage/changewriter.h"
#include "core/storage/migrations.h"
#include "core/storage/searchtokens.h"
#include "core/storage/syncedtables.h"
#include "core/storage/transaction.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

QString pragma(LocalStore &store, const char *name)
{
    QSqlQuery query(store.database());
    query.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace

TEST_CASE("A new workspace is migrated to the latest version with the cache settings", "[storage]")
{
    TestWorkspace workspace;
    CHECK(Migrations::currentVersion(workspace.store()) == Migrations::latestVersion());
    CHECK(pragma(workspace.store(), "journal_mode") == QStringLiteral("wal"));
    // The test workspace itself skips flushes; a workspace as the application opens it does not.
    CHECK(pragma(*workspace.reopen(), "synchronous") == QStringLiteral("2")); // FULL
    CHECK(pragma(workspace.store(), "foreign_keys") == QStringLiteral("1"));
    CHECK_FALSE(workspace.store().clientId().isEmpty());
}

TEST_CASE("Reopening a workspace keeps its data, version and client id", "[storage]")
{
    TestWorkspace workspace;
    const QString clientId = workspace.store().clientId();
    REQUIRE(ChangeWriter(workspace.store()).insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("重点客户")}}).ok());
    workspace.close();
    auto reopened = workspace.reopen();
    CHECK(Migrations::currentVersion(*reopened) == Migrations::latestVersion());
    CHECK(reopened->clientId() == clientId);
    QSqlQuery query(reopened->database());
    REQUIRE(query.exec(QStringLiteral("SELECT name FROM tags")));
    REQUIRE(query.next());
    CHECK(query.value(0).toString() == QStringLiteral("重点客户"));
}

TEST_CASE("A workspace at every earlier schema version upgrades to the latest", "[storage]")
{
    for (int stop = 1; stop < Migrations::latestVersion(); ++stop) {
        INFO("stopped at version " << stop);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.leadline"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(path);
            REQUIRE(db.open());
            REQUIRE(SearchTokens::install(db).ok()); // the search triggers' SQL function
            QSqlQuery query(db);
            // The old workspace is built in one transaction without syncing to disk: only the
            // upgrade that follows is under test.
            REQUIRE(query.exec(QStringLiteral("PRAGMA synchronous = OFF")));
            REQUIRE(query.exec(QStringLiteral("BEGIN")));
            for (int step = 1; step <= stop; ++step) {
                QFile file(Migrations::steps().at(step - 1));
                REQUIRE(file.open(QIODevice::ReadOnly));
                for (const QString &statement : Migrations::splitStatements(QString::fromUtf8(file.readAll())))
                    REQUIRE(query.exec(statement));
            }
            REQUIRE(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(stop)));
            REQUIRE(query.exec(QStringLiteral("COMMIT")));
            query.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        auto store = LocalStore::open(path);
        REQUIRE(store.ok());
        CHECK(Migrations::currentVersion(*store.value()) == Migrations::latestVersion());
    }
}

TEST_CASE("Trigger bodies stay whole when a schema step is split", "[storage]")
{
    const QStringList statements = Migrations::splitStatements(QStringLiteral(
        "-- comment\nCREATE TABLE a(x);\nCREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE a SET x = 1;\n  DELETE FROM a;\nEND;\nCREATE INDEX i ON a(x);\n"));
    REQUIRE(statements.size() == 3);
    CHECK(statements.at(1).startsWith(QStringLiteral("CREATE TRIGGER")));
    CHECK(statements.at(1).endsWith(QStringLiteral("END;")));
}

TEST_CASE("A workspace from a newer Leadline is refused with a clear message", "[storage]")
{
    TestWorkspace workspace;
    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::latestVersion() + 5)));
    workspace.close();
    const auto reopened = LocalStore::open(workspace.path());
    REQUIRE_FALSE(reopened.ok());
    CHECK(reopened.message().contains(QStringLiteral("newer Leadline")));
}

TEST_CASE("A damaged or foreign file is detected at open", "[storage]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.leadline"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    const auto opened = LocalStore::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.message().contains(QStringLiteral("damaged")));

    const auto missing = LocalStore::openExisting(dir.filePath(QStringLiteral("nope.leadline")));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.message().contains(QStringLiteral("does not exist")));
}

TEST_CASE("Every synced table has the common sync columns", "[storage]")
{
    TestWorkspace workspace;
    for (const SyncedTable &table : SyncedTables::all()) {
        INFO(table.name.toStdString());
        const QStringList columns = workspace.store().columns(table.name);
        for (const char *column : {"id", "row_version", "updated_at", "updated_by", "deleted"})
            CHECK(columns.contains(QLatin1String(column)));
    }
}

TEST_CASE("A write appends exactly one outbox entry with the changed fields", "[storage][outbox]")
{
    TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    auto id = writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("A")}});
    REQUIRE(id.ok());
    REQUIRE(writer.update(QStringLiteral("tags"), *id, {{QStringLiteral("name"), QStringLiteral("B")},
                                                         {QStringLiteral("color"), QString()}}).ok());
    // An update that changes nothing writes nothing.
    REQUIRE(writer.update(QStringLiteral("tags"), *id, {{QStringLiteral("name"), QStringLiteral("B")}}).ok());
    REQUIRE(writer.remove(QStringLiteral("tags"), *id).ok());

    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("SELECT op, row_id, fields FROM outbox ORDER BY seq")));
    QStringList ops;
    QList<QJsonObject> fields;
    while (query.next()) {
        ops.append(query.value(0).toString());
        CHECK(query.value(1).toString() == *id);
        fields.append(QJsonDocument::fromJson(query.value(2).toByteArray()).object());
    }
    CHECK(ops == QStringList{QStringLiteral("insert"), QStringLiteral("update"), QStringLiteral("delete")});
    CHECK(fields.at(0).value(QStringLiteral("name")).toString() == QStringLiteral("A"));
    CHECK(fields.at(1).value(QStringLiteral("name")).toString() == QStringLiteral("B"));
    CHECK_FALSE(fields.at(1).contains(QStringLiteral("color")));
    CHECK(fields.at(1).value(QStringLiteral("updated_by")).toString() == QStringLiteral("agent-me"));
    CHECK(workspace.rowCount(QStringLiteral("tags"), QStringLiteral("deleted = 1")) == 1);
}

TEST_CASE("A failure between the row and its outbox entry leaves neither", "[storage][outbox]")
{
    TestWorkspace workspace;
    // Make the outbox insert fail as a full disk or a crash would, after the row was written.
    QSqlQuery trigger(workspace.store().database());
    REQUIRE(trigger.exec(QStringLiteral(
        "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")));

    ChangeWriter writer(workspace.store());
    const auto inserted = writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("lost")}});
    CHECK_FALSE(inserted.ok());
    CHECK(inserted.message().contains(QStringLiteral("simulated write failure")));
    CHECK(workspace.rowCount(QStringLiteral("tags")) == 0);
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 0);

    // The same inside an outer transaction: rolling the outer one back keeps nothing either.
    REQUIRE(trigger.exec(QStringLiteral("DROP TRIGGER fail_outbox")));
    auto kept = writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("kept")}});
    REQUIRE(kept.ok());
    REQUIRE(trigger.exec(QStringLiteral(
        "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")));
    {
        Transaction outer(workspace.store());
        REQUIRE(outer.isActive());
        CHECK_FALSE(writer.update(QStringLiteral("tags"), *kept, {{QStringLiteral("name"), QStringLiteral("changed")}}).ok());
    }
    QSqlQuery check(workspace.store().database());
    REQUIRE(check.exec(QStringLiteral("SELECT name FROM tags")));
    REQUIRE(check.next());
    CHECK(check.value(0).toString() == QStringLiteral("kept"));
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 1);
}

TEST_CASE("Unknown tables and columns are refused, never spliced into SQL", "[storage]")
{
    TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    CHECK_FALSE(writer.insert(QStringLiteral("outbox"), {}).ok());
    const auto bad = writer.insert(QStringLiteral("tags"), {{QStringLiteral("name); DROP TABLE tags; --"), 1}});
    REQUIRE_FALSE(bad.ok());
    CHECK(workspace.rowCount(QStringLiteral("tags")) == 0);
}

TEST_CASE("Transactions nest and roll back when not committed", "[storage]")
{
    TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    {
        Transaction outer(workspace.store());
        REQUIRE(writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("x")}}).ok());
        {
            Transaction inner(workspace.store());
            REQUIRE(writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("y")}}).ok());
            // inner not committed: rolled back to its savepoint
        }
        REQUIRE(outer.commit().ok());
    }
    CHECK(workspace.rowCount(QStringLiteral("tags")) == 1);
    CHECK(workspace.rowCount(QStringLiteral("outbox")) == 1);
    CHECK(workspace.store().transactionDepth() == 0);
}
