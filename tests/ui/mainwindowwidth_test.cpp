#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "tests/ui/uilanguage.h"
#include "core/compliance/compliancechecker.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/leadpool.h"
#include "core/reference/referencerepository.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/queue/todoservice.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"
#include "core/telephony/simulateddialer.h"
#include "ui/customerlistmodel.h"
#include "ui/customerlistview.h"
#include "ui/customerpanel.h"
#include "ui/dialpanel.h"
#include "ui/knowledgebaseview.h"
#include "ui/mainwindow.h"
#include "ui/poolview.h"
#include "ui/queueview.h"
#include "ui/rulesview.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QTabBar>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QMultiMap>
#include <QSettings>
#include <QShortcut>
#include <QStyle>
#include <QTableView>
#include <QTreeView>
#include <QHeaderView>
#include <QTabWidget>
#include <QTest>

#include <memory>

using namespace Leadline;

namespace {

// The narrowest screen agents work on is a 1366×768 laptop; the window must fit with room for
// the window frame and a docked panel.
constexpr int narrowestWindow = 1024;

/// Everything the composition root puts in the main window: the list, the 360 view and the
/// four work tabs (queue, lead pool, knowledge base, dial).
struct FullWindow : Leadline::Test::UiServicesFixture
{
    ManualTimers timers{workspace.clock()};
    SimulatedDialer dialer{timers, workspace.clock(), 1};
    CallSession session{dialer, timers, workspace.clock()};
    CallLogger logger{workspace.store(), activities, reference};
    ComplianceChecker compliance{workspace.store()};
    AgentStates agentStates{workspace.store()};
    RuleRepository rules{workspace.store()};
    RuleRunner ruleRunner{workspace.store()};
    QString customerId;
    std::unique_ptr<Ui::MainWindow> window;

