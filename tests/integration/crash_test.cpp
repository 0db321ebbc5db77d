// A real "leadline sync" process SIGKILLed at random points of a first sync and of a large push,
// while the server keeps changing, then run again until it finishes: nothing lost, nothing
// doubled, the replica equal to the server (§8).
#include "syncfixture.h"

#include "core/storage/changewriter.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

struct Attempt
{
    bool killed = false;
    bool finished = false; ///< exited 0
    QString out;
    QString err;
};

// Starts "leadline sync" and kills it (SIGKILL) after delayMs unless it ended first.
Attempt syncProcess(const QStringList &arguments, int delayMs)
{
    QProcess process;
    process.start(QStringLiteral(LEADLINE_BINARY), arguments);
    REQUIRE(process.waitForStarted());
    Attempt attempt;
    if (delayMs > 0 && !process.waitForFinished(delayMs)) {
        process.kill();
        process.waitForFinished();
        attempt.killed = true;
    } else if (delayMs <= 0) {
        REQUIRE(process.waitForFinished(600000));
    }
    attempt.finished = !attempt.killed && process.exitStatus() == QProcess::NormalExit
                       && process.exitCode() == 0;
    attempt.out = QString::fromUtf8(process.readAllStandardOutput());
    attempt.err = QString::fromUtf8(process.readAllStandardError());
    return attempt;
}

// The live customers and notes a login sees, as one text (server through its own login, or
// the workspace).
QString customersAndNotes(const std::function<QString(const QString &)> &read, bool postgres)
{
    const QString aggregate = postgres ? QStringLiteral("string_agg(%1, ';' ORDER BY id)")
                                       : QStringLiteral("group_concat(%1, ';')");
    return read(QStringLiteral("SELECT %1 FROM (SELECT * FROM customers WHERE deleted = 0 ORDER BY id) c")
                    .arg(aggregate.arg(QStringLiteral(
                        "id || '|' || name || '|' || company || '|' || row_version"))))
           + QStringLiteral("#")
           + read(QStringLiteral("SELECT %1 FROM (SELECT * FROM notes ORDER BY id) n")
                      .arg(aggregate.arg(QStringLiteral("id || '|' || customer_id || '|' || body"))));
}

QString localValue(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(sql));
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace

