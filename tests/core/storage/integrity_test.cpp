#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/storage/changewriter.h"
#include "core/storage/migrations.h"
#include "core/storage/readerror.h"
#include "core/storage/workspacecheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <atomic>
#include <thread>
#include <vector>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

// Fills a workspace so that its middle holds thousands of rows, with more data after them.
void fill(LocalStore &store)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(QStringLiteral("CREATE TABLE filler(id INTEGER PRIMARY KEY, body TEXT)")));
    REQUIRE(query.exec(QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
        "INSERT INTO filler(id, body) SELECT i, hex(randomblob(200)) FROM n")));
    REQUIRE(query.exec(QStringLiteral("CREATE TABLE after_filler(id INTEGER PRIMARY KEY, body TEXT)")));
    REQUIRE(query.exec(QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        "INSERT INTO after_filler(id, body) SELECT i, hex(randomblob(200)) FROM n")));
    REQUIRE(query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
}

// Overwrites count pages from the middle of the file with bytes that are not a b-tree page.
void overwriteMiddlePages(const QString &path, int count, char byte)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadWrite));
    const qint64 pages = file.size() / 4096;
    REQUIRE(pages > 3 * count);
    for (qint64 page = pages / 2 - count / 2; page < pages / 2 + count / 2 + 1; ++page) {
        REQUIRE(file.seek(page * 4096));
        file.write(QByteArray(4096, byte));
    }
}

void copyFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    REQUIRE(QFile::copy(from, to));
}

int rows(LocalStore &store, const QString &table)
{
    QSqlQuery query(store.database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM %1").arg(table)) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace

TEST_CASE("Pages overwritten in the middle of a workspace are detected at open", "[storage][integrity]")
{
    for (const char byte : {'\0', 'x'}) {
        TestWorkspace workspace;
        fill(workspace.store());
        workspace.close();
        overwriteMiddlePages(workspace.path(), 20, byte);

        const auto opened = LocalStore::openExisting(workspace.path());
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().field == WorkspaceCheck::damagedProblem);
        CHECK(opened.message().contains(QStringLiteral("damaged")));
        const auto created = LocalStore::open(workspace.path()); // --create does not paper over it
        REQUIRE_FALSE(created.ok());
        CHECK(created.error().field == WorkspaceCheck::damagedProblem);
    }
}

TEST_CASE("Above the full-check size, damage in use fails the read instead of answering short",
          "[storage][integrity]")
{
    TestWorkspace workspace;
    fill(workspace.store());
    workspace.close();
    overwriteMiddlePages(workspace.path(), 20, '\0');

    // As on a file larger than the full-check limit: the quick checks pass, the damage is found
    // by the first read that reaches it, and that read is an error, never a shorter count.
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("big"));
    {
        db.setDatabaseName(workspace.path());
        REQUIRE(db.open());
        CHECK(WorkspaceCheck::checkFiles(workspace.path()).ok());
        CHECK(WorkspaceCheck::checkOpened(db, workspace.path(), 0).ok());
        QSqlQuery query(db);
        const bool read = query.exec(QStringLiteral("SELECT count(*) FROM filler")) && query.next();
        REQUIRE_FALSE(read);
        CHECK(WorkspaceCheck::isDamageCode(query.lastError().nativeErrorCode().toInt()));
        CHECK(readError(query, QStringLiteral("The list")).message.contains(QStringLiteral("damaged")));
        const auto pages = WorkspaceCheck::checkAllPages(db);
        REQUIRE(pages.ok());
        CHECK_FALSE(pages->isEmpty());
        query.finish();
        db.close();
    }
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("big"));
}

TEST_CASE("A workspace cut short is detected at open", "[storage][integrity]")
{
    TestWorkspace workspace;
    fill(workspace.store());
    workspace.close();
    QFile file(workspace.path());
    REQUIRE(file.resize(file.size() / 2 + 1000));
    auto opened = LocalStore::openExisting(workspace.path());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::damagedProblem);
    REQUIRE(file.resize(file.size() - 1000 + 4096 - (file.size() - 1000) % 4096));
    opened = LocalStore::openExisting(workspace.path());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::damagedProblem);
}

