#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "tests/support/uiservicesfixture.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/storage/searchindex.h"
#include "ui/customereditor.h"
#include "ui/customerlistmodel.h"
#include "ui/customerlistview.h"
#include "ui/customerpanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

struct ListFixture : Leadline::Test::UiServicesFixture
{
    ListFixture() { services.merger = &merger; }

    QString add(const QString &name, const QString &phone, int score = 0,
                const QString &intent = QStringLiteral("无"))
    {
        Customer c;
        c.name = name;
        c.score = score;
        c.intent = intent;
        Contact contact;
        contact.name = name;
        contact.phones = {{QString(), phone, QStringLiteral("手机")}};
        c.contacts = {contact};
        return customers.create(c).value();
    }
};

QStringList column(const QAbstractItemModel *model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->index(row, column).data().toString());
    return values;
}

bool settled(const Ui::CustomerListModel *model)
{
    return QTest::qWaitFor([model] { return !model->isSearching(); });
}

} // namespace

TEST_CASE("GIVEN 450 customers WHEN the list scrolls, sorts and searches THEN the model stays consistent", "[ui][list]")
{
    ListFixture f;
    for (int i = 0; i < 450; ++i)
        f.add(QStringLiteral("客户%1").arg(i, 3, 10, QLatin1Char('0')),
              QStringLiteral("1380000%1").arg(i, 4, 10, QLatin1Char('0')), i % 100);
    Ui::CustomerListModel model(f.services.workspacePath, f.workspace.clock());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy finished(&model, &Ui::CustomerListModel::searchFinished);

    model.setQuery({});
    REQUIRE(settled(&model));
    CHECK(model.rowCount() == 200); // one page
    CHECK(model.totalCount() == 450);
    // Scrolling to the end fetches the next pages (the tester may ask for one itself).
    REQUIRE(QTest::qWaitFor([&] {
        if (model.canFetchMore({}))
            model.fetchMore({});
        return model.rowCount() == 450;
    }));
    CHECK_FALSE(model.canFetchMore({}));
    CHECK(model.index(449, 0).data().toString() == QStringLiteral("客户400")); // score 0, name last

    model.sort(Ui::CustomerListModel::NameColumn, Qt::DescendingOrder);
    REQUIRE(settled(&model));
    CHECK(model.index(0, Ui::CustomerListModel::NameColumn).data().toString() == QStringLiteral("客户449"));
    model.sort(Ui::CustomerListModel::ScoreColumn, Qt::AscendingOrder);
    REQUIRE(settled(&model));
    CHECK(model.index(0, Ui::CustomerListModel::ScoreColumn).data().toInt() == 0);

    // Typing fast: only the last query's answer is shown.
    model.sort(-1);
    model.setQuery(QStringLiteral("客户1"));
    model.setQuery(QStringLiteral("客户12"));
    model.setQuery(QStringLiteral("客户123"));
    REQUIRE(settled(&model));
    CHECK(column(&model, Ui::CustomerListModel::NameColumn) == QStringList{QStringLiteral("客户123")});
    CHECK(finished.count() >= 1);
}

TEST_CASE("GIVEN the customer list WHEN the agent types digits and presses Enter THEN the customer opens", "[ui][list]")
{
    ListFixture f;
    const QString wang = f.add(QStringLiteral("王建国"), QStringLiteral("13800138000"), 40);
    f.add(QStringLiteral("李娜"), QStringLiteral("010-8888 8000"), 90);
    f.add(QStringLiteral("张伟"), QStringLiteral("13912345678"), 60, QStringLiteral("高"));
    Ui::CustomerListView view(f.services);
    view.show();
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("customerSearch"));
    auto *table = view.findChild<QTableView *>(QStringLiteral("customerList"));
    REQUIRE(search);
    REQUIRE(table);
    REQUIRE(settled(view.model()));
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("李娜"), QStringLiteral("张伟"), QStringLiteral("王建国")});

    QSignalSpy opened(&view, &Ui::CustomerListView::customerOpened);
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("138 0013 8000"));
    QTest::keyClick(search, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return opened.count() == 1; }));
    CHECK(opened.first().first().toString() == wang);
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("王建国")});

    // Last four digits: two customers; Down then Enter opens the second.
    search->clear();
    QTest::keyClicks(search, QStringLiteral("8000"));
    QTest::keyClick(search, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return opened.count() == 2; }));
    CHECK(table->model()->rowCount() == 2);
    QTest::keyClick(search, Qt::Key_Down);
    CHECK(table->hasFocus());
    QTest::keyClick(table, Qt::Key_Down);
    QTest::keyClick(table, Qt::Key_Return);
    REQUIRE(opened.count() == 3);
    CHECK(opened.last().first().toString() == view.model()->customerId(1));

    // Header click sorts: score descending first, then ascending.
    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
    REQUIRE(QTest::qWaitFor([&] { return table->model()->rowCount() == 3; }));
    const int scoreX = table->horizontalHeader()->sectionViewportPosition(Ui::CustomerListModel::ScoreColumn) + 5;
    QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(scoreX, 5));
    REQUIRE(settled(view.model()));
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("李娜"), QStringLiteral("张伟"), QStringLiteral("王建国")});
    QTest::mouseClick(table->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(scoreX, 5));
    REQUIRE(settled(view.model()));
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("王建国"), QStringLiteral("张伟"), QStringLiteral("李娜")});

    // The intent filter.
    auto *intent = view.findChild<QComboBox *>(QStringLiteral("intentFilter"));
    REQUIRE(intent);
    intent->setCurrentIndex(intent->findData(QStringLiteral("高")));
    REQUIRE(QTest::qWaitFor([&] { return table->model()->rowCount() == 1; }));
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("张伟")});
    // Chinese typed (insert() edits like typing) narrows within the filter.
    intent->setCurrentIndex(0);
    search->insert(QStringLiteral("建"));
    CHECK(QTest::qWaitFor([&] { return column(table->model(), 0) == QStringList{QStringLiteral("王建国")}; }));
}

