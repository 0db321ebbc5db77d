#include "core/storage/changewriter.h"
#include "tests/support/testworkspace.h"
#include "ui/conflictsview.h"
#include "ui/offlinebanner.h"
#include "ui/syncstatuswidget.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QPushButton>
#include <QSqlQuery>
#include <QAbstractItemModelTester>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace Leadline;
using namespace Leadline::Ui;

TEST_CASE("the sync indicator shows state, pending changes, last sync and conflicts", "[sync]")
{
    GIVEN("an online status with two pending changes and one conflict")
    {
        SyncStatusWidget widget;
        SyncStatus status;
        status.state = SyncStatus::State::Online;
        status.pending = 2;
        status.conflicts = 1;
        status.lastSync = QDateTime(QDate(2026, 3, 2), QTime(14, 2));
        WHEN("it is shown")
        {
            widget.setStatus(status);
            widget.show();
            THEN("the text says so and the conflicts button appears")
            {
                CHECK(widget.text() == QStringLiteral("Online · 2 change(s) pending · last sync 2:02 PM"));
                auto *conflicts = widget.findChild<QToolButton *>(QStringLiteral("syncConflicts"));
                REQUIRE(conflicts);
                CHECK(conflicts->isVisible());
                CHECK(conflicts->text() == QStringLiteral("1 conflict(s)"));
            }
        }
        WHEN("the server goes away")
        {
            status.state = SyncStatus::State::Offline;
            status.retryInMs = 7200;
            status.conflicts = 0;
            widget.setStatus(status);
            widget.show();
            THEN("it says offline and when it retries")
            {
                CHECK(widget.text().startsWith(QStringLiteral("Offline, retrying in 8 s · 2 change(s) pending")));
                CHECK_FALSE(widget.findChild<QToolButton *>(QStringLiteral("syncConflicts"))->isVisible());
            }
        }
        WHEN("the server refuses this client (a newer schema) and a change was refused")
        {
            status.state = SyncStatus::State::Refused;
            status.message = QStringLiteral("server schema 7, this client supports up to 6: please update");
            status.rejected = 1;
            status.feedWaiting = true;
            widget.setStatus(status);
            widget.show();
            THEN("it says sync stopped, why in the tooltip, and what was refused")
            {
                CHECK(widget.text() == QStringLiteral("Sync stopped · 2 change(s) pending · last sync "
                                                      "2:02 PM · 1 change(s) refused · server changes delayed"));
                auto *text = widget.findChild<QLabel *>(QStringLiteral("syncStatusText"));
                REQUIRE(text);
                CHECK(text->toolTip().contains(QStringLiteral("please update")));
                auto *syncNow = widget.findChild<QWidget *>(QStringLiteral("syncNow"));
                REQUIRE(syncNow);
                CHECK(syncNow->isEnabled()); // the user may try again after updating
            }
        }
    }
}

TEST_CASE("the offline banner shows only while offline or refused", "[sync]")
{
    QWidget window;
    auto *banner = new OfflineBanner(&window);
    window.show();
    SyncStatus status;
    status.state = SyncStatus::State::Offline;
    status.pending = 3;
    banner->setStatus(status);
    CHECK(banner->isVisible());
    CHECK(banner->findChild<QLabel *>(QStringLiteral("offlineBannerText"))->text().contains(QStringLiteral("3 change(s)")));
    status.state = SyncStatus::State::Online;
    banner->setStatus(status);
    CHECK_FALSE(banner->isVisible());
}

TEST_CASE("keep mine in the conflicts view puts my replaced value back", "[sync]")
{
    Test::TestWorkspace workspace;
    ChangeWriter writer(workspace.store());
    auto id = writer.insert(QStringLiteral("customers"),
                            {{QStringLiteral("name"), QStringLiteral("星河科技")},
                             {QStringLiteral("intent"), QStringLiteral("低")},
                             {QStringLiteral("created_at"), 1}});
    REQUIRE(id);
    QSqlQuery query(workspace.store().database());
    query.prepare(QStringLiteral("INSERT INTO conflicts(table_name, row_id, field, mine, theirs, "
                                 "their_agent_id, at) VALUES('customers', ?, 'intent', '高', '低', 'a2', 5)"));
    query.addBindValue(*id);
    REQUIRE(query.exec());
    REQUIRE(query.exec(QStringLiteral(
        "INSERT INTO outbox_rejected(mutation_id, table_name, row_id, op, base_row_version, fields, "
        "created_at, reason, rejected_at) VALUES('m9', 'dispositions', 'd1', 'update', 1, '{}', 1, "
        "'you may not change this record', 2)")));

    ConflictLog log(workspace.store());
    ConflictsView view(log);
    auto *rejected = view.findChild<QTableWidget *>(QStringLiteral("rejectedTable"));
    REQUIRE(rejected);
    REQUIRE(rejected->rowCount() == 1);
    CHECK(rejected->item(0, 2)->text() == QStringLiteral("you may not change this record"));
    view.show();
    auto *table = view.findChild<QTableView *>(QStringLiteral("conflictsTable"));
    REQUIRE(table);
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QAbstractItemModel &model = *table->model();
    REQUIRE(model.rowCount() == 1);
    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Intent")); // the field catalogue's label
    CHECK(model.index(0, 1).data().toString() == QStringLiteral("High")); // 高, in the UI language
    CHECK(model.index(0, 2).data().toString() == QStringLiteral("Low"));  // 低
    CHECK(model.headerData(1, Qt::Horizontal).toString() == QStringLiteral("Your value (replaced)"));
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("keepMine")), Qt::LeftButton);
    CHECK(model.rowCount() == 0);
    CHECK(workspace.rowCount(QStringLiteral("customers"), QStringLiteral("intent = '高'")) == 1);
    CHECK(workspace.rowCount(QStringLiteral("conflicts"), QStringLiteral("resolved = 0")) == 0);
}
