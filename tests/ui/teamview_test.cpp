#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/analytics/kpiengine.h"
#include "core/customers/activityrepository.h"
#include "core/storage/changebus.h"
#include "core/storage/changeset.h"
#include "core/domain/ids.h"
#include "core/importexport/exporter.h"
#include "core/importexport/tablereader.h"
#include "core/reference/referencerepository.h"
#include "ui/agentdrilldowndialog.h"
#include "ui/funnelwidget.h"
#include "ui/teamtablemodel.h"
#include "ui/teamview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Leadline;

namespace {

const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));

// 华东一组: supervisor boss, agents 张伟 (3 dials, 2 connects) and 李娜 (1 dial, no connect),
// all on 2026-03-02, which the clock says is today.
struct Team
{
    Test::TestWorkspace workspace;
    ReferenceRepository reference{workspace.store()};
    KpiEngine engine{workspace.store()};
    Exporter exporter{workspace.store()};

    Team()
    {
        REQUIRE(reference.ensureDefaultDispositions());
        exec(QStringLiteral("INSERT INTO teams (id, name, supervisor_id) VALUES ('t1', '华东一组', 'boss')"), {});
        addAgent(QStringLiteral("boss"), QStringLiteral("主管"), QStringLiteral("supervisor"));
        addAgent(QStringLiteral("zhang"), QStringLiteral("张伟"), QStringLiteral("agent"));
        addAgent(QStringLiteral("li"), QStringLiteral("李娜"), QStringLiteral("agent"));
        exec(QStringLiteral("INSERT INTO customers (id, name, created_at) VALUES ('c1', '客户', 0)"), {});
        addCall(QStringLiteral("zhang"), 9, 120, 1);
        addCall(QStringLiteral("zhang"), 10, 30, 2);
        addCall(QStringLiteral("zhang"), 11, 0, 3);
        addCall(QStringLiteral("li"), 9, 0, 4);
        workspace.clock().setNowMs(QDateTime(QDate(2026, 3, 2), QTime(18, 0), shanghai).toMSecsSinceEpoch());
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
};

QString cell(QTableView *table, int row, int column)
{
    return table->model()->index(row, column).data().toString();
}

} // namespace