TEST_CASE("GIVEN the editor WHEN a field is wrong THEN the message shows next to it; Ctrl+S saves, Esc cancels", "[ui][editor]")
{
    ListFixture f;
    const QString wang = f.add(QStringLiteral("王建国"), QStringLiteral("13800138000"));
    Ui::CustomerEditor editor(f.services);
    editor.setCustomer({});
    editor.show();
    editor.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&editor)); // Ctrl+S is a window shortcut
    QSignalSpy saved(&editor, &Ui::CustomerEditor::customerSaved);

    auto *email = editor.findChild<QLineEdit *>(QStringLiteral("emailEdit"));
    auto *nameError = editor.findChild<QLabel *>(QStringLiteral("nameError"));
    auto *emailError = editor.findChild<QLabel *>(QStringLiteral("emailError"));
    REQUIRE(email);
    REQUIRE(nameError);
    REQUIRE(emailError);
    QTest::keyClicks(email, QStringLiteral("wang@"));
    QTest::keyClick(&editor, Qt::Key_S, Qt::ControlModifier);
    CHECK(saved.isEmpty());
    CHECK(nameError->isVisibleTo(&editor));
    CHECK(nameError->text() == QStringLiteral("Name is required."));
    CHECK(emailError->text().contains(QStringLiteral("wang@")));

    // A phone typed for the contact shows the customer who already has it.
    auto *contacts = editor.findChild<QTableWidget *>(QStringLiteral("contactsTable"));
    auto *duplicates = editor.findChild<QListWidget *>(QStringLiteral("duplicateList"));
    REQUIRE(contacts);
    REQUIRE(duplicates);
    contacts->item(0, 3)->setText(QStringLiteral("+86 138-0013-8000"));
    REQUIRE(QTest::qWaitFor([&] { return duplicates->count() == 1; }));
    CHECK(duplicates->item(0)->text().startsWith(QStringLiteral("王建国")));
    CHECK(duplicates->item(0)->data(Qt::UserRole).toString() == wang);

    contacts->item(0, 3)->setText(QStringLiteral("139 1234 5678; 010 8888 8000"));
    contacts->item(0, 0)->setText(QStringLiteral("赵敏"));
    auto *name = editor.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    name->insert(QStringLiteral("赵敏"));
    email->clear();
    QTest::keyClicks(email, QStringLiteral("zhao@yuanjing.com"));
    QTest::keyClick(&editor, Qt::Key_S, Qt::ControlModifier);
    REQUIRE(saved.count() == 1);
    CHECK(editor.result() == QDialog::Accepted);
    const Customer stored = f.customers.load(saved.first().first().toString()).value();
    CHECK(stored.name == QStringLiteral("赵敏"));
    CHECK(stored.email == QStringLiteral("zhao@yuanjing.com"));
    CHECK(stored.allPhones() == QStringList{QStringLiteral("+861088888000"), QStringLiteral("+8613912345678")});

    Ui::CustomerEditor cancelled(f.services);
    cancelled.setCustomer(f.customers.load(wang).value());
    cancelled.show();
    cancelled.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("改名"));
    QTest::keyClick(&cancelled, Qt::Key_Escape);
    CHECK(cancelled.result() == QDialog::Rejected);
    CHECK(f.customers.load(wang)->name == QStringLiteral("王建国"));
}