TEST_CASE("A missing, empty or foreign file is never silently made a workspace", "[storage][integrity]")
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.leadline"));
    auto opened = LocalStore::openExisting(missing);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::missingProblem);
    CHECK_FALSE(QFileInfo::exists(missing));

    const QString empty = dir.filePath(QStringLiteral("empty.leadline"));
    {
        QFile file(empty);
        REQUIRE(file.open(QIODevice::WriteOnly));
    }
    opened = LocalStore::openExisting(empty);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::emptyProblem);
    CHECK(QFileInfo(empty).size() == 0);
    opened = LocalStore::open(empty); // asked for: a new workspace in the empty file
    REQUIRE(opened.ok());
    CHECK(Migrations::currentVersion(*opened.value()) == Migrations::latestVersion());
    opened = Error{};

    const QString foreign = dir.filePath(QStringLiteral("other.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(foreign);
        REQUIRE(db.open());
        QSqlQuery query(db);
        REQUIRE(query.exec(QStringLiteral("CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL)")));
        REQUIRE(query.exec(QStringLiteral("INSERT INTO invoices(total) VALUES (12.5)")));
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    const qint64 sizeBefore = QFileInfo(foreign).size();
    for (const bool create : {false, true}) {
        opened = create ? LocalStore::open(foreign) : LocalStore::openExisting(foreign);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().field == WorkspaceCheck::foreignProblem);
    }
    CHECK(QFileInfo(foreign).size() == sizeBefore);
}

TEST_CASE("Committed changes missing from a lost or damaged write-ahead log are reported",
          "[storage][integrity]")
{
    TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    QSqlQuery(workspace.store().database()).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    for (int i = 0; i < 30; ++i)
        REQUIRE(writer.insert(QStringLiteral("tags"), {{QStringLiteral("name"), QStringLiteral("t%1").arg(i)}}).ok());

    // A crash: the three files as they are while the workspace is open.
    QTemporaryDir crashed;
    const QString copy = crashed.filePath(QStringLiteral("w.leadline"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        copyFile(workspace.path() + suffix, copy + suffix);
    REQUIRE(QFileInfo(copy + QStringLiteral("-wal")).size() > 0);

    const QString intact = crashed.filePath(QStringLiteral("intact.leadline"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        copyFile(copy + suffix, intact + suffix);
    {
        auto reopened = LocalStore::openExisting(intact);
        INFO(reopened.message().toStdString());
        REQUIRE(reopened.ok());
        CHECK(rows(*reopened.value(), QStringLiteral("tags")) == 30);
        CHECK(rows(*reopened.value(), QStringLiteral("outbox")) == 30);
    }

    const QString lost = crashed.filePath(QStringLiteral("lost.leadline"));
    copyFile(copy, lost);
    copyFile(copy + QStringLiteral("-shm"), lost + QStringLiteral("-shm"));
    auto opened = LocalStore::openExisting(lost);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::walProblem);
    CHECK(opened.message().contains(QStringLiteral("-wal")));

    const QString damaged = crashed.filePath(QStringLiteral("damaged.leadline"));
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        copyFile(copy + suffix, damaged + suffix);
    {
        QFile wal(damaged + QStringLiteral("-wal"));
        REQUIRE(wal.open(QIODevice::ReadWrite));
        REQUIRE(wal.seek(32 + 24 + 100)); // inside the first frame's page
        wal.write(QByteArray(64, 'x'));
    }
    opened = LocalStore::openExisting(damaged);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::walProblem);
}

TEST_CASE("Twenty connections opening a new workspace at once all succeed", "[storage][integrity]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new.leadline"));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    QStringList errors(20);
    for (int i = 0; i < 20; ++i) {
        threads.emplace_back([&, i] {
            auto opened = LocalStore::open(path);
            if (!opened) {
                ++failures;
                errors[i] = opened.message();
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    INFO(errors.join(QLatin1Char('\n')).toStdString());
    CHECK(failures == 0);
    auto opened = LocalStore::openExisting(path);
    REQUIRE(opened.ok());
    CHECK(Migrations::currentVersion(*opened.value()) == Migrations::latestVersion());
}

TEST_CASE("A full disk is reported as full, not as damage", "[storage][integrity]")
{
    TestWorkspace workspace;
    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("PRAGMA page_count")));
    REQUIRE(query.next());
    const int pages = query.value(0).toInt();
    query.finish();
    REQUIRE(query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
    query.finish();
    ChangeWriter writer(workspace.store());
    Error failure;
    for (int i = 0; i < 5000 && failure.message.isEmpty(); ++i) {
        auto written = writer.insert(QStringLiteral("tags"),
                                     {{QStringLiteral("name"), QString(200, QLatin1Char('a' + i % 26)) + QString::number(i)}});
        if (!written)
            failure = written.error();
    }
    REQUIRE_FALSE(failure.message.isEmpty());
    CHECK(failure.field == WorkspaceCheck::fullProblem);
    CHECK(failure.message.contains(QStringLiteral("full")));
    CHECK_FALSE(failure.message.contains(QStringLiteral("damaged")));
}
