#include "core/storage/changewriter.h"
#include "tests/support/testworkspace.h"
#include "ui/conflictsview.h"
#include "ui/offlinebanner.h"
#include "ui/syncstatuswidget.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QPushButton>
#include <QSqlQuery>
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
    auto *table = view.findChild<QTableWidget *>(QStringLiteral("conflictsTable"));
    REQUIRE(table);
    REQUIRE(table->rowCount() == 1);
    CHECK(table->item(0, 0)->text() == QStringLiteral("Intent level"));
    CHECK(table->item(0, 1)->text() == QStringLiteral("High")); // 高, shown in the UI language
    CHECK(table->item(0, 2)->text() == QStringLiteral("Low"));  // 低
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("keepMine")), Qt::LeftButton);
    CHECK(table->rowCount() == 0);
    CHECK(workspace.rowCount(QStringLiteral("customers"), QStringLiteral("intent = '高'")) == 1);
    CHECK(workspace.rowCount(QStringLiteral("conflicts"), QStringLiteral("resolved = 0")) == 0);
}