TEST_CASE("leadline sync killed at random points of a first sync and of a large push, the "
          "server changing meanwhile, loses and doubles nothing when run again until done",
          "[sync][crash]")
{
    SyncServer server;
    const QString agent = server.addUser(QStringLiteral("zhou"));
    REQUIRE(server.admin().exec(QStringLiteral(
        "INSERT INTO customers(id, name, owner_id, company, created_at) "
        "SELECT 'c' || lpad(i::text, 5, '0'), 'Customer ' || i, ?, 'Co ' || i, 1 "
        "FROM generate_series(1, 8000) i"),
        {agent}));
    QTemporaryDir folder;
    const QString workspace = folder.filePath(QStringLiteral("w.leadline"));
    const ServerUrl url = server.urlFor(QStringLiteral("zhou"));
    const QStringList arguments = {QStringLiteral("sync"), QStringLiteral("--create"),
                                   QStringLiteral("--workspace"), workspace,
                                   QStringLiteral("--db"), url.display(),
                                   QStringLiteral("--login"), url.user,
                                   QStringLiteral("--password"), url.password,
                                   QStringLiteral("--json")};
    QRandomGenerator random(13);
    int kills = 0;
    int serverChanges = 0;
    // The server changes between attempts: a customer deleted, one renamed, one added.
    auto changeServer = [&](int attempt) {
        // Customers the offline changes below do not touch.
        const QString id = QStringLiteral("c%1").arg(4001 + random.bounded(4000), 5, 10, QLatin1Char('0'));
        switch (attempt % 3) {
        case 0:
            REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET deleted = 1 WHERE id = ?"), {id}));
            break;
        case 1:
            REQUIRE(server.admin().exec(QStringLiteral("UPDATE customers SET name = name || '*' WHERE id = ?"), {id}));
            break;
        default:
            REQUIRE(server.admin().exec(QStringLiteral(
                "INSERT INTO customers(id, name, owner_id, created_at) VALUES (?, ?, ?, 1)"),
                {QStringLiteral("new-%1").arg(serverChanges), QStringLiteral("New %1").arg(serverChanges), agent}));
            break;
        }
        ++serverChanges;
    };

    // A first sync, killed until one run gets through.
    int attempt = 0;
    for (bool done = false; !done; ++attempt) {
        // Later attempts get longer before the kill, so the sync ends whatever the machine's speed.
        const int delay = attempt < 40 ? 30 + int(random.bounded(200 + 100 * attempt)) : 0;
        const Attempt run = syncProcess(arguments, delay);
        INFO(run.err.toStdString());
        kills += run.killed ? 1 : 0;
        done = run.finished;
        REQUIRE((run.killed || run.finished));
        changeServer(attempt);
    }
    const int firstSyncKills = kills;

    // A large push: 1,500 notes and 500 edits made offline, pushed by runs that are killed.
    QStringList mutations;
    {
        auto store = LocalStore::openExisting(workspace);
        REQUIRE(store.message() == QString());
        ChangeWriter writer(**store);
        for (int i = 0; i < 2000; ++i) {
            const QString customer = QStringLiteral("c%1").arg(1 + i % 4000, 5, 10, QLatin1Char('0'));
            if (i % 4 == 3) {
                (void)writer.update(QStringLiteral("customers"), customer,
                                    {{QStringLiteral("company"), QStringLiteral("Offline %1").arg(i)}});
            } else {
                REQUIRE(writer.insert(QStringLiteral("notes"),
                                      {{QStringLiteral("customer_id"), customer},
                                       {QStringLiteral("agent_id"), agent},
                                       {QStringLiteral("body"), QStringLiteral("note %1").arg(i)},
                                       {QStringLiteral("created_at"), i}}));
            }
        }
        QSqlQuery ids((*store)->database());
        REQUIRE(ids.exec(QStringLiteral("SELECT mutation_id FROM outbox ORDER BY seq")));
        while (ids.next())
            mutations.append(ids.value(0).toString());
    }
    const int notesWritten = 1500;
    REQUIRE(mutations.size() >= notesWritten);
    attempt = 0;
    for (bool done = false; !done; ++attempt) {
        const int delay = attempt < 40 ? 50 + int(random.bounded(300 + 100 * attempt)) : 0;
        const Attempt run = syncProcess(arguments, delay);
        INFO(run.err.toStdString());
        kills += run.killed ? 1 : 0;
        done = run.finished && run.out.contains(QStringLiteral("\"pending\":0"));
        REQUIRE((run.killed || run.finished));
        changeServer(attempt);
    }
    // One more round takes the last server change.
    REQUIRE(syncProcess(arguments, 0).finished);

    // Nothing lost, nothing doubled: every offline change applied exactly once.
    const QString list = mutations.join(QLatin1Char(','));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM sync.applied_mutations "
                                      "WHERE mutation_id = ANY(string_to_array(?, ','))"),
                       {list}).toInt() == mutations.size());
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body LIKE 'note %'")).toInt()
          == notesWritten);
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers WHERE company LIKE 'Offline %'")).toInt()
          > 0);
    // And the replica equals what the server shows this login.
    auto store = LocalStore::openExisting(workspace);
    REQUIRE(store.message() == QString());
    CHECK(localValue(**store, QStringLiteral("SELECT count(*) FROM outbox")) == QStringLiteral("0"));
    CHECK(localValue(**store, QStringLiteral("SELECT count(*) FROM outbox_rejected")) == QStringLiteral("0"));
    auto own = ServerConnection::open(url);
    REQUIRE(own.message() == QString());
    const QString expected = customersAndNotes([&own](const QString &sql) {
        auto value = (*own)->scalar(sql);
        return value ? *value : QStringLiteral("error: ") + value.message();
    }, true);
    const QString actual = customersAndNotes([&store](const QString &sql) {
        return localValue(**store, sql);
    }, false);
    CHECK(actual.size() == expected.size());
    CHECK(actual == expected);
    CHECK(kills >= 2); // the runs were really cut
    std::printf("sync crash test: %d kills in the first sync, %d in the push, %d server changes, "
                "%d offline changes, lost %d, doubled %d, replica %s\n",
                firstSyncKills, kills - firstSyncKills, serverChanges, int(mutations.size()),
                std::max(0, notesWritten - server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body LIKE 'note %'")).toInt()),
                std::max(0, server.value(QStringLiteral("SELECT count(*) FROM notes WHERE body LIKE 'note %'")).toInt() - notesWritten),
                actual == expected ? "equal" : "DIVERGENT");
}