TEST_CASE("A supervisor opens the team tab and reads his agents' figures", "[ui][team]")
{
    Team team;
    team.workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    GIVEN("the team tab, opened on today")
    {
        Ui::TeamView view(team.engine, team.workspace.clock(), nullptr, &team.exporter);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        view.findChild<QComboBox *>(QStringLiteral("rangePreset"))->setCurrentIndex(0);
        view.resize(1100, 700);
        view.show();
        REQUIRE(QTest::qWaitForWindowExposed(&view));
        auto *presets = view.findChild<QComboBox *>(QStringLiteral("rangePreset"));
        presets->setCurrentIndex(0);
        emit presets->activated(0); // Today

        auto *scope = view.findChild<QComboBox *>(QStringLiteral("teamScope"));
        auto *table = view.findChild<QTableView *>(QStringLiteral("teamTable"));
        REQUIRE(scope);
        REQUIRE(table);
        THEN("his team is chosen and the table has one row per agent, busiest first")
        {
            CHECK(scope->currentText().contains(QStringLiteral("华东一组")));
            REQUIRE(table->model()->rowCount() == 2);
            CHECK(cell(table, 0, Ui::TeamTableModel::Agent) == QStringLiteral("张伟"));
            CHECK(cell(table, 0, Ui::TeamTableModel::Dials) == QStringLiteral("3"));
            CHECK(cell(table, 0, Ui::TeamTableModel::Connects) == QStringLiteral("2"));
            CHECK(cell(table, 0, Ui::TeamTableModel::ConnectRate) == QStringLiteral("66.7%"));
            CHECK(cell(table, 0, Ui::TeamTableModel::EffectiveTalk) == QStringLiteral("2:00"));
            CHECK(cell(table, 1, Ui::TeamTableModel::Agent) == QStringLiteral("李娜"));
            CHECK(cell(table, 1, Ui::TeamTableModel::ConnectRate) == QStringLiteral("0.0%"));
            CHECK(table->model()->index(0, Ui::TeamTableModel::ConnectRate).data(Qt::ToolTipRole)
                      .toString().contains(QStringLiteral("66.667%")));
            auto *summary = view.findChild<QLabel *>(QStringLiteral("teamSummary"));
            CHECK(summary->text().contains(QStringLiteral("4 dials")));
        }
        WHEN("he sorts by connect rate, lowest first")
        {
            table->horizontalHeader()->setSortIndicator(Ui::TeamTableModel::ConnectRate, Qt::AscendingOrder);
            THEN("李娜 comes first")
            {
                CHECK(cell(table, 0, Ui::TeamTableModel::Agent) == QStringLiteral("李娜"));
            }
        }
        WHEN("he exports the table and the chart")
        {
            QTemporaryDir dir;
            REQUIRE(view.findChild<QWidget *>(QStringLiteral("teamExport"))->isVisible());
            REQUIRE(view.exportTable(dir.filePath(QStringLiteral("team.csv"))));
            REQUIRE(view.exportTable(dir.filePath(QStringLiteral("team.xlsx"))));
            REQUIRE(view.exportChart(dir.filePath(QStringLiteral("trend.png"))));
            THEN("the CSV is UTF-8 with a BOM and exact numbers, the workbook and the picture exist")
            {
                QFile csv(dir.filePath(QStringLiteral("team.csv")));
                REQUIRE(csv.open(QIODevice::ReadOnly));
                const QByteArray bytes = csv.readAll();
                CHECK(bytes.startsWith("\xEF\xBB\xBF"));
                const QStringList lines = QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"));
                CHECK(lines.at(0).startsWith(QStringLiteral("Agent,Dials,Connects,Connect rate")));
                CHECK(lines.at(1).startsWith(QStringLiteral("张伟,3,2,0.666")));
                CHECK(lines.at(2).startsWith(QStringLiteral("李娜,1,0,0,")));
                auto xlsx = TableReader::open(dir.filePath(QStringLiteral("team.xlsx")));
                REQUIRE(xlsx);
                QStringList cells;
                REQUIRE(xlsx.value()->next(cells));
                CHECK(cells.value(1) == QStringLiteral("Dials"));
                REQUIRE(xlsx.value()->next(cells));
                CHECK(cells.value(0) == QStringLiteral("张伟"));
                CHECK(cells.value(1) == QStringLiteral("3"));
                CHECK_FALSE(QImage(dir.filePath(QStringLiteral("trend.png"))).isNull());
            }
            THEN("each export is in the audit log with its format, rows, scope and period")
            {
                QSqlQuery audit(team.workspace.store().database());
                REQUIRE(audit.exec(QStringLiteral(
                    "SELECT table_name, json_extract(detail, '$.format'), json_extract(detail, '$.rows'), "
                    "json_extract(detail, '$.scope_kind'), json_extract(detail, '$.team_id'), "
                    "json_extract(detail, '$.from'), json_extract(detail, '$.to'), agent_id "
                    "FROM audit_log WHERE action = 'export' ORDER BY rowid")));
                QStringList entries;
                while (audit.next()) {
                    QStringList fields;
                    for (int i = 0; i < 8; ++i)
                        fields.append(audit.value(i).toString());
                    entries.append(fields.join(QLatin1Char('|')));
                }
                CHECK(entries == QStringList{
                    QStringLiteral("team_kpis|csv|2|team|t1|2026-03-02|2026-03-02|boss"),
                    QStringLiteral("team_kpis|xlsx|2|team|t1|2026-03-02|2026-03-02|boss"),
                    QStringLiteral("team_chart|png||team|t1|2026-03-02|2026-03-02|boss")});
            }
        }
        WHEN("he hides a column, moves another and sorts by connect rate, lowest first, then exports")
        {
            QHeaderView *header = table->horizontalHeader();
            header->setSectionHidden(Ui::TeamTableModel::Trend, true);
            header->setSectionHidden(Ui::TeamTableModel::Connects, true);
            header->moveSection(header->visualIndex(Ui::TeamTableModel::ConnectRate), 0);
            header->setSortIndicator(Ui::TeamTableModel::ConnectRate, Qt::AscendingOrder);
            QTemporaryDir dir;
            REQUIRE(view.exportTable(dir.filePath(QStringLiteral("shown.csv"))));
            THEN("the file has the columns shown, in their order, and the rows in their sort")
            {
                QFile csv(dir.filePath(QStringLiteral("shown.csv")));
                REQUIRE(csv.open(QIODevice::ReadOnly));
                const QStringList lines = QString::fromUtf8(csv.readAll().mid(3)).split(QStringLiteral("\r\n"));
                const QStringList head = lines.at(0).split(QLatin1Char(','));
                CHECK(head.value(0) == QStringLiteral("Connect rate"));
                CHECK(head.value(1) == QStringLiteral("Agent"));
                CHECK_FALSE(head.contains(QStringLiteral("Connects")));
                CHECK(head.size() == Ui::TeamTableModel::ColumnCount - 2);
                CHECK(lines.at(1).startsWith(QStringLiteral("0,李娜,1,")));
                CHECK(lines.at(2).startsWith(QStringLiteral("0.666")));
                CHECK(team.workspace.rowCount(QStringLiteral("audit_log"),
                                              QStringLiteral("action = 'export' AND json_extract(detail, "
                                                             "'$.sorted_by') = 'Connect rate' AND "
                                                             "json_extract(detail, '$.order') = 'ascending'"))
                      == 1);
            }
        }
        THEN("the funnel is drawn from the same report")
        {
            auto *funnel = view.findChild<Ui::FunnelWidget *>(QStringLiteral("funnel"));
            REQUIRE(funnel);
            CHECK(funnel->stages().size() == 6);
        }
    }
}

