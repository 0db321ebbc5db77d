// The "in use" mark in a workspace's header (WorkspaceMark): a file copied, or left, without the
// write-ahead log that holds its latest commits is reported at open instead of silently opening
// older data; a clean close, a crash, a backup and several openers never raise a false alarm.
#include <catch2/catch.hpp>

#include "core/storage/changewriter.h"
#include "core/storage/workspacebackup.h"
#include "core/storage/workspacecheck.h"
#include "core/storage/workspacemark.h"
#include "tests/support/testworkspace.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtEndian>

#include <csignal>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

const QString wal = QStringLiteral("-wal");
const QString shm = QStringLiteral("-shm");

quint32 markOf(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray header = file.read(72);
    REQUIRE(header.size() == 72);
    return qFromBigEndian<quint32>(header.constData() + 68);
}

void copyFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    REQUIRE(QFile::copy(from, to));
}

void addTags(LocalStore &store, const QString &prefix, int count)
{
    ChangeWriter writer(store);
    for (int i = 0; i < count; ++i)
        REQUIRE(writer.insert(QStringLiteral("tags"),
                              {{QStringLiteral("name"), prefix + QString::number(i)}}));
}

int rows(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

int tags(LocalStore &store)
{
    return rows(store, QStringLiteral("SELECT count(*) FROM tags"));
}

// Runs work in a child process and waits for it; the child ends with _exit (no test-process
// clean-up runs twice). The child must not hold an open connection of the parent: fork first.
int inChild(const std::function<int()> &work)
{
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0)
        _exit(work());
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return status;
}

} // namespace

TEST_CASE("A workspace copied without its write-ahead log while in use is reported at open",
          "[storage][integrity][mark]")
{
    TestWorkspace workspace;
    addTags(workspace.store(), QStringLiteral("t"), 30); // committed, in the log, not synced
    CHECK(markOf(workspace.path()) == quint32(WorkspaceMark::openId));
    REQUIRE(QFileInfo(workspace.path() + wal).size() > 0);

    QTemporaryDir dir;
    // The file alone, as a copy of a live workspace (or after deleting both side files) leaves it.
    const QString copy = dir.filePath(QStringLiteral("copy.leadline"));
    copyFile(workspace.path(), copy);
    for (const bool create : {false, true}) {
        auto opened = create ? LocalStore::open(copy) : LocalStore::openExisting(copy);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().field == WorkspaceCheck::walProblem);
        CHECK(opened.message().contains(QStringLiteral("copy.leadline-wal")));
        CHECK(opened.message().contains(QStringLiteral("leadline workspace recover")));
    }
    CHECK_FALSE(QFileInfo::exists(copy + wal)); // nothing was changed
    CHECK(markOf(copy) == quint32(WorkspaceMark::openId));

    // An empty log beside it (another program opened the copy) holds nothing either.
    {
        QFile empty(copy + wal);
        REQUIRE(empty.open(QIODevice::WriteOnly));
    }
    auto opened = LocalStore::openExisting(copy);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().field == WorkspaceCheck::walProblem);

    // With its log the same copy is whole: every committed change is there.
    copyFile(workspace.path(), copy);
    copyFile(workspace.path() + wal, copy + wal);
    opened = LocalStore::openExisting(copy);
    INFO(opened.message().toStdString());
    REQUIRE(opened.ok());
    CHECK(tags(*opened.value()) == 30);
}

TEST_CASE("A workspace closed cleanly, or backed up while in use, opens from its file alone",
          "[storage][integrity][mark]")
{
    TestWorkspace workspace;
    addTags(workspace.store(), QStringLiteral("t"), 30);
    QTemporaryDir dir;

    // A backup while the workspace is open and writing: a file of its own, marked closed.
    const QString backup = dir.filePath(QStringLiteral("backup.leadline"));
    REQUIRE(WorkspaceBackup::write(workspace.store(), backup).ok());
    CHECK_FALSE(WorkspaceBackup::write(workspace.store(), backup).ok()); // never overwrites
    CHECK(markOf(backup) == quint32(WorkspaceMark::closedId));
    {
        auto opened = LocalStore::openExisting(backup);
        INFO(opened.message().toStdString());
        REQUIRE(opened.ok());
        CHECK(tags(*opened.value()) == 30);
    }

    workspace.close();
    CHECK(markOf(workspace.path()) == quint32(WorkspaceMark::closedId));
    CHECK_FALSE(QFileInfo::exists(workspace.path() + wal));
    const QString copy = dir.filePath(QStringLiteral("copy.leadline"));
    copyFile(workspace.path(), copy);
    auto opened = LocalStore::openExisting(copy);
    INFO(opened.message().toStdString());
    REQUIRE(opened.ok());
    CHECK(tags(*opened.value()) == 30);
    // Opened again, it is marked in use until it closes.
    CHECK(markOf(copy) == quint32(WorkspaceMark::openId));
    opened = Error{};
    CHECK(markOf(copy) == quint32(WorkspaceMark::closedId));
}

