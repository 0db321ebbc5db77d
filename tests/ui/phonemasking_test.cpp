#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/customerrepository.h"
#include "core/storage/localstore.h"
#include "core/reference/referencerepository.h"
#include "ui/customerlistview.h"
#include "ui/mainwindow.h"

#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace Leadline;

TEST_CASE("GIVEN a new workspace whose list masks phone numbers WHEN the first sync signs in a "
          "supervisor THEN the list shows the numbers in full, like the 360 view",
          "[ui][sync]")
{
    Leadline::Test::UiServicesFixture f;
    Customer c;
    c.name = QStringLiteral("王建国");
    Contact contact;
    contact.name = c.name;
    contact.phones = {{QString(), QStringLiteral("13800138000"), QStringLiteral("手机")}};
    c.contacts = {contact};
    REQUIRE(f.customers.create(c).ok());
    f.workspace.store().setCurrentAgentId(QString()); // a new workspace: nobody signed in yet

    Ui::MainWindow window(f.services);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    auto *list = window.findChild<QTableView *>(QStringLiteral("customerList"));
    REQUIRE(list);
    REQUIRE(QTest::qWaitFor([&] { return list->model()->rowCount() == 1; }));
    // Nobody signed in counts as an agent: masked.
    CHECK(list->model()->index(0, 2).data().toString() == QStringLiteral("138****8000"));

    // The first sync brings the agents down and signs this workspace in as a supervisor; the
    // change bus tells the windows, with no relay in between.
    Agent supervisor;
    supervisor.id = QStringLiteral("sup-1");
    supervisor.login = QStringLiteral("zhang.li");
    supervisor.name = QStringLiteral("张丽");
    supervisor.role = QStringLiteral("supervisor");
    REQUIRE(f.reference.addAgent(supervisor).ok());
    f.workspace.store().setCurrentAgentId(supervisor.id);

    REQUIRE(QTest::qWaitFor([&] {
        return list->model()->index(0, 2).data().toString() == QStringLiteral("138 0013 8000");
    }));
    window.openCustomer(window.customerList()->currentCustomerId());
    auto *contacts = window.findChild<QLabel *>(QStringLiteral("customerContacts"));
    REQUIRE(contacts);
    CHECK(contacts->text().contains(QStringLiteral("138 0013 8000")));
}
