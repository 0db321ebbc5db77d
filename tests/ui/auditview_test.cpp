#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/domain/clock.h"
#include "core/storage/localstore.h"
#include "ui/auditmodel.h"
#include "ui/auditview.h"
#include "ui/daterangepicker.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QMenuBar>
#include <QTabWidget>
#include <QTreeView>

using namespace Leadline;

namespace {

constexpr qint64 hourMs = 3600 * 1000;

void addEntry(Test::UiServicesFixture &f, const QString &id, qint64 at, const QString &agentId,
              const QString &action, const QString &detail = QStringLiteral("{}"))
{
    QSqlQuery query(f.workspace.store().database());
    query.prepare(QStringLiteral(
        "INSERT INTO audit_log(id, at, agent_id, login, action, table_name, row_id, detail, "
        "workstation, row_version) VALUES (?, ?, ?, ?, ?, 'customers', 'c1', ?, 'pc-1', 3)"));
    query.addBindValue(id);
    query.addBindValue(at);
    query.addBindValue(agentId);
    query.addBindValue(QStringLiteral("login-") + agentId);
    query.addBindValue(action);
    query.addBindValue(detail);
    REQUIRE(query.exec());
}

QStringList column(const QAbstractItemModel *model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->index(row, column).data().toString());
    return values;
}

} // namespace

TEST_CASE("GIVEN a supervisor's audit log WHEN he filters by who, action and dates THEN the "
          "entries narrow, newest first, with names instead of ids",
          "[ui][audit]")
{
    Test::UiServicesFixture f;
    f.setRole(QStringLiteral("supervisor"));
    Agent wang;
    wang.id = QStringLiteral("wang-id");
    wang.login = QStringLiteral("wang");
    wang.name = QStringLiteral("王芳");
    REQUIRE(f.reference.addAgent(wang));
    const QString me = f.workspace.store().currentAgentId();
    const qint64 now = f.workspace.clock().nowMs();
    addEntry(f, QStringLiteral("e1"), now - 1 * hourMs, wang.id, QStringLiteral("claim"));
    addEntry(f, QStringLiteral("e2"), now - 2 * hourMs, wang.id, QStringLiteral("export"),
             QStringLiteral("{\"kind\":\"customers\",\"format\":\"csv\",\"rows\":12}"));
    addEntry(f, QStringLiteral("e3"), now - 3 * hourMs, me, QStringLiteral("reassign"),
             QStringLiteral("{\"from\":\"wang-id\",\"to\":\"%1\"}").arg(me));
    addEntry(f, QStringLiteral("old"), now - 60 * 24 * hourMs, wang.id, QStringLiteral("delete"));

    Ui::AuditView view(f.services);
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("auditTree"));
    REQUIRE(tree);
    QAbstractItemModelTester tester(tree->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QAbstractItemModel *model = tree->model();

    // The last 30 days by default, newest first.
    CHECK(column(model, Ui::AuditModel::ActionColumn)
          == QStringList{QStringLiteral("Claim from the pool"), QStringLiteral("Export"),
                         QStringLiteral("Reassign")});
    CHECK(model->index(0, Ui::AuditModel::WhoColumn).data().toString()
          == QStringLiteral("王芳 (login-wang-id)"));
    CHECK(model->index(1, Ui::AuditModel::DetailColumn).data().toString()
          == QStringLiteral("customers as CSV, 12 row(s)")); // "12 rows" through leadline_en.qm
    CHECK(model->index(2, Ui::AuditModel::DetailColumn).data().toString()
          == QStringLiteral("王芳 → 张伟"));

    auto *who = view.findChild<QComboBox *>(QStringLiteral("auditWho"));
    auto *action = view.findChild<QComboBox *>(QStringLiteral("auditAction"));
    auto *range = view.findChild<Ui::DateRangePicker *>(QStringLiteral("auditRange"));
    REQUIRE(who);
    REQUIRE(action);
    REQUIRE(range);
    who->setCurrentIndex(who->findData(wang.id));
    CHECK(model->rowCount() == 2);
    action->setCurrentIndex(action->findData(QStringLiteral("export")));
    CHECK(column(model, Ui::AuditModel::ActionColumn) == QStringList{QStringLiteral("Export")});
    action->setCurrentIndex(0);
    const QDate today = QDateTime::fromMSecsSinceEpoch(now).date();
    range->setRange(today.addDays(-90), today.addDays(-31));
    CHECK(column(model, Ui::AuditModel::ActionColumn) == QStringList{QStringLiteral("Delete")});

    // An entry the sync brings shows without a refresh by hand.
    range->setPreset(Ui::DateRangePicker::Today);
    who->setCurrentIndex(0);
    const int before = model->rowCount();
    addEntry(f, QStringLiteral("e4"), now, wang.id, QStringLiteral("sign_in"));
    f.workspace.store().noteChange(QStringLiteral("audit_log"));
    CHECK(model->rowCount() == before + 1);
}

