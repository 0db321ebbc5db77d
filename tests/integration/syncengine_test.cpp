#include "syncfixture.h"

#include "core/sync/syncengine.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <cstdio>
#include <functional>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// Processes events until the condition holds. The long guard only keeps a broken build from
// hanging the suite; it is not a performance assertion.
bool waitUntil(const std::function<bool()> &condition)
{
    QElapsedTimer guard;
    guard.start();
    while (!condition()) {
        if (guard.elapsed() > 60000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return true;
}

SyncSchedule quickSchedule()
{
    SyncSchedule schedule;
    schedule.intervalMs = 200;
    schedule.debounceMs = 50;
    schedule.pollMs = 50;
    schedule.backoffInitialMs = 100;
    schedule.backoffMaxMs = 800;
    return schedule;
}

} // namespace

TEST_CASE("two background engines: a change on one client reaches the other", "[engine]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient a(server, QStringLiteral("li"), li);
    SyncClient b(server, QStringLiteral("wang"), wang);
    SyncEngine engineA(a.workspace().path(), a.url(), quickSchedule());
    SyncEngine engineB(b.workspace().path(), b.url(), quickSchedule());
    engineA.start();
    engineB.start();
    REQUIRE(waitUntil([&] {
        return engineA.status().state == SyncStatus::State::Online
               && engineB.status().state == SyncStatus::State::Online;
    }));

    // WHEN agent wang adds a customer (the engine notices the outbox on its own)
    QElapsedTimer propagation;
    propagation.start();
    const QString id = b.addCustomer(QStringLiteral("Propagating Ltd"));

    // THEN the supervisor's workspace receives it, and wang's outbox drains
    REQUIRE(waitUntil([&] {
        return a.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = ?"), {id})
               == QStringLiteral("1");
    }));
    std::printf("sync.propagation: %lld ms\n", static_cast<long long>(propagation.elapsed()));
    REQUIRE(waitUntil([&] { return b.outboxCount() == 0 && engineB.status().pending == 0; }));
    CHECK(engineA.status().lastSync.isValid());
    engineA.stop();
    engineB.stop();
}

TEST_CASE("an engine backs off while the server is unreachable and recovers when it returns",
          "[engine]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    client.addCustomer(QStringLiteral("Patient Ltd"));
    ServerEnvironment::server().stop();

    SyncEngine engine(client.workspace().path(), client.url(), quickSchedule());
    QList<qint64> delays;
    QObject::connect(&engine, &SyncEngine::statusChanged, &engine, [&delays](const SyncStatus &status) {
        if (status.state == SyncStatus::State::Offline)
            delays.append(status.retryInMs);
    });
    engine.start();
    REQUIRE(waitUntil([&] { return delays.size() >= 4; }));
    CHECK(engine.status().state == SyncStatus::State::Offline);
    CHECK(engine.status().pending == 1);
    CHECK_FALSE(engine.status().message.isEmpty());
    // 100, 200, 400, 800 ms, each within ±20 % jitter
    CHECK(delays.at(0) >= 80);
    CHECK(delays.at(0) < 120);
    CHECK(delays.at(3) >= 640);
    CHECK(delays.at(3) < 960);

    REQUIRE(ServerEnvironment::server().start());
    REQUIRE(waitUntil([&] {
        return engine.status().state == SyncStatus::State::Online && engine.status().pending == 0;
    }));
    // The restart ended the fixture's own connection too: read with a new one.
    CHECK(*server.openAdmin()->scalar(QStringLiteral("SELECT name FROM customers"))
          == QStringLiteral("Patient Ltd"));
    engine.stop();
}

TEST_CASE("a server that comes back is noticed by its port, long before the back-off ends",
          "[engine]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    client.addCustomer(QStringLiteral("Knocked Ltd"));
    ServerEnvironment::server().stop();

    // GIVEN an engine whose back-off waits ten minutes, knocking on the port every 100 ms
    SyncSchedule schedule = quickSchedule();
    schedule.backoffInitialMs = 600000;
    schedule.backoffMaxMs = 600000;
    schedule.probeMs = 100;
    SyncEngine engine(client.workspace().path(), client.url(), schedule);
    engine.start();
    REQUIRE(waitUntil([&] {
        return engine.status().state == SyncStatus::State::Offline && engine.status().retryInMs > 0;
    }));
    CHECK(engine.status().retryInMs > 400000);
    // ... and an outage long enough for a few knocks to find the port closed
    QElapsedTimer outage;
    outage.start();
    REQUIRE(waitUntil([&] { return outage.elapsed() > 1000; }));

    // WHEN the server returns THEN the engine syncs without waiting out the back-off (the wait
    // below gives up after a minute, a tenth of it)
    REQUIRE(ServerEnvironment::server().start());
    REQUIRE(waitUntil([&] {
        return engine.status().state == SyncStatus::State::Online && engine.status().pending == 0;
    }));
    CHECK(*server.openAdmin()->scalar(QStringLiteral("SELECT name FROM customers"))
          == QStringLiteral("Knocked Ltd"));
    engine.stop();
}

TEST_CASE("the server's notification brings another client's change without the interval",
          "[engine]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient writer(server, QStringLiteral("wang"), wang);
    SyncClient reader(server, QStringLiteral("li"), li);
    // GIVEN two engines whose timer would not run a second round within this test
    SyncSchedule schedule = quickSchedule();
    schedule.intervalMs = 600000;
    SyncEngine engineA(writer.workspace().path(), writer.url(), schedule);
    SyncEngine engineB(reader.workspace().path(), reader.url(), schedule);
    int readerRounds = 0;
    QObject::connect(&engineB, &SyncEngine::statusChanged, &engineB,
                     [&readerRounds](const SyncStatus &status) {
                         if (status.state == SyncStatus::State::Online)
                             ++readerRounds;
                     });
    engineA.start();
    engineB.start();
    REQUIRE(waitUntil([&] {
        return engineA.status().state == SyncStatus::State::Online
               && engineB.status().state == SyncStatus::State::Online;
    }));
    auto readerHas = [&reader](const QString &id) {
        return reader.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = ?"), {id})
               == QStringLiteral("1");
    };

    // WHEN agent wang adds a customer, THEN the supervisor's idle engine pulls it on the hint
    const QString first = writer.addCustomer(QStringLiteral("Notified Ltd"));
    REQUIRE(waitUntil([&] { return readerHas(first); }));

    // WHEN the supervisor's server connection is cut while idle, the engine reconnects (and
    // listens again) on its own
    readerRounds = 0;
    CHECK(server.value(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM "
                                      "pg_stat_activity WHERE usename = 'li'"))
          == QStringLiteral("1"));
    REQUIRE(waitUntil([&] {
        return readerRounds > 0 && engineB.status().state == SyncStatus::State::Online;
    }));

    // THEN a later change still arrives through the notification
    const QString second = writer.addCustomer(QStringLiteral("Notified Again Ltd"));
    REQUIRE(waitUntil([&] { return readerHas(second); }));
    CHECK(reader.value(QStringLiteral("SELECT name FROM customers WHERE id = ?"), {second})
          == QStringLiteral("Notified Again Ltd"));
    engineA.stop();
    engineB.stop();
}

