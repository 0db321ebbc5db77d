#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/domain/phonenumber.h"
#include "core/demo/demoworkspace.h"
#include "core/storage/syncedtables.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimeZone>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

const QDate anchor(2026, 3, 2);
// The demo's "now": the anchor day at 10:00 China time = 02:00 UTC.
const qint64 demoNow = QDateTime(anchor, QTime(2, 0), QTimeZone::utc()).toMSecsSinceEpoch();

DemoOptions smallDemo(quint32 seed)
{
    DemoOptions options;
    options.customers = 150;
    options.seed = seed;
    options.anchor = anchor;
    return options;
}

// Every synced table's rows in id order, one line per row.
QString dump(LocalStore &store)
{
    QString out;
    for (const SyncedTable &table : SyncedTables::all()) {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table.name)));
        while (query.next()) {
            out += table.name;
            const QSqlRecord record = query.record();
            for (int i = 0; i < record.count(); ++i)
                out += QLatin1Char('|') + (record.isNull(i) ? QStringLiteral("NULL") : record.value(i).toString());
            out += QLatin1Char('\n');
        }
    }
    return out;
}

qint64 scalar(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0).toLongLong();
}

} // namespace

TEST_CASE("The demo workspace is the same for the same seed", "[demo]")
{
    GIVEN("two empty workspaces")
    {
        TestWorkspace first;
        TestWorkspace second;
        WHEN("both get the demo with the same seed and anchor")
        {
            REQUIRE(DemoWorkspace::generate(first.store(), smallDemo(7)));
            REQUIRE(DemoWorkspace::generate(second.store(), smallDemo(7)));
            THEN("every synced table holds the same rows")
            {
                const QString a = dump(first.store());
                CHECK(a.count(QLatin1Char('\n')) > 1500);
                CHECK(a == dump(second.store()));
            }
        }
        WHEN("both get the demo with the same seed and no anchor, hours apart on the same day")
        {
            DemoOptions options = smallDemo(7);
            options.anchor = QDate();
            first.clock().setNowMs(demoNow - 90 * 60 * 1000);  // 08:30 in Beijing
            second.clock().setNowMs(demoNow + 9 * 3600 * 1000); // 19:00 in Beijing
            REQUIRE(DemoWorkspace::generate(first.store(), options));
            REQUIRE(DemoWorkspace::generate(second.store(), options));
            THEN("the data is the same: today's date anchors it")
            {
                CHECK(dump(first.store()) == dump(second.store()));
            }
        }
        WHEN("they get different seeds")
        {
            REQUIRE(DemoWorkspace::generate(first.store(), smallDemo(7)));
            REQUIRE(DemoWorkspace::generate(second.store(), smallDemo(8)));
            THEN("the data differs")
            {
                CHECK(dump(first.store()) != dump(second.store()));
            }
        }
    }
}