    FullWindow()
    {
        REQUIRE(reference.ensureDefaultDispositions().ok());
        agentStates.attach(session);
        Customer c;
        c.name = QStringLiteral("王建国");
        c.company = QStringLiteral("北京星河科技有限公司");
        c.title = QStringLiteral("采购经理");
        c.email = QStringLiteral("wang.jianguo@xinghe-tech.example.com");
        c.industry = QStringLiteral("制造业");
        c.region = QStringLiteral("北京");
        c.tags = {QStringLiteral("展会"), QStringLiteral("重点客户")};
        Contact contact;
        contact.name = c.name;
        contact.phones = {{QString(), QStringLiteral("13800138000"), QStringLiteral("手机")}};
        c.contacts = {contact};
        customerId = customers.create(c).value();

        window = std::make_unique<Ui::MainWindow>(services);
        window->addWorkTab(new Ui::QueueView(services), QKeySequence(Qt::Key_F4));
        window->addWorkTab(new Ui::PoolView(services), QKeySequence(Qt::Key_F6));
        auto *knowledgeBase = new Ui::KnowledgeBaseView(services);
        window->addWorkTab(knowledgeBase, QKeySequence(Qt::Key_F3));
        auto *dial = new Ui::DialPanel(services, {&session, &logger, &compliance, &agentStates});
        window->addDialPanel(dial, QKeySequence(Qt::Key_F2));
        window->addWorkTab(new Ui::RulesView(rules, ruleRunner, permissions, &workspace.store().changeBus()),
                           QKeySequence(Qt::Key_F10));
        // As the composition root wires them: the tabs follow the customer in the 360 view.
        QObject::connect(window.get(), &Ui::MainWindow::currentCustomerChanged, knowledgeBase,
                         &Ui::KnowledgeBaseView::setCustomer);
        window->openCustomer(customerId);
    }
};

QString paneWidths(const Ui::MainWindow &window)
{
    QStringList out;
    out.append(QStringLiteral("list %1").arg(window.customerList()->minimumSizeHint().width()));
    out.append(QStringLiteral("360 %1").arg(window.customerPanel()->minimumSizeHint().width()));
    const QTabWidget *tabs = window.workTabs();
    for (int i = 0; i < tabs->count(); ++i) {
        out.append(QStringLiteral("%1 %2").arg(tabs->widget(i)->objectName())
                       .arg(tabs->widget(i)->minimumSizeHint().width()));
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

TEST_CASE("GIVEN the main window with all its work tabs WHEN it is made as narrow as it goes "
          "THEN it fits a 1366x768 laptop in English and in Chinese, every button readable",
          "[ui][layout]")
{
    const QString language = GENERATE(QStringLiteral("en"), QStringLiteral("zh_CN"));
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    INFO(language.toStdString() << ": " << paneWidths(window).toStdString());

    CHECK(window.minimumSizeHint().width() <= narrowestWindow);

    window.resize(narrowestWindow, 720);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    CHECK(window.width() == narrowestWindow);
    // With each tab up (the tabs fill in for the open customer once shown) the window still
    // fits, and every button and combo box gets at least the room its style needs: shown in
    // full, or elided by the widget itself, never cut by a neighbour.
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        window.workTabs()->setCurrentIndex(i);
        QWidget *tab = window.workTabs()->widget(i);
        INFO("tab " << tab->objectName().toStdString() << ": " << paneWidths(window).toStdString());
        CHECK(window.minimumSizeHint().width() <= narrowestWindow);
        CHECK(window.width() == narrowestWindow);
        for (QWidget *child : tab->findChildren<QWidget *>()) {
            if (!child->isVisible() || !(qobject_cast<QAbstractButton *>(child) || qobject_cast<QComboBox *>(child)))
                continue;
            INFO(tab->objectName().toStdString() << " / " << child->metaObject()->className() << " "
                 << child->objectName().toStdString() << " "
                 << (qobject_cast<QAbstractButton *>(child) ? qobject_cast<QAbstractButton *>(child)->text().toStdString() : std::string()));
            CHECK(child->width() >= child->minimumSizeHint().width());
        }
    }
}

// Alt and a letter must do one thing wherever the agent is: a field's or button's underlined
// letter that is also a menu's (or one of the dial panel's Alt keys) makes both unreachable.
TEST_CASE("GIVEN the main window with each work tab up WHEN its Alt keys are gathered THEN no two "
          "controls share one, in English and in Chinese",
          "[ui][mnemonics]")
{
    const QString language = GENERATE(QStringLiteral("en"), QStringLiteral("zh_CN"));
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(1600, 900);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        window.workTabs()->setCurrentIndex(i);
        QMultiMap<QKeySequence, QString> keys;
        for (const QAction *action : window.menuBar()->actions())
            keys.insert(QKeySequence::mnemonic(action->text()), QStringLiteral("menu ") + action->text());
        for (const QWidget *child : window.findChildren<QWidget *>()) {
            if (!child->isVisible())
                continue;
            if (const auto *label = qobject_cast<const QLabel *>(child); label && label->buddy())
                keys.insert(QKeySequence::mnemonic(label->text()), QStringLiteral("label ") + label->text());
            else if (const auto *button = qobject_cast<const QAbstractButton *>(child))
                keys.insert(QKeySequence::mnemonic(button->text()), QStringLiteral("button ") + button->text());
        }
        for (const QShortcut *shortcut : window.findChildren<QShortcut *>()) {
            const auto *owner = qobject_cast<const QWidget *>(shortcut->parent());
            if (shortcut->isEnabled() && owner && owner->isVisible()
                && shortcut->key()[0].keyboardModifiers() == Qt::AltModifier) {
                keys.insert(shortcut->key(), QStringLiteral("shortcut ") + shortcut->key().toString());
            }
        }
        // The window's own keys (the dial panel's loop keys among them) act on every tab.
        for (const QAction *action : window.actions()) {
            for (const QKeySequence &key : action->shortcuts()) {
                if (action->isEnabled() && key[0].keyboardModifiers() == Qt::AltModifier)
                    keys.insert(key, QStringLiteral("window key ") + key.toString());
            }
        }
        keys.remove(QKeySequence());
        const QString tab = window.workTabs()->widget(i)->objectName();
        for (const QKeySequence &key : keys.uniqueKeys()) {
            const QStringList users = keys.values(key);
            INFO(language.toStdString() << " tab " << tab.toStdString() << ": " << key.toString().toStdString()
                 << " used by " << users.join(QStringLiteral(" | ")).toStdString());
            CHECK(users.size() == 1);
        }
    }
}

// A tab's own key that is also one of the window's keys is ambiguous while the focus is in that
// tab: Qt then runs neither. The window's keys (the loop keys) must work on every tab.
TEST_CASE("GIVEN the main window with all its work tabs WHEN the keys of each tab are gathered "
          "THEN none is also a key of the whole window",
          "[ui][shortcuts]")
{
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(1600, 900);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    QMultiMap<QKeySequence, QString> windowKeys;
    for (const QAction *action : window.findChildren<QAction *>()) {
        if (action->shortcutContext() != Qt::WindowShortcut && action->shortcutContext() != Qt::ApplicationShortcut)
            continue;
        for (const QKeySequence &key : action->shortcuts())
            windowKeys.insert(key, action->text());
    }
    REQUIRE(windowKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_N)));
    for (const QKeySequence &key : windowKeys.uniqueKeys()) {
        INFO(key.toString().toStdString() << " used by " << windowKeys.values(key).join(QStringLiteral(" | ")).toStdString());
        CHECK(windowKeys.values(key).size() == 1);
    }
    int tabKeys = 0;
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        QWidget *tab = window.workTabs()->widget(i);
        for (const QAction *action : tab->findChildren<QAction *>() + tab->actions()) {
            if (action->shortcutContext() != Qt::WidgetWithChildrenShortcut && action->shortcutContext() != Qt::WidgetShortcut)
                continue;
            for (const QKeySequence &key : action->shortcuts()) {
                ++tabKeys;
                INFO(tab->objectName().toStdString() << ": " << key.toString().toStdString() << " ("
                     << action->text().toStdString() << ") is also the window's "
                     << windowKeys.values(key).join(QStringLiteral(" | ")).toStdString());
                CHECK_FALSE(windowKeys.contains(key));
            }
        }
    }
    CHECK(tabKeys >= 8);
}

