#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "ui/customerlistmodel.h"
#include "ui/customerpanel.h"
#include "ui/mainwindow.h"
#include "ui/timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Leadline;

namespace {

struct Fixture : Leadline::Test::UiServicesFixture
{
    Fixture()
    {
        (void)reference.ensureDefaultDispositions();
    }

    QString addCustomer(const QString &name, const QString &company, const QString &phone)
    {
        Customer c;
        c.name = name;
        c.company = company;
        Contact contact;
        contact.name = name;
        contact.phones = {{QString(), phone, QStringLiteral("手机")}};
        c.contacts = {contact};
        return customers.create(c).value();
    }
};

} // namespace

TEST_CASE("GIVEN a workspace with customers WHEN the main window opens THEN the list and the 360 view show them", "[ui]")
{
    Fixture f;
    const QString first = f.addCustomer(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), QStringLiteral("13800138000"));
    f.addCustomer(QStringLiteral("李娜"), QStringLiteral("上海云帆贸易有限公司"), QStringLiteral("13912345678"));
    Note note;
    note.customerId = first;
    note.body = QStringLiteral("客户希望下周演示");
    REQUIRE(f.activities.addNote(note).ok());

    Ui::MainWindow window(f.services);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));

    auto *list = window.findChild<QTableView *>(QStringLiteral("customerList"));
    REQUIRE(list);
    REQUIRE(QTest::qWaitFor([&] { return list->model()->rowCount() == 2; })); // searched off the UI thread
    QAbstractItemModelTester tester(list->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    auto *search = window.findChild<QLineEdit *>(QStringLiteral("customerSearch"));
    REQUIRE(search);
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    CHECK(search->hasFocus());
    search->insert(QStringLiteral("星河")); // QTest types ASCII only; insert() edits like typing
    QTest::keyClick(search, Qt::Key_Return);
    auto *name = window.findChild<QLabel *>(QStringLiteral("customerName"));
    REQUIRE(name);
    REQUIRE(QTest::qWaitFor([&] { return list->model()->rowCount() == 1; }));
    CHECK(list->model()->index(0, 0).data().toString() == QStringLiteral("王建国"));
    // An agent sees the number masked, in the list and in the 360 view.
    CHECK(list->model()->index(0, 2).data().toString() == QStringLiteral("138****8000"));
    auto *contacts = window.findChild<QLabel *>(QStringLiteral("customerContacts"));
    REQUIRE(contacts);
    CHECK(contacts->text().contains(QStringLiteral("138****8000")));
    CHECK_FALSE(contacts->text().contains(QStringLiteral("138 0013 8000")));
    CHECK(name->text() == QStringLiteral("王建国"));
    auto *timeline = window.findChild<QListView *>(QStringLiteral("timeline"));
    REQUIRE(timeline);
    REQUIRE(timeline->model()->rowCount() == 1);
    CHECK(timeline->model()->index(0, 0).data().toString().contains(QStringLiteral("客户希望下周演示")));
}

TEST_CASE("GIVEN a customer WHEN the agent types a note and presses Enter THEN it is on the timeline", "[ui]")
{
    Fixture f;
    const QString id = f.addCustomer(QStringLiteral("赵敏"), QStringLiteral("杭州远景软件"), QStringLiteral("13700001111"));
    Ui::CustomerPanel panel(f.services);
    panel.showCustomer(id);
    panel.show();
    auto *noteEdit = panel.findChild<QLineEdit *>(QStringLiteral("noteEdit"));
    REQUIRE(noteEdit);
    noteEdit->insert(QStringLiteral("已加微信"));
    QTest::keyClick(noteEdit, Qt::Key_Return);
    CHECK(noteEdit->text().isEmpty());
    REQUIRE(panel.timeline()->rowCount() == 1);
    CHECK(panel.timeline()->index(0).data(Ui::TimelineModel::DetailRole).toString() == QStringLiteral("已加微信"));
    QAbstractItemModelTester tester(panel.timeline(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

TEST_CASE("GIVEN the agent left the window on a work tab WHEN it opens again THEN that tab is current", "[ui]")
{
    Fixture f;
    QSettings().setValue(QStringLiteral("window/workTab"), QStringLiteral("secondTab"));
    {
        Ui::MainWindow window(f.services);
        auto *first = new QWidget;
        first->setObjectName(QStringLiteral("firstTab"));
        first->setWindowTitle(QStringLiteral("First"));
        auto *second = new QWidget;
        second->setObjectName(QStringLiteral("secondTab"));
        second->setWindowTitle(QStringLiteral("Second"));
        window.addWorkTab(first, QKeySequence(Qt::Key_F7));
        window.addWorkTab(second, QKeySequence(Qt::Key_F8));
        CHECK(window.workTabs()->currentWidget() == second);

        window.show();
        window.workTabs()->setCurrentWidget(first);
        window.close();
    }
    CHECK(QSettings().value(QStringLiteral("window/workTab")).toString() == QStringLiteral("firstTab"));
    QSettings().remove(QStringLiteral("window"));
}

TEST_CASE("GIVEN a signed-in user WHEN the main window shows THEN its title names them, their role and the workspace, and follows a change of role", "[ui]")
{
    Leadline::Test::UiServicesFixture f;
    f.services.workspacePath = QStringLiteral("/home/agent/华东组.leadline");
    Ui::MainWindow window(f.services);
    CHECK(window.windowTitle() == QStringLiteral("Leadline — 张伟 (agent) · 华东组.leadline"));
    f.setRole(QStringLiteral("supervisor")); // as a pull of the agents table would
    f.workspace.store().noteChange(QStringLiteral("agents"));
    CHECK(window.windowTitle() == QStringLiteral("Leadline — 张伟 (supervisor) · 华东组.leadline"));
    f.setRole(QStringLiteral("admin"));
    f.workspace.store().noteChange(QStringLiteral("agents"));
    CHECK(window.windowTitle() == QStringLiteral("Leadline — 张伟 (administrator) · 华东组.leadline"));
}
