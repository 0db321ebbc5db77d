#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/customerrepository.h"
#include "core/storage/localstore.h"
#include "core/reference/referencerepository.h"
#include "ui/customereditor.h"
#include "ui/customerlistview.h"
#include "ui/mainwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
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

TEST_CASE("GIVEN an agent editing his customer WHEN the editor opens THEN the numbers are masked "
          "and the owner cannot be changed; saving keeps the numbers he did not touch; a "
          "supervisor sees them in full and may change the owner",
          "[ui][editor][permissions]")
{
    Leadline::Test::UiServicesFixture f;
    Agent agent;
    agent.login = QStringLiteral("wang");
    agent.name = QStringLiteral("王芳");
    agent.role = QStringLiteral("agent");
    const QString agentId = f.reference.addAgent(agent).value();
    Agent supervisor;
    supervisor.login = QStringLiteral("li");
    supervisor.name = QStringLiteral("李主管");
    supervisor.role = QStringLiteral("supervisor");
    const QString supervisorId = f.reference.addAgent(supervisor).value();
    f.workspace.store().setCurrentAgentId(agentId);

    Customer c;
    c.name = QStringLiteral("王建国");
    c.ownerId = agentId;
    Contact contact;
    contact.name = c.name;
    contact.phones = {{QString(), QStringLiteral("13800138000"), QStringLiteral("手机")}};
    c.contacts = {contact};
    const QString id = f.customers.create(c).value();

    {
        Ui::CustomerEditor editor(f.services);
        editor.setCustomer(f.customers.load(id).value());
        editor.show();
        auto *contacts = editor.findChild<QTableWidget *>(QStringLiteral("contactsTable"));
        auto *owner = editor.findChild<QComboBox *>(QStringLiteral("ownerEdit"));
        REQUIRE(contacts);
        REQUIRE(owner);
        CHECK(contacts->item(0, 3)->text() == QStringLiteral("138****8000"));
        CHECK_FALSE(owner->isEnabled());
        CHECK(owner->toolTip() == QStringLiteral("Only supervisors can change a customer's owner."));

        // He adds a second number and saves: the masked one stays as stored.
        contacts->item(0, 3)->setText(QStringLiteral("138****8000; 139 1234 5678"));
        QSignalSpy saved(&editor, &Ui::CustomerEditor::customerSaved);
        editor.findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
        REQUIRE(saved.count() == 1);
        const Customer stored = f.customers.load(id).value();
        QStringList phones;
        for (const ContactPhone &phone : stored.contacts.first().phones)
            phones.append(phone.e164 + QLatin1Char('/') + phone.label);
        phones.sort();
        CHECK(phones.join(QLatin1Char(',')).toStdString() == "+8613800138000/手机,+8613912345678/");
        CHECK(stored.ownerId == agentId);
    }

    f.workspace.store().setCurrentAgentId(supervisorId);
    Ui::CustomerEditor editor(f.services);
    editor.setCustomer(f.customers.load(id).value());
    auto *contacts = editor.findChild<QTableWidget *>(QStringLiteral("contactsTable"));
    auto *owner = editor.findChild<QComboBox *>(QStringLiteral("ownerEdit"));
    CHECK(contacts->item(0, 3)->text().toStdString() == "139 1234 5678; 138 0013 8000");
    CHECK(owner->isEnabled());
    owner->setCurrentIndex(owner->findData(supervisorId));
    QSignalSpy saved(&editor, &Ui::CustomerEditor::customerSaved);
    editor.findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
    REQUIRE(saved.count() == 1);
    CHECK(f.customers.load(id)->ownerId == supervisorId);
}