TEST_CASE("The demo workspace is realistic and consistent", "[demo]")
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    QList<int> progress;
    auto written = DemoWorkspace::generateWithSummary(store, smallDemo(3),
                                                      [&](int done, int) { progress.append(done); });
    REQUIRE(written);
    const DemoWorkspace::Summary &summary = written.value();

    CHECK(summary.customers == 150);
    CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM customers")) == 150);
    CHECK(progress.size() == 150); // 1% of 150 customers rounds to every customer
    CHECK(progress.last() == 150);
    CHECK(summary.calls == scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls")));
    // About eight calls per customer over the year.
    CHECK(summary.calls > 150 * 5);
    CHECK(summary.calls < 150 * 11);

    SECTION("every phone is valid E.164 with its lookup keys")
    {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(QStringLiteral("SELECT e164, e164_digits, national, national_rev FROM phones")));
        int phones = 0;
        while (query.next()) {
            ++phones;
            const auto parsed = PhoneNumbers::parse(query.value(0).toString());
            REQUIRE(parsed);
            CHECK(parsed->e164 == query.value(0).toString());
            CHECK(parsed->e164Digits == query.value(1).toString());
            CHECK(parsed->national == query.value(2).toString());
            CHECK(parsed->nationalRev == query.value(3).toString());
        }
        CHECK(phones >= 150);
    }

    SECTION("calls, contacts and the last contact time agree with the customers")
    {
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls WHERE customer_id NOT IN "
                                           "(SELECT id FROM customers)")) == 0);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM customers c WHERE NOT EXISTS "
                                           "(SELECT 1 FROM contacts k WHERE k.customer_id = c.id "
                                           "AND k.is_primary = 1)")) == 0);
        CHECK(scalar(store, QStringLiteral(
                  "SELECT COUNT(*) FROM customers c WHERE c.last_contact_at IS NOT "
                  "(SELECT MAX(started_at) FROM calls WHERE customer_id = c.id)")) == 0);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls WHERE started_at >= %1")
                                .arg(demoNow)) == 0);
        // Unanswered calls last 0 s; conversations 30 s to 15 min.
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls WHERE outcome <> 'connected' "
                                           "AND duration_s <> 0")) == 0);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls WHERE outcome = 'connected' "
                                           "AND duration_s NOT BETWEEN 30 AND 900")) == 0);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM calls c JOIN dispositions d "
                                           "ON d.id = c.disposition_id WHERE d.is_connect <> "
                                           "(c.outcome = 'connected')")) == 0);
    }

    SECTION("the queue has overdue, today's and upcoming todos")
    {
        const qint64 endOfDay = QDateTime(anchor, QTime(16, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        const QString open = QStringLiteral("SELECT COUNT(*) FROM todos WHERE completed_at IS NULL AND ");
        CHECK(scalar(store, open + QStringLiteral("due_at < %1").arg(demoNow)) > 0);
        CHECK(scalar(store, open + QStringLiteral("due_at BETWEEN %1 AND %2").arg(demoNow).arg(endOfDay)) > 0);
        CHECK(scalar(store, open + QStringLiteral("due_at > %1").arg(endOfDay)) > 0);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM todos WHERE completed_at IS NOT NULL")) > 0);
        const QString me = store.currentAgentId();
        CHECK(scalar(store, open + QStringLiteral("agent_id = '%1'").arg(me)) > 0);

        // A handful overdue, and never by more than two days; most are due today or ahead.
        const qint64 overdue = scalar(store, open + QStringLiteral("due_at < %1").arg(demoNow));
        const qint64 ahead = scalar(store, open + QStringLiteral("due_at >= %1").arg(demoNow));
        CHECK(overdue * 8 < ahead);
        CHECK(scalar(store, open + QStringLiteral("due_at < %1").arg(demoNow - 2 * 24 * 3600 * 1000LL)) == 0);
        const qint64 today = scalar(store, open + QStringLiteral("due_at BETWEEN %1 AND %2").arg(demoNow).arg(endOfDay));
        CHECK(today > overdue);
    }

    SECTION("reference data: agents, dispositions, articles")
    {
        QSqlQuery agent(store.database());
        agent.prepare(QStringLiteral("SELECT login, role FROM agents WHERE id = ?"));
        agent.addBindValue(store.currentAgentId());
        REQUIRE(agent.exec());
        REQUIRE(agent.next());
        CHECK(agent.value(0).toString() == QStringLiteral("zhangwei"));
        CHECK(agent.value(1).toString() == QStringLiteral("agent"));
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM teams")) == 2);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM agents WHERE role = 'supervisor'")) == 2);

        QSqlQuery hotkeys(store.database());
        REQUIRE(hotkeys.exec(QStringLiteral("SELECT hotkey FROM dispositions ORDER BY hotkey")));
        QList<int> keys;
        while (hotkeys.next())
            keys.append(hotkeys.value(0).toInt());
        CHECK(keys == QList<int>{1, 2, 3, 4, 5, 6, 7, 8});
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM articles")) >= 30);
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(DISTINCT category) FROM articles")) >= 6);
    }

    SECTION("the rows wait for the initial seed push, not in the outbox")
    {
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM outbox")) == 0);
        CHECK(store.stateValue(QStringLiteral("seed_pending")) == QStringLiteral("1"));
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM customers WHERE row_version <> 0")) == 0);
        const qint64 pool = scalar(store, QStringLiteral("SELECT COUNT(*) FROM customers WHERE owner_id IS NULL"));
        CHECK(pool >= 1);
        CHECK(pool <= 20);
    }

    SECTION("a workspace with customers is refused")
    {
        auto again = DemoWorkspace::generate(store, smallDemo(3));
        REQUIRE_FALSE(again);
        CHECK(again.message().contains(QStringLiteral("already has customers")));
        CHECK(scalar(store, QStringLiteral("SELECT COUNT(*) FROM customers")) == 150);
    }
}