TEST_CASE("a wrong password is refused once, recorded as a failed sign-in and not knocked again; "
          "the next sign-in sends the record",
          "[engine][audit][security]")
{
    SyncServer server;
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient client(server, QStringLiteral("wang"), wang);
    client.addCustomer(QStringLiteral("Careful Ltd"));

    // GIVEN an engine signing in with a wrong password
    SyncEngine engine(client.workspace().path(),
                      client.url().withLogin(QStringLiteral("wang"), QStringLiteral("wrong")),
                      quickSchedule());
    int attempts = 0; // each round announces itself as Syncing first
    QObject::connect(&engine, &SyncEngine::statusChanged, &engine, [&attempts](const SyncStatus &status) {
        if (status.state == SyncStatus::State::Syncing)
            ++attempts;
    });
    engine.start();
    REQUIRE(waitUntil([&] { return engine.status().state == SyncStatus::State::Refused; }));

    // THEN it says why, records the attempt, and neither a local change nor time knocks again
    CHECK(engine.status().message.contains(QStringLiteral("wrong login or password")));
    CHECK(client.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'failed_sign_in' "
                                      "AND detail LIKE '%\"login\":\"wang\"%'"))
          == QStringLiteral("1"));
    client.addCustomer(QStringLiteral("Second Ltd"));
    QElapsedTimer quiet;
    quiet.start();
    REQUIRE(waitUntil([&] { return quiet.elapsed() > 1500; }));
    CHECK(attempts == 1);
    CHECK(engine.status().state == SyncStatus::State::Refused);
    CHECK(client.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'failed_sign_in'"))
          == QStringLiteral("1"));
    // Asking again is one more attempt, recorded too.
    engine.retryNow();
    REQUIRE(waitUntil([&] {
        return attempts == 2 && engine.status().state == SyncStatus::State::Refused;
    }));
    CHECK(client.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'failed_sign_in'"))
          == QStringLiteral("2"));
    engine.stop();

    // WHEN the right password signs in
    auto report = client.sync();
    REQUIRE(report.message() == QString());

    // THEN the server holds both attempts, from this workstation, and the two customers
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'failed_sign_in' "
                                      "AND detail::jsonb ->> 'login' = 'wang' AND workstation = ?"),
                       {client.store().clientId()})
          == QStringLiteral("2"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customers")) == QStringLiteral("2"));
}