// An agent who sorted the list by score and widened a column finds both as they were left.
TEST_CASE("GIVEN lists sorted and columns resized WHEN the window opens again THEN the sort "
          "orders and column widths are back",
          "[ui][persistence]")
{
    QSettings().remove(QStringLiteral("views"));
    {
        FullWindow f;
        Ui::MainWindow &window = *f.window;
        window.resize(1600, 900);
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
        auto *list = window.findChild<QTableView *>(QStringLiteral("customerList"));
        REQUIRE(list);
        emit list->horizontalHeader()->sectionClicked(Ui::CustomerListModel::ScoreColumn);
        REQUIRE(list->horizontalHeader()->sortIndicatorSection() == Ui::CustomerListModel::ScoreColumn);
        list->setColumnWidth(Ui::CustomerListModel::CompanyColumn, 211);
        auto *queue = window.findChild<QTreeView *>(QStringLiteral("queueTree"));
        REQUIRE(queue);
        queue->setColumnWidth(0, 187);
        window.close();
    }
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(1600, 900);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    auto *list = window.findChild<QTableView *>(QStringLiteral("customerList"));
    const QHeaderView *header = list->horizontalHeader();
    CHECK(header->isSortIndicatorShown());
    CHECK(header->sortIndicatorSection() == Ui::CustomerListModel::ScoreColumn);
    CHECK(header->sortIndicatorOrder() == Qt::DescendingOrder);
    CHECK(window.customerList()->model()->sortOrder().key == CustomerSort::Key::Score);
    CHECK(list->columnWidth(Ui::CustomerListModel::CompanyColumn) == 211);
    CHECK(window.findChild<QTreeView *>(QStringLiteral("queueTree"))->columnWidth(0) == 187);
    QSettings().remove(QStringLiteral("views"));
}

namespace {

bool takesFocus(const QWidget *w)
{
    return w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy();
}

QString describe(const QWidget *w)
{
    return QStringLiteral("%1 %2 in %3").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                              w->parentWidget() ? w->parentWidget()->objectName() : QString());
}

} // namespace

// What a screen reader says for each control: its name, from the label it belongs to, its
// own text or an accessible name — never nothing.
TEST_CASE("GIVEN the main window with each work tab up WHEN the controls that take focus are "
          "read as a screen reader reads them THEN each has a name, in English and in Chinese",
          "[ui][accessibility]")
{
    const QString language = GENERATE(QStringLiteral("en"), QStringLiteral("zh_CN"));
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(1600, 900);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        window.workTabs()->setCurrentIndex(i);
        QCoreApplication::processEvents();
        int controls = 0;
        for (QWidget *child : window.findChildren<QWidget *>()) {
            if (!takesFocus(child) || qobject_cast<QTabBar *>(child) || child->inherits("QScrollBar"))
                continue;
            ++controls;
            QAccessibleInterface *face = QAccessible::queryAccessibleInterface(child);
            REQUIRE(face);
            INFO(language.toStdString() << " tab " << window.workTabs()->widget(i)->objectName().toStdString()
                 << ": " << describe(child).toStdString());
            CHECK_FALSE(face->text(QAccessible::Name).trimmed().isEmpty());
        }
        CHECK(controls >= 5);
    }
}

