#include "kpifixture.h"

#include "core/analytics/kpirollups.h"
#include "core/storage/bulkload.h"

#include <QRandomGenerator>

using namespace Leadline;
using Leadline::Test::KpiFixture;

namespace {

int differences(KpiFixture &fixture)
{
    const auto counted = KpiRollups::differences(fixture.workspace.store());
    INFO(counted.message().toStdString());
    REQUIRE(counted);
    return counted.value();
}

QStringList ids(KpiFixture &fixture, const QString &table)
{
    QStringList out;
    QSqlQuery query(fixture.workspace.store().database());
    query.exec(QStringLiteral("SELECT id FROM %1 ORDER BY id").arg(table));
    while (query.next())
        out.append(query.value(0).toString());
    return out;
}

// Random changes to calls, agent states and dispositions, as local edits and sync would make.
struct RandomChanges
{
    KpiFixture &f;
    QRandomGenerator random;
    const QStringList agents = {QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3")};
    const QStringList states = {QStringLiteral("Ready"), QStringLiteral("NotReady"),
                                QStringLiteral("OnCall"), QStringLiteral("WrapUp")};
    const qint64 base = 1772409600000LL; // 2026-03-02 00:00 UTC
    int nextDisposition = 0;

    QString pick(const QStringList &list) { return list.at(int(random.bounded(int(list.size())))); }
    // Times on a one-minute grid over three days, so that ties and shared hours are common.
    qint64 time() { return base + qint64(random.bounded(3 * 24 * 60)) * 60000; }
    QVariant disposition()
    {
        const int n = int(random.bounded(11));
        if (n == 0)
            return QVariant();
        if (n >= 9) // a disposition not (yet) in the workspace
            return QStringLiteral("later-%1").arg(n);
        return KpiFixture::disposition(n);
    }
    QVariant agent() { return random.bounded(10) == 0 ? QVariant() : QVariant(pick(agents)); }

    void step()
    {
        const QStringList calls = ids(f, QStringLiteral("calls"));
        const QStringList rows = ids(f, QStringLiteral("agent_states"));
        const int op = int(random.bounded(12));
        const qint64 at = time();
        if (op <= 3 || calls.isEmpty()) {
            f.exec(QStringLiteral("INSERT INTO calls (id, customer_id, agent_id, started_at, ended_at, "
                                  "duration_s, disposition_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                   {newId(), f.anyCustomer(), agent(), at,
                    random.bounded(5) == 0 ? QVariant() : QVariant(at + random.bounded(600) * 1000),
                    int(random.bounded(120)), disposition()});
        } else if (op == 4) {
            const QString column = pick({QStringLiteral("disposition_id"), QStringLiteral("duration_s"),
                                         QStringLiteral("started_at"), QStringLiteral("agent_id"),
                                         QStringLiteral("deleted")});
            const QVariant value = column == QLatin1String("disposition_id") ? disposition()
                                   : column == QLatin1String("duration_s") ? QVariant(random.bounded(120))
                                   : column == QLatin1String("started_at") ? QVariant(at)
                                   : column == QLatin1String("agent_id")   ? agent()
                                                                           : QVariant(random.bounded(2));
            f.exec(QStringLiteral("UPDATE calls SET %1 = ? WHERE id = ?").arg(column), {value, pick(calls)});
        } else if (op == 5) {
            f.exec(QStringLiteral("DELETE FROM calls WHERE id = ?"), {pick(calls)});
        } else if (op <= 8 || rows.isEmpty()) {
            f.exec(QStringLiteral("INSERT INTO agent_states (id, agent_id, state, at) VALUES (?, ?, ?, ?)"),
                   {newId(), pick(agents), pick(states), at});
        } else if (op == 9) {
            const QString column = pick({QStringLiteral("at"), QStringLiteral("state"),
                                         QStringLiteral("deleted"), QStringLiteral("agent_id")});
            const QVariant value = column == QLatin1String("at")      ? QVariant(at)
                                   : column == QLatin1String("state") ? QVariant(pick(states))
                                   : column == QLatin1String("deleted") ? QVariant(random.bounded(2))
                                                                        : QVariant(pick(agents));
            f.exec(QStringLiteral("UPDATE agent_states SET %1 = ? WHERE id = ?").arg(column),
                   {value, pick(rows)});
        } else if (op == 10) {
            f.exec(QStringLiteral("DELETE FROM agent_states WHERE id = ?"), {pick(rows)});
        } else {
            changeDisposition();
        }
    }

    void changeDisposition()
    {
        switch (random.bounded(3)) {
        case 0: // a supervisor flips a disposition's connect flag
            f.exec(QStringLiteral("UPDATE dispositions SET is_connect = ? WHERE id = ?"),
                   {random.bounded(2), KpiFixture::disposition(1 + int(random.bounded(8)))});
            break;
        case 1: // a disposition arrives by sync after calls that use it
            f.exec(QStringLiteral("INSERT OR IGNORE INTO dispositions (id, name, is_connect) VALUES (?, ?, ?)"),
                   {QStringLiteral("later-%1").arg(9 + nextDisposition % 2), QStringLiteral("新结果"),
                    random.bounded(2)});
            ++nextDisposition;
            break;
        default: // and is removed again
            f.exec(QStringLiteral("DELETE FROM dispositions WHERE id LIKE 'later-%' AND id = ?"),
                   {QStringLiteral("later-%1").arg(9 + int(random.bounded(2)))});
            break;
        }
    }
};

} // namespace

TEST_CASE("Rollups equal a recomputation after random inserts, edits and deletes", "[analytics][rollups]")
{
    for (quint32 seed = 1; seed <= 12; ++seed) {
        KpiFixture fixture;
        RandomChanges changes{fixture, QRandomGenerator(seed)};
        INFO("seed " << seed);
        for (int i = 0; i < 300; ++i) {
            changes.step();
            if (i % 50 == 49)
                REQUIRE(differences(fixture) == 0);
            // Half the seeds move the daily rollup to New York's standard time half-way.
            if (i == 150 && seed % 2 == 0)
                REQUIRE(KpiRollups::setDayOffset(fixture.workspace.store(), -5 * 3600 * 1000LL));
        }
        REQUIRE(differences(fixture) == 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"), QStringLiteral("connects > 0")) > 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_days"), QStringLiteral("connects > 0")) > 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"), QStringLiteral("ready_ms > 0")) > 0);
    }
}

