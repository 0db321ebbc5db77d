#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/analytics/kpiengine.h"
#include "core/domain/ids.h"
#include "core/importexport/exporter.h"
#include "core/reference/referencerepository.h"
#include "ui/livefloormodel.h"
#include "ui/livefloorview.h"
#include "ui/teamview.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QLabel>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimeZone>

using namespace Leadline;

namespace {

const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));
constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;

// 华东一组: supervisor boss, agents 张伟 (3 dials today, 2 connects, 2:30 of talk) and 李娜
// (1 dial, no connect); the clock says 2026-03-02 18:00 in Shanghai.
struct Floor
{
    Test::TestWorkspace workspace;
    ReferenceRepository reference{workspace.store()};
    KpiEngine engine{workspace.store()};

    Floor()
    {
        REQUIRE(reference.ensureDefaultDispositions());
        exec(QStringLiteral("INSERT INTO teams (id, name, supervisor_id) VALUES ('t1', '华东一组', 'boss')"), {});
        addAgent(QStringLiteral("boss"), QStringLiteral("主管"), QStringLiteral("supervisor"));
        addAgent(QStringLiteral("zhang"), QStringLiteral("张伟"), QStringLiteral("agent"));
        addAgent(QStringLiteral("li"), QStringLiteral("李娜"), QStringLiteral("agent"));
        exec(QStringLiteral("INSERT INTO customers (id, name, created_at) VALUES ('c1', '王客户', 0)"), {});
        addCall(QStringLiteral("zhang"), 9, 120, 1);
        addCall(QStringLiteral("zhang"), 10, 30, 2);
        addCall(QStringLiteral("zhang"), 11, 0, 3);
        addCall(QStringLiteral("li"), 9, 0, 4);
        workspace.clock().setNowMs(QDateTime(QDate(2026, 3, 2), QTime(18, 0), shanghai).toMSecsSinceEpoch());
        workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    }

    void exec(const QString &sql, const QVariantList &values)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        REQUIRE(query.exec());
    }
    void addAgent(const QString &id, const QString &name, const QString &role)
    {
        exec(QStringLiteral("INSERT INTO agents (id, login, name, role, team_id) VALUES (?, ?, ?, ?, 't1')"),
             {id, id, name, role});
    }
    void addCall(const QString &agent, int hour, int talk, int disposition)
    {
        const qint64 at = QDateTime(QDate(2026, 3, 2), QTime(hour, 0), shanghai).toMSecsSinceEpoch();
        exec(QStringLiteral("INSERT INTO calls (id, customer_id, agent_id, started_at, ended_at, "
                            "duration_s, disposition_id) VALUES (?, 'c1', ?, ?, ?, ?, ?)"),
             {newId(), agent, at, at + (talk + 10) * 1000LL, talk,
              QStringLiteral("00000000-0000-4000-8000-0000000000%1").arg(disposition, 2, 10, QLatin1Char('0'))});
    }

    // The server's reading: its clock 5 s behind this machine's. 张伟 on a call with 王客户 for
    // 90 s, 李娜 not ready (lunch) for 16 minutes, the supervisor never signed in.
    PresenceFloor reading()
    {
        const qint64 local = workspace.clock().nowMs();
        const qint64 server = local - 5 * second;
        PresenceFloor floor;
        floor.serverNowMs = server;
        floor.receivedAtMs = local;
        floor.entries = {
            {QStringLiteral("boss"), QStringLiteral("主管"), QStringLiteral("t1"),
             QStringLiteral("Offline"), {}, {}, {}, server, 0},
            {QStringLiteral("li"), QStringLiteral("李娜"), QStringLiteral("t1"),
             QStringLiteral("NotReady"), QStringLiteral("午饭"), {}, {}, server - 16 * minute, server},
            {QStringLiteral("zhang"), QStringLiteral("张伟"), QStringLiteral("t1"),
             QStringLiteral("OnCall"), {}, QStringLiteral("c1"), QStringLiteral("138****0001"),
             server - 90 * second, server},
        };
        return floor;
    }
};

QString cell(const QAbstractItemModel *model, int row, int column, int role = Qt::DisplayRole)
{
    return model->index(row, column).data(role).toString();
}

} // namespace

