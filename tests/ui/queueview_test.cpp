#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/leadpool.h"
#include "core/reference/referencerepository.h"
#include "core/queue/todoservice.h"
#include "ui/poolmodel.h"
#include "ui/poolview.h"
#include "ui/queuemodel.h"
#include "ui/queueview.h"

#include <QLabel>
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Leadline;

namespace {

constexpr qint64 minute = 60 * 1000;

struct Fixture : Leadline::Test::UiServicesFixture
{
    QString addCustomer(const QString &name, const QString &owner = QStringLiteral("agent-me"))
    {
        Customer c;
        c.name = name;
        c.ownerId = owner;
        return customers.create(c).value();
    }

    QString addTodo(const QString &title, qint64 dueAt, const QString &customerId)
    {
        Todo todo;
        todo.title = title;
        todo.dueAt = dueAt;
        todo.customerId = customerId;
        return todos.add(todo).value();
    }

    bool isCompleted(const QString &todoId)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(QStringLiteral("SELECT completed_at IS NOT NULL FROM todos WHERE id = ?"));
        query.addBindValue(todoId);
        return query.exec() && query.next() && query.value(0).toBool();
    }
};

void showActive(QWidget &widget)
{
    widget.resize(900, 500);
    widget.show();
    widget.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&widget));
}

} // namespace

TEST_CASE("GIVEN my queue WHEN I press J, C and Enter THEN the next todo is completed and Enter opens the customer", "[ui][queue]")
{
    Fixture f;
    const QString late = f.addCustomer(QStringLiteral("李晓明"));
    const QString soon = f.addCustomer(QStringLiteral("张伟"));
    const qint64 now = f.workspace.clock().nowMs();
    const QString overdue = f.addTodo(QStringLiteral("Call back about the quote"), now - 30 * minute, late);
    const QString today = f.addTodo(QStringLiteral("Send the contract"), now + 120 * minute, soon);

    Ui::QueueView view(f.services);
    showActive(view);
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("queueTree"));
    REQUIRE(tree);
    QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto cell = [tree](int column) {
        return tree->currentIndex().siblingAtColumn(column).data().toString();
    };
    tree->setFocus();
    CHECK(view.windowTitle() == QStringLiteral("My queue"));
    CHECK(view.findChild<QLabel *>(QStringLiteral("queueSummary"))->text()
          == QStringLiteral("1 overdue · 1 today · 0 upcoming"));
    // Three sections with their counts; the overdue row comes first, in red, with how late it is.
    const QAbstractItemModel &model = *tree->model();
    REQUIRE(model.rowCount() == 3);
    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Overdue (1)"));
    CHECK(model.index(1, 0).data().toString() == QStringLiteral("Due today (1)"));
    CHECK(model.index(2, 0).data().toString() == QStringLiteral("Upcoming (0)"));
    CHECK_FALSE(model.flags(model.index(0, 0)).testFlag(Qt::ItemIsSelectable));
    CHECK(model.headerData(Ui::QueueModel::TaskColumn, Qt::Horizontal).toString() == QStringLiteral("Task"));
    REQUIRE(tree->currentIndex().isValid());
    CHECK(cell(Ui::QueueModel::TaskColumn) == QStringLiteral("Call back about the quote"));
    CHECK(cell(Ui::QueueModel::WhenColumn) == QStringLiteral("30 min late"));
    CHECK(cell(Ui::QueueModel::CustomerColumn) == QStringLiteral("李晓明"));
    CHECK(cell(Ui::QueueModel::PriorityColumn) == QStringLiteral("Normal"));
    CHECK(tree->currentIndex().data(Qt::ForegroundRole).value<QColor>() == QColor(0xc6, 0x28, 0x28));
    CHECK(tree->currentIndex().data(Ui::QueueModel::TodoIdRole).toString() == overdue);

    QSignalSpy opened(&view, &Ui::QueueView::customerOpened);
    QTest::keyClick(tree, Qt::Key_J);
    CHECK(cell(Ui::QueueModel::TaskColumn) == QStringLiteral("Send the contract"));
    CHECK_FALSE(tree->currentIndex().data(Qt::ForegroundRole).isValid());
    // K goes back, J again forward; the section rows are skipped.
    QTest::keyClick(tree, Qt::Key_K);
    CHECK(cell(Ui::QueueModel::TaskColumn) == QStringLiteral("Call back about the quote"));
    QTest::keyClick(tree, Qt::Key_J);
    QTest::keyClick(tree, Qt::Key_Return);
    REQUIRE(opened.size() == 1);
    CHECK(opened.at(0).at(0).toString() == soon);

    QTest::keyClick(tree, Qt::Key_C);
    CHECK(f.isCompleted(today));
    CHECK_FALSE(f.isCompleted(overdue));
    CHECK(view.findChild<QLabel *>(QStringLiteral("queueSummary"))->text()
          == QStringLiteral("1 overdue · 0 today · 0 upcoming"));

    // The queue moved on to the remaining todo; C completes it too.
    REQUIRE(tree->currentIndex().isValid());
    CHECK(cell(Ui::QueueModel::TaskColumn) == QStringLiteral("Call back about the quote"));
    QTest::keyClick(tree, Qt::Key_C);
    CHECK(f.isCompleted(overdue));
    CHECK(view.selectedTodoIds().isEmpty());
    CHECK(f.workspace.rowCount(QStringLiteral("outbox"),
                               QStringLiteral("table_name = 'todos' AND op = 'update'")) == 2);
}