TEST_CASE("An agent's team tab shows only his own figures", "[ui][team]")
{
    Team team;
    team.workspace.store().setCurrentAgentId(QStringLiteral("li"));
    Ui::TeamView view(team.engine, team.workspace.clock(), nullptr, &team.exporter);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    auto *presets = view.findChild<QComboBox *>(QStringLiteral("rangePreset"));
    presets->setCurrentIndex(0);
    emit presets->activated(0);
    auto *scope = view.findChild<QComboBox *>(QStringLiteral("teamScope"));
    auto *table = view.findChild<QTableView *>(QStringLiteral("teamTable"));
    CHECK(scope->count() == 1);
    REQUIRE(table->model()->rowCount() == 1);
    CHECK(cell(table, 0, Ui::TeamTableModel::Agent) == QStringLiteral("李娜"));
    CHECK(cell(table, 0, Ui::TeamTableModel::Dials) == QStringLiteral("1"));
    // My performance beside the day before, which had no calls.
    auto *summary = view.findChild<QLabel *>(QStringLiteral("teamSummary"));
    CHECK(summary->text().contains(QStringLiteral("Previous period")));
    CHECK(summary->text().contains(QStringLiteral("0 dials")));
    // Agents may not export (§2.8): no buttons, and the export itself is refused, unrecorded.
    CHECK_FALSE(view.findChild<QWidget *>(QStringLiteral("teamExport"))->isVisible());
    CHECK_FALSE(view.findChild<QWidget *>(QStringLiteral("teamExportChart"))->isVisible());
    QTemporaryDir dir;
    CHECK_FALSE(view.exportTable(dir.filePath(QStringLiteral("mine.csv"))));
    CHECK_FALSE(view.exportChart(dir.filePath(QStringLiteral("mine.png"))));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("mine.csv"))));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("mine.png"))));
    CHECK(team.workspace.rowCount(QStringLiteral("audit_log"), QStringLiteral("action = 'export'")) == 0);
}

TEST_CASE("The team tab follows calls logged here and rows pulled from the server", "[ui][team]")
{
    Team team;
    team.workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    Ui::TeamView view(team.engine, team.workspace.clock(), &team.workspace.store().changeBus());
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    auto *presets = view.findChild<QComboBox *>(QStringLiteral("rangePreset"));
    presets->setCurrentIndex(0);
    emit presets->activated(0); // Today
    auto *table = view.findChild<QTableView *>(QStringLiteral("teamTable"));
    REQUIRE(table->model()->rowCount() == 2);
    REQUIRE(cell(table, 1, Ui::TeamTableModel::Dials) == QStringLiteral("1"));

    // 李娜 logs a connected call of 90 s on her own client's service.
    ActivityRepository activities(team.workspace.store());
    Call call;
    call.customerId = QStringLiteral("c1");
    call.agentId = QStringLiteral("li");
    call.startedAt = QDateTime(QDate(2026, 3, 2), QTime(15, 0), shanghai).toMSecsSinceEpoch();
    call.connectedAt = call.startedAt + 5000;
    call.endedAt = call.startedAt + 95000;
    call.durationSeconds = 90;
    call.outcome = QStringLiteral("connected");
    call.dispositionId = QStringLiteral("00000000-0000-4000-8000-000000000001");
    REQUIRE(activities.logCall(call));
    QTRY_COMPARE(cell(table, 1, Ui::TeamTableModel::Dials), QStringLiteral("2"));
    CHECK(cell(table, 1, Ui::TeamTableModel::Connects) == QStringLiteral("1"));

    // A pull writes 张伟's call and announces it as the sync engine does.
    team.addCall(QStringLiteral("zhang"), 16, 200, 1);
    ChangeSet pulled;
    pulled.add(QStringLiteral("calls"));
    pulled.anyCustomer = true;
    pulled.fromServer = true;
    team.workspace.store().changeBus().publish(pulled);
    QTRY_COMPARE(cell(table, 0, Ui::TeamTableModel::Dials), QStringLiteral("4"));
    CHECK(cell(table, 0, Ui::TeamTableModel::EffectiveTalk) == QStringLiteral("5:20"));
}