TEST_CASE("A workspace whose process was killed opens with every change it committed",
          "[storage][integrity][mark]")
{
    TestWorkspace workspace;
    const QString path = workspace.path();
    workspace.close();

    const int status = inChild([&path] {
        auto store = LocalStore::openExisting(path);
        if (!store)
            return 2;
        ChangeWriter writer(**store);
        for (int i = 0; i < 40; ++i) {
            if (!writer.insert(QStringLiteral("tags"),
                               {{QStringLiteral("name"), QStringLiteral("k%1").arg(i)}}))
                return 3;
        }
        std::raise(SIGKILL); // dies holding the workspace open
        return 4;
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(markOf(path) == quint32(WorkspaceMark::openId));
    REQUIRE(QFileInfo(path + wal).size() > 0);

    auto opened = LocalStore::openExisting(path);
    INFO(opened.message().toStdString());
    REQUIRE(opened.ok());
    CHECK(tags(*opened.value()) == 40);
    CHECK(rows(*opened.value(), QStringLiteral("SELECT count(*) FROM outbox")) == 40);
    opened = Error{};
    CHECK(markOf(path) == quint32(WorkspaceMark::closedId));
}

TEST_CASE("Several openers in two processes: the workspace is marked closed only by the last",
          "[storage][integrity][mark]")
{
    TestWorkspace workspace;
    const QString path = workspace.path();
    workspace.close();

    // GIVEN a child process waiting for its turn, and this process with two connections open
    int toChild[2];
    int toParent[2];
    REQUIRE(pipe(toChild) == 0);
    REQUIRE(pipe(toParent) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        char go = 0;
        int code = ::read(toChild[0], &go, 1) == 1 ? 0 : 5;
        if (code == 0) {
            // WHEN the other process opens, writes and closes while this one is still open
            auto store = LocalStore::openExisting(path);
            if (!store)
                code = 2;
            else if (!ChangeWriter(**store).insert(
                         QStringLiteral("tags"),
                         {{QStringLiteral("name"), QStringLiteral("child")}}))
                code = 3;
        }
        (void)::write(toParent[1], "x", 1);
        _exit(code);
    }
    auto first = LocalStore::openExisting(path);
    REQUIRE(first.ok());
    addTags(*first.value(), QStringLiteral("a"), 10);
    auto second = LocalStore::openExisting(path); // a second thread's connection
    REQUIRE(second.ok());
    REQUIRE(::write(toChild[1], "g", 1) == 1);
    char done = 0;
    REQUIRE(::read(toParent[0], &done, 1) == 1);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    for (const int fd : {toChild[0], toChild[1], toParent[0], toParent[1]})
        ::close(fd);

    // THEN the log is still there and the file is still marked in use, also after SQLite copies
    // the log into the file (as its automatic checkpoints do): the child was not last
    QSqlQuery checkpoint(first.value()->database());
    REQUIRE(checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")));
    checkpoint.finish();
    CHECK(rows(*first.value(), QStringLiteral("SELECT application_id FROM pragma_application_id"))
          == WorkspaceMark::openId);
    CHECK(QFileInfo::exists(path + wal));
    CHECK(markOf(path) == quint32(WorkspaceMark::openId));
    CHECK(tags(*first.value()) == 11);
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("copy.leadline"));
    copyFile(path, copy);
    auto copied = LocalStore::openExisting(copy);
    REQUIRE_FALSE(copied.ok());
    CHECK(copied.error().field == WorkspaceCheck::walProblem);

    // AND the first connection closing is not the last either; the second one is
    addTags(*second.value(), QStringLiteral("b"), 5);
    first = Error{};
    CHECK(markOf(path) == quint32(WorkspaceMark::openId));
    CHECK(QFileInfo::exists(path + wal));
    second = Error{};
    CHECK(markOf(path) == quint32(WorkspaceMark::closedId));
    CHECK_FALSE(QFileInfo::exists(path + wal));
    copyFile(path, copy);
    copied = LocalStore::openExisting(copy);
    INFO(copied.message().toStdString());
    REQUIRE(copied.ok());
    CHECK(tags(*copied.value()) == 16);
}
