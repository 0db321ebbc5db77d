#include "kpifixture.h"

#include "core/analytics/kpirollups.h"
#include "core/analytics/leadkpiquery.h"
#include "core/storage/bulkload.h"

#include <QRandomGenerator>
#include <QSet>

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

    QVariant owner() { return random.bounded(8) == 0 ? QVariant() : QVariant(pick(agents)); }
    QVariant completion(qint64 due)
    {
        switch (random.bounded(4)) {
        case 0: return QVariant();
        case 1: return due;                    // exactly on time
        case 2: return due - 60000;            // kept
        default: return due + 60000;           // late
        }
    }

    // Leads, stage changes and todos: the rollups of schema step 13.
    void leadStep()
    {
        const QStringList customers = ids(f, QStringLiteral("customers"));
        const QStringList changes = ids(f, QStringLiteral("stage_changes"));
        const QStringList todos = ids(f, QStringLiteral("todos"));
        const QStringList sources = {QStringLiteral("官网"), QStringLiteral("展会"), QStringLiteral("")};
        const QStringList stages = {QStringLiteral("需求沟通"), QStringLiteral("方案提供"), QStringLiteral("成交")};
        const qint64 at = time();
        const int op = int(random.bounded(12));
        if (op <= 1 || customers.size() < 2) {
            f.exec(QStringLiteral("INSERT INTO customers (id, name, source, owner_id, created_at) "
                                  "VALUES (?, '客户', ?, ?, ?)"), {newId(), pick(sources), owner(), at});
        } else if (op == 2) {
            const QString column = pick({QStringLiteral("owner_id"), QStringLiteral("source"),
                                         QStringLiteral("created_at"), QStringLiteral("deleted")});
            const QVariant value = column == QLatin1String("owner_id") ? owner()
                                   : column == QLatin1String("source") ? QVariant(pick(sources))
                                   : column == QLatin1String("created_at") ? QVariant(at)
                                                                          : QVariant(random.bounded(2));
            f.exec(QStringLiteral("UPDATE customers SET %1 = ? WHERE id = ?").arg(column), {value, pick(customers)});
        } else if (op == 3) {
            // Deleting a customer deletes its stage changes and todos with it (ON DELETE CASCADE);
            // the calls' customer stays.
            const QString kept = f.anyCustomer();
            f.exec(QStringLiteral("DELETE FROM customers WHERE id = ? AND id <> ?"), {pick(customers), kept});
        } else if (op <= 6 || changes.isEmpty()) {
            // Few customers, so that one agent moves one customer into one stage more than once.
            f.exec(QStringLiteral("INSERT INTO stage_changes (id, customer_id, agent_id, kind, to_value, at) "
                                  "VALUES (?, ?, ?, ?, ?, ?)"),
                   {newId(), customers.at(int(random.bounded(std::min<int>(2, int(customers.size()))))),
                    agent(), random.bounded(6) == 0 ? QStringLiteral("owner") : QStringLiteral("stage"),
                    pick(stages), at});
        } else if (op == 7) {
            const QString column = pick({QStringLiteral("agent_id"), QStringLiteral("to_value"),
                                         QStringLiteral("at"), QStringLiteral("deleted"), QStringLiteral("kind")});
            const QVariant value = column == QLatin1String("agent_id")   ? agent()
                                   : column == QLatin1String("to_value") ? QVariant(pick(stages))
                                   : column == QLatin1String("at")       ? QVariant(at)
                                   : column == QLatin1String("kind")     ? QVariant(pick({QStringLiteral("stage"), QStringLiteral("rule")}))
                                                                         : QVariant(random.bounded(2));
            f.exec(QStringLiteral("UPDATE stage_changes SET %1 = ? WHERE id = ?").arg(column), {value, pick(changes)});
        } else if (op == 8 && !changes.isEmpty()) {
            f.exec(QStringLiteral("DELETE FROM stage_changes WHERE id = ?"), {pick(changes)});
        } else if (op <= 10 || todos.isEmpty()) {
            f.exec(QStringLiteral("INSERT INTO todos (id, customer_id, agent_id, kind, title, due_at, "
                                  "completed_at, created_at) VALUES (?, ?, ?, ?, '回电', ?, ?, ?)"),
                   {newId(), pick(customers), agent(),
                    pick({QStringLiteral("callback"), QStringLiteral("task")}), at, completion(at), at});
        } else {
            const QString column = pick({QStringLiteral("agent_id"), QStringLiteral("kind"),
                                         QStringLiteral("due_at"), QStringLiteral("completed_at"),
                                         QStringLiteral("deleted")});
            const QString id = pick(todos);
            const QVariant value = column == QLatin1String("agent_id") ? agent()
                                   : column == QLatin1String("kind") ? QVariant(pick({QStringLiteral("callback"), QStringLiteral("meeting")}))
                                   : column == QLatin1String("due_at") ? QVariant(at)
                                   : column == QLatin1String("completed_at") ? completion(at)
                                                                             : QVariant(random.bounded(2));
            if (random.bounded(5) == 0)
                f.exec(QStringLiteral("DELETE FROM todos WHERE id = ?"), {id});
            else
                f.exec(QStringLiteral("UPDATE todos SET %1 = ? WHERE id = ?").arg(column), {value, id});
        }
    }

    void step()
    {
        if (random.bounded(3) == 0) {
            leadStep();
            return;
        }
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

// The lead figures read from the rollups equal those read from the rows, for periods of whole
// days of the rollups' offset and a "now" before, inside and after them.
void compareLeadFigures(KpiFixture &fixture, QRandomGenerator &random)
{
    LocalStore &store = fixture.workspace.store();
    const qint64 offset = KpiRollups::dayOffsetMs(store);
    const LeadKpiQuery query(store);
    const qint64 firstDay = (1772409600000LL + offset) / 86400000 - 1;
    for (int i = 0; i < 9; ++i) {
        // Short periods read the days; long ones (i >= 6) whole 16-day blocks and the days
        // around them (schema step 17).
        const qint64 from = i < 6 ? firstDay + random.bounded(4) : firstDay - random.bounded(40);
        const qint64 to = i < 6 ? from + 1 + random.bounded(4) : from + 17 + random.bounded(60);
        const qint64 start = from * 86400000 - offset;
        const qint64 end = to * 86400000 - offset;
        const qint64 now = start - 86400000 + qint64(random.bounded(7 * 24)) * 3600000 + 1234;
        for (const QString &agent : {QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3")}) {
            INFO("agent " << agent.toStdString() << " days " << from << "-" << to << " now " << now);
            const auto rows = query.load(agent, start, end, now);
            const auto rolled = query.load(agent, start, end, now, offset);
            REQUIRE(rows);
            REQUIRE(rolled);
            CHECK(rolled->figures.leadsOwned == rows->figures.leadsOwned);
            CHECK(rolled->figures.leadsCreated == rows->figures.leadsCreated);
            CHECK(rolled->figures.todosOverdue == rows->figures.todosOverdue);
            CHECK(rolled->figures.callbacksDue == rows->figures.callbacksDue);
            CHECK(rolled->figures.callbacksKept == rows->figures.callbacksKept);
            CHECK(rolled->figures.conversions == rows->figures.conversions);
            CHECK(rolled->createdBySource == rows->createdBySource);
            QHash<QString, int> entered = rolled->enteredByStage;
            entered.removeIf([](const auto &item) { return item.value() == 0; });
            CHECK(entered == rows->enteredByStage);
        }
    }
}

} // namespace

TEST_CASE("Rollups equal a recomputation after random inserts, edits and deletes", "[analytics][rollups]")
{
    for (quint32 seed = 1; seed <= 12; ++seed) {
        KpiFixture fixture;
        RandomChanges changes{fixture, QRandomGenerator(seed)};
        INFO("seed " << seed);
        // What the run covered, seen at the checkpoints (deletes may empty a table by the end).
        QSet<QString> seen;
        const QList<std::pair<QString, QString>> covered = {
            {QStringLiteral("kpi_source_days"), QStringLiteral("created > 0")},
            {QStringLiteral("kpi_stage_days"), QStringLiteral("entries > 0")},
            {QStringLiteral("kpi_source_blocks"), QStringLiteral("created > 0")},
            {QStringLiteral("kpi_stage_blocks"), QStringLiteral("entries > 0")},
            {QStringLiteral("kpi_stage_keys"), QStringLiteral("entries > 1")}, // entered twice
            {QStringLiteral("kpi_todo_days"), QStringLiteral("callbacks_kept > 0")},
            {QStringLiteral("kpi_todo_days"), QStringLiteral("todos_open > 0")},
        };
        for (int i = 0; i < 450; ++i) {
            changes.step();
            if (i % 50 == 49) {
                REQUIRE(differences(fixture) == 0);
                compareLeadFigures(fixture, changes.random);
                for (const auto &[table, condition] : covered) {
                    if (fixture.workspace.rowCount(table, condition) > 0)
                        seen.insert(table + QLatin1Char(' ') + condition);
                }
            }
            // Half the seeds move the daily rollup to New York's standard time half-way.
            if (i == 150 && seed % 2 == 0)
                REQUIRE(KpiRollups::setDayOffset(fixture.workspace.store(), -5 * 3600 * 1000LL));
        }
        REQUIRE(differences(fixture) == 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"), QStringLiteral("connects > 0")) > 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_days"), QStringLiteral("connects > 0")) > 0);
        CHECK(fixture.workspace.rowCount(QStringLiteral("kpi_hours"), QStringLiteral("ready_ms > 0")) > 0);
        CHECK(seen.size() == covered.size());
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