TEST_CASE("A team table row drills down to the agent's calls and customers", "[ui][team]")
{
    Team team;
    team.workspace.store().setCurrentAgentId(QStringLiteral("boss"));
    Ui::TeamView view(team.engine, team.workspace.clock(), nullptr, &team.exporter);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    auto *presets = view.findChild<QComboBox *>(QStringLiteral("rangePreset"));
    presets->setCurrentIndex(0);
    emit presets->activated(0); // Today
    auto *table = view.findChild<QTableView *>(QStringLiteral("teamTable"));
    REQUIRE(table->model()->rowCount() == 2);
    REQUIRE(cell(table, 0, Ui::TeamTableModel::Agent) == QStringLiteral("张伟"));

    // Keyboard only: the first row, then Enter.
    table->setFocus();
    table->setCurrentIndex(table->model()->index(0, Ui::TeamTableModel::Agent));
    QTest::keyClick(table, Qt::Key_Return);
    auto *dialog = view.findChild<Ui::AgentDrillDownDialog *>(QStringLiteral("agentDrillDown"));
    REQUIRE(dialog);
    auto *calls = dialog->findChild<QTableWidget *>(QStringLiteral("drillCalls"));
    auto *customers = dialog->findChild<QTableWidget *>(QStringLiteral("drillCustomers"));
    REQUIRE(calls);
    REQUIRE(customers);
    REQUIRE(calls->rowCount() == 3);
    CHECK(calls->item(0, 1)->text() == QStringLiteral("客户"));
    CHECK(calls->item(0, 2)->text() == QStringLiteral("0:00")); // 11:00, the latest, unanswered
    CHECK(calls->item(2, 2)->text() == QStringLiteral("2:00")); // 09:00, two minutes
    REQUIRE(customers->rowCount() == 1);
    CHECK(customers->item(0, 2)->text() == QStringLiteral("3"));
    CHECK(customers->item(0, 3)->text() == QStringLiteral("2"));

    QSignalSpy opened(&view, &Ui::TeamView::customerOpened);
    emit customers->itemActivated(customers->item(0, 0));
    REQUIRE(opened.size() == 1);
    CHECK(opened.at(0).at(0).toString() == QStringLiteral("c1"));

    // The calls shown export as shown, audited with the agent and the day.
    CHECK(dialog->findChild<QWidget *>(QStringLiteral("drillExport")));
    QTemporaryDir dir;
    REQUIRE(dialog->exportTable(dir.filePath(QStringLiteral("calls.csv"))));
    QFile csv(dir.filePath(QStringLiteral("calls.csv")));
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll().mid(3)).split(QStringLiteral("\r\n"));
    REQUIRE(lines.size() == 5); // the header, three calls and the end of the last line
    CHECK(lines.at(0) == QStringLiteral("Started,Customer,Talk,Disposition,Connect"));
    CHECK(lines.at(1).contains(QStringLiteral(",客户,0:00,")));
    CHECK(team.workspace.rowCount(QStringLiteral("audit_log"),
                                  QStringLiteral("action = 'export' AND table_name = 'agent_calls' "
                                                 "AND json_extract(detail, '$.agent_id') = 'zhang' AND "
                                                 "json_extract(detail, '$.from') = '2026-03-02' AND "
                                                 "json_extract(detail, '$.rows') = 3"))
          == 1);
}

TEST_CASE("An agent cannot drill down into another agent's calls", "[ui][team]")
{
    Team team;
    team.workspace.store().setCurrentAgentId(QStringLiteral("li"));
    const KpiPeriod today{QDate(2026, 3, 2), QDate(2026, 3, 2)};
    const auto theirs = team.engine.drillDown(QStringLiteral("zhang"), today);
    CHECK_FALSE(theirs);
    const auto mine = team.engine.drillDown(QStringLiteral("li"), today);
    REQUIRE(mine);
    CHECK(mine->calls.size() == 1);
}