// Tab goes the way the eye reads: down a column, then on to the column to its right; never back
// up to a control above in the same column.
TEST_CASE("GIVEN the main window with each work tab up WHEN the agent presses Tab through the tab "
          "THEN the focus follows the screen",
          "[ui][taborder]")
{
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(1600, 900);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        window.workTabs()->setCurrentIndex(i);
        QCoreApplication::processEvents();
        QWidget *tab = window.workTabs()->widget(i);
        QList<QWidget *> order;
        QWidget *first = nullptr;
        for (QWidget *w = tab->nextInFocusChain(); w != tab; w = w->nextInFocusChain()) {
            if (!tab->isAncestorOf(w) || !takesFocus(w) || w->inherits("QScrollBar") || w->inherits("QTabBar"))
                continue;
            if (w == first)
                break;
            if (!first)
                first = w;
            order.append(w);
        }
        CHECK(order.size() >= 2);
        for (qsizetype k = 1; k < order.size(); ++k) {
            const QRect a(order.at(k - 1)->mapTo(tab, QPoint()), order.at(k - 1)->size());
            const QRect b(order.at(k)->mapTo(tab, QPoint()), order.at(k)->size());
            const bool below = b.top() >= a.top() - 4;
            const bool nextColumn = b.left() >= a.right() - 4 || (b.left() > a.left() + 4 && b.top() <= a.bottom());
            INFO("tab " << tab->objectName().toStdString() << ": " << describe(order.at(k - 1)).toStdString() << " "
                 << a.top() << "," << a.left() << " → " << describe(order.at(k)).toStdString() << " " << b.top() << ","
                 << b.left());
            CHECK((below || nextColumn));
        }
    }
}

// A column heading cut to "Stag" or "邀约参…" hides what the column holds: every heading of every
// list shows in full, on a laptop and on a full-HD screen, in both languages (the list scrolls
// sideways instead).
TEST_CASE("GIVEN the main window at 1024 and 1920 pixels WHEN each work tab is up THEN no column "
          "heading is cut, in English and in Chinese",
          "[ui][layout][columns]")
{
    const QString language = GENERATE(QStringLiteral("en"), QStringLiteral("zh_CN"));
    const int windowWidth = GENERATE(as<int>(), 1024, 1920); // the narrowest window and a full-HD one
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    FullWindow f;
    Ui::MainWindow &window = *f.window;
    window.resize(windowWidth, windowWidth == 1920 ? 1040 : 720);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    int headings = 0;
    for (int i = 0; i < window.workTabs()->count(); ++i) {
        window.workTabs()->setCurrentIndex(i);
        QCoreApplication::processEvents();
        for (const QHeaderView *header : window.findChildren<QHeaderView *>()) {
            if (!header->isVisible() || header->orientation() != Qt::Horizontal || !header->model())
                continue;
            for (int section = 0; section < header->count(); ++section) {
                if (header->isSectionHidden(section))
                    continue;
                const QString text = header->model()->headerData(section, Qt::Horizontal).toString();
                if (text.isEmpty())
                    continue;
                ++headings;
                // As the style lays a heading out: the text, its margins and the sort arrow.
                int needed = header->fontMetrics().horizontalAdvance(text)
                             + 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
                if (header->isSortIndicatorShown() && header->sortIndicatorSection() == section)
                    needed += header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header);
                INFO(language.toStdString() << " " << windowWidth << " tab " << window.workTabs()->widget(i)->objectName().toStdString()
                     << " " << header->parentWidget()->objectName().toStdString() << ": \"" << text.toStdString()
                     << "\" " << header->sectionSize(section) << " < " << needed);
                CHECK(header->sectionSize(section) >= needed);
            }
        }
    }
    CHECK(headings >= 20);
}