TEST_CASE("GIVEN a supervisor editing a customer WHEN a duplicate is merged in and undone THEN both come back", "[ui][editor]")
{
    ListFixture f;
    Agent boss;
    boss.login = QStringLiteral("boss");
    boss.name = QStringLiteral("主管");
    boss.role = QStringLiteral("supervisor");
    f.workspace.store().setCurrentAgentId(f.reference.addAgent(boss).value());
    const QString keep = f.add(QStringLiteral("王建国"), QStringLiteral("13800138000"));
    const QString dup = f.add(QStringLiteral("王建国2"), QStringLiteral("+86 138 0013 8000"));

    Ui::CustomerPanel panel(f.services);
    panel.showCustomer(keep);
    panel.show();
    panel.editCustomer(); // Ctrl+E in the main window
    auto *editor = panel.findChild<Ui::CustomerEditor *>();
    REQUIRE(editor);
    auto *duplicates = editor->findChild<QListWidget *>(QStringLiteral("duplicateList"));
    auto *merge = editor->findChild<QPushButton *>(QStringLiteral("mergeButton"));
    auto *undo = editor->findChild<QPushButton *>(QStringLiteral("undoMergeButton"));
    REQUIRE(duplicates->count() == 1); // the same number, typed differently
    CHECK(merge->isVisibleTo(editor));
    duplicates->setCurrentRow(0);
    QTest::mouseClick(merge, Qt::LeftButton);
    CHECK(f.customers.load(dup).error().missing);
    CHECK(f.customers.load(keep)->contacts.size() == 2);
    REQUIRE(undo->isVisibleTo(editor));
    QTest::mouseClick(undo, Qt::LeftButton);
    CHECK(f.customers.load(dup).ok());
    CHECK(f.customers.load(keep)->contacts.size() == 1);
    CHECK_FALSE(undo->isVisibleTo(editor));
}

TEST_CASE("GIVEN the customer list WHEN the agent types THEN each key searches at once and the first match of what was typed opens", "[ui][list]")
{
    ListFixture f;
    f.add(QStringLiteral("王芳"), QStringLiteral("13700137000"), 90);
    const QString jianguo = f.add(QStringLiteral("王建国"), QStringLiteral("13800138000"), 40);
    f.add(QStringLiteral("李娜"), QStringLiteral("010-8888 8000"), 60);
    Ui::CustomerListView view(f.services);
    view.show();
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("customerSearch"));
    REQUIRE(search);
    REQUIRE(settled(view.model()));
    QSignalSpy selected(&view, &Ui::CustomerListView::customerSelected);

    // No pause is waited for: the key itself sends the search to the search thread.
    search->setFocus();
    const auto type = [search](const QString &character) { // a key that types a Chinese character
        QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, character);
        QApplication::sendEvent(search, &press);
    };
    type(QStringLiteral("王"));
    CHECK(view.model()->text() == QStringLiteral("王"));
    CHECK(view.model()->isSearching());
    type(QStringLiteral("建"));
    CHECK(view.model()->text() == QStringLiteral("王建"));
    REQUIRE(settled(view.model()));
    CHECK(column(view.model(), 0) == QStringList{QStringLiteral("王建国")});
    // The 360 view follows the first match of what was typed, once.
    REQUIRE(QTest::qWaitFor([&] { return selected.count() >= 1; }));
    QTest::qWait(50);
    REQUIRE(selected.count() == 1);
    CHECK(selected.first().first().toString() == jianguo);
}

TEST_CASE("GIVEN a first sync still building the search index WHEN the agent types THEN the rows "
          "are found and the count says the index is being built",
          "[ui][list]")
{
    ListFixture f;
    f.add(QStringLiteral("王建国"), QStringLiteral("13800138000"));
    f.add(QStringLiteral("李娜"), QStringLiteral("010-8888 8000"));
    REQUIRE(SearchIndex::pause(f.workspace.store()));
    QSqlQuery empty(f.workspace.store().database());
    REQUIRE(empty.exec(QStringLiteral("DELETE FROM customer_fts")));
    REQUIRE(empty.exec(QStringLiteral("DELETE FROM customer_grams")));
    Ui::CustomerListView view(f.services);
    view.show();
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("customerSearch"));
    auto *table = view.findChild<QTableView *>(QStringLiteral("customerList"));
    auto *count = view.findChild<QLabel *>(QStringLiteral("customerCount"));
    REQUIRE(search);
    REQUIRE(table);
    REQUIRE(count);
    REQUIRE(settled(view.model()));
    CHECK_FALSE(count->text().contains(QStringLiteral("index"))); // the whole list: nothing to say

    search->setFocus();
    search->insert(QStringLiteral("建")); // as an input method commits it
    REQUIRE(QTest::qWaitFor([&] { return column(table->model(), 0) == QStringList{QStringLiteral("王建国")}; }));
    REQUIRE(settled(view.model()));
    CHECK(count->text().contains(QStringLiteral("search index being built")));
    // and digits inside a number
    search->clear();
    QTest::keyClicks(search, QStringLiteral("8888"));
    REQUIRE(QTest::qWaitFor([&] { return column(table->model(), 0) == QStringList{QStringLiteral("李娜")}; }));

    // WHEN the index is built and the sync announces it, the note goes
    REQUIRE(SearchIndex::rebuild(f.workspace.store()));
    view.model()->refresh();
    REQUIRE(settled(view.model()));
    CHECK(QTest::qWaitFor([&] { return !count->text().contains(QStringLiteral("index")); }));
    CHECK(column(table->model(), 0) == QStringList{QStringLiteral("李娜")});
}