TEST_CASE("A wrong rollup is found, and a paused load is summed by the rebuild", "[analytics][rollups]")
{
    KpiFixture fixture;
    const qint64 t = 1772409600000LL;
    fixture.addCall(QStringLiteral("a1"), t, 70, 80, KpiFixture::interested);
    fixture.addState(QStringLiteral("a1"), QStringLiteral("Ready"), t);
    fixture.addState(QStringLiteral("a1"), QStringLiteral("OnCall"), t + 60000);
    REQUIRE(differences(fixture) == 0);

    fixture.exec(QStringLiteral("UPDATE kpi_hours SET dials = dials + 1"), {});
    CHECK(differences(fixture) == 2); // one row wrong, seen from both sides
    fixture.exec(QStringLiteral("UPDATE kpi_days SET wrap_up_ms = 1"), {});
    CHECK(differences(fixture) == 4);

    REQUIRE(KpiRollups::pause(fixture.workspace.store()));
    CHECK(KpiRollups::isPaused(fixture.workspace.store()));
    fixture.addCall(QStringLiteral("a2"), t, 10, 20, KpiFixture::noAnswer);
    fixture.addState(QStringLiteral("a1"), QStringLiteral("Ready"), t + 120000);
    CHECK(differences(fixture) > 0);
    REQUIRE(KpiRollups::rebuild(fixture.workspace.store()));
    CHECK_FALSE(KpiRollups::isPaused(fixture.workspace.store()));
    CHECK(differences(fixture) == 0);
    CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"),
                                     QStringLiteral("ready_ms = 60000 AND on_call_ms = 60000")) == 1);
}

TEST_CASE("A bulk load (a first sync) leaves the rollups complete", "[analytics][rollups]")
{
    KpiFixture fixture;
    LocalStore &store = fixture.workspace.store();
    REQUIRE(BulkLoad::begin(store));
    CHECK(KpiRollups::isPaused(store));
    const qint64 t = 1772409600000LL;
    for (int i = 0; i < 20; ++i) {
        fixture.addCall(QStringLiteral("a1"), t + i * 600000LL, 60 + i, 90, KpiFixture::interested);
        fixture.addState(QStringLiteral("a1"), i % 2 ? QStringLiteral("Ready") : QStringLiteral("OnCall"),
                         t + i * 600000LL);
    }
    REQUIRE(BulkLoad::finish(store));
    CHECK_FALSE(KpiRollups::isPaused(store));
    CHECK(differences(fixture) == 0);
    CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"), QStringLiteral("dials = 6")) == 3);
}