TEST_CASE("GIVEN the main window WHEN an agent is signed in THEN there is no audit tab nor menu "
          "entry; WHEN he becomes a supervisor THEN both appear",
          "[ui][audit][permissions]")
{
    Test::UiServicesFixture f;
    Ui::MainWindow window(f.services);
    auto *queue = new QWidget;
    queue->setWindowTitle(QStringLiteral("Queue"));
    window.addWorkTab(queue, QKeySequence(Qt::Key_F4));
    auto *view = new Ui::AuditView(f.services);
    window.addRestrictedTab(view, QKeySequence(Qt::Key_F8), Permissions::Action::ViewAudit);
    QTabWidget *tabs = window.workTabs();
    const auto menuEntry = [&]() -> QAction * {
        for (QAction *menu : window.menuBar()->actions()) {
            for (QAction *action : menu->menu()->actions()) {
                if (action->data().value<QObject *>() == view)
                    return action;
            }
        }
        return nullptr;
    };
    REQUIRE(menuEntry());
    CHECK_FALSE(tabs->isTabVisible(tabs->indexOf(view)));
    CHECK_FALSE(menuEntry()->isVisible());
    CHECK_FALSE(menuEntry()->isEnabled());

    f.setRole(QStringLiteral("supervisor"));
    f.workspace.store().noteChange(QStringLiteral("agents"));
    CHECK(tabs->isTabVisible(tabs->indexOf(view)));
    CHECK(menuEntry()->isVisible());
    menuEntry()->trigger();
    CHECK(tabs->currentWidget() == view);

    f.setRole(QStringLiteral("agent"));
    f.workspace.store().noteChange(QStringLiteral("agents"));
    CHECK_FALSE(tabs->isTabVisible(tabs->indexOf(view)));
    CHECK(tabs->currentWidget() != view);
}

TEST_CASE("GIVEN audit entries of every kind the server writes WHEN they are shown THEN the details "
          "read as sentences in the UI language, never as JSON keys",
          "[ui][audit]")
{
    Test::UiServicesFixture f;
    const QHash<QString, QString> names = {{QStringLiteral("wang-id"), QStringLiteral("王芳")},
                                           {QStringLiteral("team-n"), QStringLiteral("North")}};
    const auto detail = [&names](const QString &action, const QString &table, const char *json) {
        AuditEntry entry;
        entry.id = action;
        entry.action = action;
        entry.tableName = table;
        entry.detail = QString::fromUtf8(json);
        Ui::AuditModel model;
        model.setEntries({entry}, names);
        return model.index(0, Ui::AuditModel::DetailColumn).data().toString();
    };
    CHECK(detail(QStringLiteral("role"), QStringLiteral("agents"),
                 R"({"from":"agent","to":"supervisor"})")
          == QStringLiteral("Agent → Supervisor"));
    CHECK(detail(QStringLiteral("team"), QStringLiteral("agents"), R"({"from":null,"to":"team-n"})")
          == QStringLiteral("(none) → North"));
    CHECK(detail(QStringLiteral("release"), QStringLiteral("customers"), R"({"from":"wang-id"})")
          == QStringLiteral("王芳 → the lead pool"));
    CHECK(detail(QStringLiteral("policy"), QStringLiteral("policies"),
                 R"({"key":"pool_claim_cap","from":"20","to":"30"})")
          == QStringLiteral("pool_claim_cap: 20 → 30"));
    CHECK(detail(QStringLiteral("user"), QStringLiteral("agents"), R"({"changed":["name","active"]})")
          == QStringLiteral("changed: name, active"));
    CHECK(detail(QStringLiteral("dnc"), QStringLiteral("dnc_numbers"),
                 R"({"value":"+8613800138000","deleted":0})")
          == QStringLiteral("+8613800138000 added to the list"));
    CHECK(detail(QStringLiteral("merge"), QStringLiteral("customers"),
                 R"({"from":"dup-id","into":"wang-id"})")
          == QStringLiteral("dup-id merged into 王芳"));
    CHECK(detail(QStringLiteral("failed_sign_in"), QStringLiteral("agents"),
                 R"({"login":"wang","reason":"wrong login or password"})")
          == QStringLiteral("as wang: wrong login or password"));
    CHECK(detail(QStringLiteral("sign_in_refused"), QString(), R"({"reason":"disabled"})")
          == QStringLiteral("reason: disabled"));
    CHECK(detail(QStringLiteral("import"), QStringLiteral("import_batches"),
                 R"({"batch":"b1","file":"展会.csv","imported":120,"updated":3,"skipped":2,"failed":1})")
          == QStringLiteral("展会.csv: 120 new, 3 updated, 2 skipped, 1 failed"));

    // The record: its kind, a person or team by name, anything else by the start of its id.
    const auto record = [&names](const QString &table, const QString &rowId) {
        AuditEntry entry;
        entry.id = QStringLiteral("r");
        entry.action = QStringLiteral("delete");
        entry.tableName = table;
        entry.rowId = rowId;
        Ui::AuditModel model;
        model.setEntries({entry}, names);
        return model.index(0, Ui::AuditModel::RecordColumn).data().toString();
    };
    CHECK(record(QStringLiteral("agents"), QStringLiteral("wang-id")) == QStringLiteral("user 王芳"));
    CHECK(record(QStringLiteral("customers"), QStringLiteral("0123456789abcdef"))
          == QStringLiteral("customer 01234567"));
    CHECK(record(QStringLiteral("dnc_numbers"), QString()) == QStringLiteral("do-not-call list"));
    CHECK(record(QStringLiteral("import_batches"), QStringLiteral("0123456789abcdef"))
          == QStringLiteral("import batch 01234567"));
}