TEST_CASE("The thresholds of time in state", "[ui][floor]")
{
    using Model = Ui::LiveFloorModel;
    CHECK(Model::levelOf(QStringLiteral("WrapUp"), 59 * second) == Model::Level::Normal);
    CHECK(Model::levelOf(QStringLiteral("WrapUp"), 60 * second) == Model::Level::Long);
    CHECK(Model::levelOf(QStringLiteral("WrapUp"), 120 * second) == Model::Level::TooLong);
    CHECK(Model::levelOf(QStringLiteral("NotReady"), 4 * minute) == Model::Level::Normal);
    CHECK(Model::levelOf(QStringLiteral("NotReady"), 5 * minute) == Model::Level::Long);
    CHECK(Model::levelOf(QStringLiteral("NotReady"), 15 * minute) == Model::Level::TooLong);
    CHECK(Model::levelOf(QStringLiteral("OnCall"), 19 * minute) == Model::Level::Long);
    CHECK(Model::levelOf(QStringLiteral("Offline"), 600 * minute) == Model::Level::Normal);
}

TEST_CASE("A supervisor reads his floor: states, time in state, today's calls, the customer",
          "[ui][floor]")
{
    Floor floor;
    Ui::LiveFloorView view(floor.engine, floor.workspace.clock());
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    view.setCustomerNamer([](const QString &id) {
        return id == QLatin1String("c1") ? QStringLiteral("王客户") : QString();
    });
    view.resize(1000, 400);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    view.setFloor(floor.reading());
    auto *table = view.findChild<QTableView *>(QStringLiteral("liveFloorTable"));
    REQUIRE(table);
    const QAbstractItemModel *rows = table->model(); // sorted by name
    REQUIRE(rows->rowCount() == 3);
    using Model = Ui::LiveFloorModel;
    auto rowOf = [&](const QString &name) {
        for (int row = 0; row < rows->rowCount(); ++row) {
            if (cell(rows, row, Model::Agent) == name)
                return row;
        }
        FAIL("no row for " << name.toStdString());
        return -1;
    };
    const int zhang = rowOf(QStringLiteral("张伟"));
    const int li = rowOf(QStringLiteral("李娜"));
    const int boss = rowOf(QStringLiteral("主管"));

    CHECK(cell(rows, zhang, Model::State) == QStringLiteral("On call"));
    CHECK(cell(rows, zhang, Model::TimeInState) == QStringLiteral("1:30"));
    CHECK(cell(rows, zhang, Model::CallsToday) == QStringLiteral("3"));
    CHECK(cell(rows, zhang, Model::Connects) == QStringLiteral("2"));
    CHECK(cell(rows, zhang, Model::TalkTime) == QStringLiteral("2:30"));
    CHECK(cell(rows, zhang, Model::Customer) == QStringLiteral("王客户 · 138****0001"));

    // Past 15 minutes not ready: red, and it says so in words.
    CHECK(cell(rows, li, Model::State) == QStringLiteral("Not ready: 午饭"));
    CHECK(cell(rows, li, Model::TimeInState) == QStringLiteral("16:00 (too long)"));
    CHECK(rows->index(li, Model::TimeInState).data(Model::LevelRole).toInt()
          == int(Model::Level::TooLong));
    CHECK(rows->index(li, Model::TimeInState).data(Qt::BackgroundRole).value<QBrush>().style()
          != Qt::NoBrush);
    CHECK(cell(rows, li, Model::CallsToday) == QStringLiteral("1"));
    CHECK(cell(rows, li, Model::Connects) == QStringLiteral("0"));
    CHECK(cell(rows, li, Model::Customer).isEmpty());

    CHECK(cell(rows, boss, Model::State) == QStringLiteral("Offline"));
    CHECK(cell(rows, boss, Model::TimeInState) == QStringLiteral("—"));

    // The time in state follows this machine's clock between readings.
    floor.workspace.clock().setNowMs(floor.workspace.clock().nowMs() + 4 * minute);
    view.model()->setNow(floor.workspace.clock().nowMs());
    CHECK(cell(rows, zhang, Model::TimeInState) == QStringLiteral("5:30"));
    CHECK(cell(rows, zhang, Model::TimeInState, Qt::BackgroundRole).isEmpty());

    // A reading that fails keeps the last one and says why.
    PresenceFloor failed;
    failed.error = QStringLiteral("connection refused");
    view.setFloor(failed);
    auto *status = view.findChild<QLabel *>(QStringLiteral("liveFloorStatus"));
    CHECK(status->isVisible());
    CHECK(status->text().contains(QStringLiteral("connection refused")));
    CHECK(rows->rowCount() == 3);
}