TEST_CASE("GIVEN two todos selected WHEN I pick snooze 1 hour from the keyboard THEN both move", "[ui][queue]")
{
    Fixture f;
    const QString customer = f.addCustomer(QStringLiteral("王芳"));
    const qint64 now = f.workspace.clock().nowMs();
    f.addTodo(QStringLiteral("first"), now - 5 * minute, customer);
    f.addTodo(QStringLiteral("second"), now - 4 * minute, customer);

    Ui::QueueView view(f.services);
    showActive(view);
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("queueTree"));
    QAbstractItemModelTester tester(tree->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    tree->setFocus();
    tree->selectAll();
    REQUIRE(view.selectedTodoIds().size() == 2);
    REQUIRE(f.todos.snooze(view.selectedTodoIds(), TodoService::Snooze::OneHour).value() == 2);
    CHECK(view.findChild<QLabel *>(QStringLiteral("queueSummary"))->text()
          == QStringLiteral("0 overdue · 2 today · 0 upcoming"));
}

TEST_CASE("GIVEN the lead pool WHEN I press C on a lead THEN I own it, it opens ready to dial and shows its time left", "[ui][pool]")
{
    Fixture f;
    const QString lead = f.addCustomer(QStringLiteral("公海客户"), QString());
    Customer other;
    other.name = QStringLiteral("另一个公海客户");
    other.score = 80;
    other.source = QStringLiteral("官网注册");
    Contact contact;
    contact.name = other.name;
    contact.phones = {{QString(), QStringLiteral("13800138000"), QStringLiteral("手机")}};
    other.contacts = {contact};
    const QString best = f.customers.create(other).value();

    Ui::PoolView view(f.services);
    showActive(view);
    CHECK(view.windowTitle() == QStringLiteral("Lead pool"));
    auto *poolTree = view.findChild<QTreeView *>(QStringLiteral("poolTree"));
    auto *watched = view.findChild<QTreeWidget *>(QStringLiteral("watchedTree"));
    REQUIRE(poolTree);
    QAbstractItemModelTester tester(poolTree->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QAbstractItemModel &pool = *poolTree->model();
    REQUIRE(pool.rowCount() == 2);
    // Best score first, with its source in the UI language and the row's customer id.
    CHECK(pool.index(0, Ui::PoolModel::NameColumn).data().toString() == QStringLiteral("另一个公海客户"));
    CHECK(pool.index(0, Ui::PoolModel::SourceColumn).data().toString() == QStringLiteral("Website sign-up"));
    CHECK(pool.index(0, Ui::PoolModel::ScoreColumn).data().toString() == QStringLiteral("80"));
    CHECK(pool.index(0, Ui::PoolModel::PhoneColumn).data().toString() == QStringLiteral("138****8000"));
    CHECK(pool.index(0, 0).data(Ui::PoolModel::IdRole).toString() == best);
    // The name column is never squeezed to "…".
    CHECK(poolTree->columnWidth(Ui::PoolModel::NameColumn)
          >= poolTree->fontMetrics().horizontalAdvance(QStringLiteral("另一个公海客户")));
    QSignalSpy opened(&view, &Ui::PoolView::customerOpened);
    CHECK(pool.headerData(Ui::PoolModel::AgeColumn, Qt::Horizontal).toString() == QStringLiteral("Age"));
    poolTree->setFocus();
    QTest::keyClick(poolTree, Qt::Key_Down); // the second lead
    QTest::keyClick(poolTree, Qt::Key_C);
    REQUIRE(opened.count() == 1); // claimed and opened, ready to dial
    CHECK(opened.at(0).at(0).toString() == lead);
    REQUIRE(pool.rowCount() == 1);
    CHECK(pool.index(0, 0).data(Ui::PoolModel::IdRole).toString() == best);
    REQUIRE(watched->topLevelItemCount() == 1);
    CHECK(watched->topLevelItem(0)->text(0) == QStringLiteral("公海客户"));
    CHECK(watched->topLevelItem(0)->text(3) == QStringLiteral("1 d 0 h"));
    CHECK(f.customers.load(lead)->ownerId == QStringLiteral("agent-me"));
}

TEST_CASE("GIVEN a call saved on the first lead WHEN the next lead is asked for THEN the queue opens the next customer in working order", "[ui][queue]")
{
    Fixture f;
    const qint64 now = f.workspace.clock().nowMs();
    const QString first = f.addCustomer(QStringLiteral("甲客户"));
    const QString second = f.addCustomer(QStringLiteral("乙客户"));
    const QString third = f.addCustomer(QStringLiteral("丙客户"));
    f.addTodo(QStringLiteral("回电甲"), now - 30 * minute, first);   // overdue: first in order
    f.addTodo(QStringLiteral("回电甲再次"), now - 20 * minute, first); // same customer: skipped
    f.addTodo(QStringLiteral("回电乙"), now + 60 * minute, second);
    f.addTodo(QStringLiteral("回电丙"), now + 120 * minute, third);

    Ui::QueueView view(f.services);
    QSignalSpy opened(&view, &Ui::QueueView::customerOpened);
    REQUIRE(view.openNextLead(first));
    REQUIRE(opened.count() == 1);
    CHECK(opened.at(0).at(0).toString() == second);
    REQUIRE(view.openNextLead(second));
    CHECK(opened.at(1).at(0).toString() == third);

    Fixture empty;
    Ui::QueueView emptyView(empty.services);
    CHECK_FALSE(emptyView.openNextLead(QString()));
}

TEST_CASE("GIVEN a capped queue snapshot WHEN the queue model shows it THEN each section says how many exist and how many are shown", "[ui][queue]")
{
    Ui::QueueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(model.rowCount() == 3);
    CHECK(model.todoIndexes().isEmpty());

    QueueSnapshot snapshot;
    snapshot.nowMs = QDateTime(QDate(2026, 3, 2), QTime(10, 0)).toMSecsSinceEpoch();
    QueueItem late;
    late.todo.id = QStringLiteral("t1");
    late.todo.customerId = QStringLiteral("c1");
    late.todo.title = QStringLiteral("回电");
    late.todo.priority = 1;
    late.section = QueueItem::Section::Overdue;
    late.lateMs = 2 * 3600 * 1000;
    late.customerName = QStringLiteral("李晓明");
    late.customerCompany = QStringLiteral("华东机械");
    QueueItem later = late;
    later.todo.id = QStringLiteral("t2");
    later.todo.priority = 3;
    later.section = QueueItem::Section::Upcoming;
    later.todo.dueAt = QDateTime(QDate(2026, 3, 4), QTime(9, 30)).toMSecsSinceEpoch();
    snapshot.items = {late, later};
    snapshot.overdueCount = 1;
    snapshot.upcomingCount = 500;
    model.setSnapshot(snapshot);

    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Overdue (1)"));
    CHECK(model.index(1, 0).data().toString() == QStringLiteral("Due today (0)"));
    CHECK(model.index(2, 0).data().toString() == QStringLiteral("Upcoming (500, the first 1 shown)"));
    REQUIRE(model.todoIndexes().size() == 2);
    const QModelIndex first = model.indexOfTodo(QStringLiteral("t1"));
    CHECK(first.parent().row() == 0);
    CHECK(first.siblingAtColumn(Ui::QueueModel::WhenColumn).data().toString() == QStringLiteral("2 h 0 min late"));
    CHECK(first.siblingAtColumn(Ui::QueueModel::CustomerColumn).data().toString() == QStringLiteral("李晓明 · 华东机械"));
    CHECK(first.siblingAtColumn(Ui::QueueModel::PriorityColumn).data().toString() == QStringLiteral("High"));
    const QModelIndex second = model.indexOfTodo(QStringLiteral("t2"));
    CHECK(second.parent().row() == 2);
    CHECK(second.siblingAtColumn(Ui::QueueModel::PriorityColumn).data().toString() == QStringLiteral("Low"));
    CHECK(second.data(Ui::QueueModel::CustomerIdRole).toString() == QStringLiteral("c1"));
    CHECK_FALSE(model.indexOfTodo(QStringLiteral("missing")).isValid());

    model.setSnapshot({});
    CHECK(model.todoIndexes().isEmpty());
    CHECK(model.index(0, 0).data().toString() == QStringLiteral("Overdue (0)"));
}

TEST_CASE("GIVEN many reminders missed while Leadline was closed WHEN the queue shows them THEN it says so in one line and puts the oldest first", "[ui][queue]")
{
    Fixture f;
    const QString customer = f.addCustomer(QStringLiteral("王芳"));
    const qint64 now = f.workspace.clock().nowMs();
    QList<Reminder> missed;
    for (int i = 0; i < 33; ++i) {
        const QString id = f.addTodo(QStringLiteral("回电 %1").arg(i), now - (40 - i) * minute, customer);
        Reminder reminder;
        reminder.todoId = id;
        reminder.customerId = customer;
        reminder.customerName = QStringLiteral("王芳");
        reminder.title = QStringLiteral("回电 %1").arg(i);
        reminder.dueAt = now - (40 - i) * minute;
        missed.append(reminder);
    }
    Ui::QueueView view(f.services);
    view.showMissed(missed);
    auto *text = view.findChild<QLabel *>(QStringLiteral("reminderText"));
    REQUIRE(text);
    CHECK(text->text().startsWith(QStringLiteral("<b>33 reminders fell due while Leadline was closed or asleep.</b>")));
    CHECK_FALSE(text->text().contains(QStringLiteral("<li>")));
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("queueTree"));
    CHECK(tree->currentIndex().siblingAtColumn(Ui::QueueModel::TaskColumn).data().toString() == QStringLiteral("回电 0"));
}