TEST_CASE("The live floor is a page of the team tab", "[ui][floor][team]")
{
    Floor floor;
    Ui::TeamView team(floor.engine, floor.workspace.clock());
    auto *view = new Ui::LiveFloorView(floor.engine, floor.workspace.clock());
    team.addLiveFloor(view);
    auto *pages = team.findChild<QTabWidget *>();
    REQUIRE(pages);
    CHECK(pages->currentWidget() == view);
    CHECK(pages->tabText(pages->indexOf(view)) == QStringLiteral("Live floor"));
}

TEST_CASE("An agent's own figures show his team's median beside them when the server sends it",
          "[ui][team]")
{
    Floor floor;
    floor.workspace.store().setCurrentAgentId(QStringLiteral("zhang"));
    Ui::TeamView team(floor.engine, floor.workspace.clock());
    QSignalSpy wanted(&team, &Ui::TeamView::teamMedianWanted);
    team.resize(1000, 600);
    team.show();
    REQUIRE(QTest::qWaitForWindowExposed(&team));
    REQUIRE(wanted.count() >= 1);
    const qint64 from = wanted.last().at(0).toLongLong();
    const qint64 to = wanted.last().at(1).toLongLong();
    CHECK(from < to);
    auto *summary = team.findChild<QLabel *>(QStringLiteral("teamSummary"));
    REQUIRE(summary);
    const QString mine = summary->text();

    // Not shared by the policy: nothing added.
    team.setTeamMedian(from, to, {});
    CHECK(summary->text() == mine);
    // An answer for another period is late: ignored.
    const QJsonObject median{{QStringLiteral("agents"), 2}, {QStringLiteral("dials"), 2},
                             {QStringLiteral("connects"), 1.5},
                             {QStringLiteral("effective_talk_s"), 97.5},
                             {QStringLiteral("connect_rate"), 0.8333}};
    team.setTeamMedian(from - 1, to, median);
    CHECK(summary->text() == mine);
    team.setTeamMedian(from, to, median);
    CHECK(summary->text().startsWith(mine));
    CHECK(summary->text().contains(
        QStringLiteral("Team median (2 agents): 2.0 dials · 1.5 connects (83.3%) · effective talk 1:37")));
}

TEST_CASE("A supervisor exports the live floor as shown, and the export is audited; an agent "
          "cannot", "[ui][floor][export]")
{
    Floor floor;
    Exporter exporter(floor.workspace.store());
    Ui::LiveFloorView view(floor.engine, floor.workspace.clock());
    view.setFloor(floor.reading());
    view.resize(900, 400);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    auto *table = view.findChild<QTableView *>(QStringLiteral("liveFloorTable"));
    REQUIRE(table);
    // Sorted by agent, descending: 主管, 李娜, 张伟 in the locale's order reversed.
    table->sortByColumn(Ui::LiveFloorModel::Agent, Qt::DescendingOrder);
    QStringList shownAgents;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        shownAgents.append(table->model()->index(row, Ui::LiveFloorModel::Agent).data().toString());
    REQUIRE(shownAgents.size() == 3);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("floor.csv"));
    REQUIRE(view.exportTable(exporter, path));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    CHECK(bytes.startsWith("\xEF\xBB\xBF")); // UTF-8 with a BOM, for Excel
    const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    REQUIRE(lines.size() == 4);
    CHECK(lines.at(0).startsWith(table->model()->headerData(0, Qt::Horizontal).toString()));
    for (int row = 0; row < 3; ++row)
        CHECK(lines.at(row + 1).startsWith(shownAgents.at(row)));
    CHECK(floor.workspace.rowCount(QStringLiteral("audit_log"),
                                   QStringLiteral("action = 'export' AND table_name = 'live_floor' "
                                                  "AND agent_id = 'boss' AND json_extract(detail, '$.rows') = 3"))
          == 1);

    floor.workspace.store().setCurrentAgentId(QStringLiteral("zhang"));
    const QString refused = dir.filePath(QStringLiteral("agent.csv"));
    CHECK_FALSE(view.exportTable(exporter, refused));
    CHECK_FALSE(QFile::exists(refused));
    CHECK(floor.workspace.rowCount(QStringLiteral("audit_log"), QStringLiteral("action = 'export'")) == 1);
}
