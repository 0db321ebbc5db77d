#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/compliance/compliancechecker.h"
#include "core/compliance/dnclist.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/calldrafts.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"
#include "core/telephony/simulateddialer.h"
#include "core/knowledge/articlerepository.h"
#include "ui/dialpanel.h"
#include "ui/suggestedscripts.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

struct Fixture : Leadline::Test::UiServicesFixture
{
    ManualTimers timers{workspace.clock()};
    SimulatedDialer dialer{timers, workspace.clock(), 1};
    CallSession session{dialer, timers, workspace.clock()};
    CallLogger logger{workspace.store(), activities, reference};
    ComplianceChecker compliance{workspace.store()};
    AgentStates agentStates{workspace.store()};
    CallDrafts drafts{workspace.store()};
    QString customerId;

    Fixture()
    {
        REQUIRE(reference.ensureDefaultDispositions().ok());
        agentStates.attach(session);
        Customer c;
        c.name = QStringLiteral("王建国");
        c.company = QStringLiteral("北京星河科技有限公司");
        Contact contact;
        contact.name = c.name;
        // Seed 1 answers +8613800138001 after 4 s (see simulateddialer_test.cpp).
        contact.phones = {{QString(), QStringLiteral("13800138001"), QStringLiteral("手机")}};
        c.contacts = {contact};
        customerId = customers.create(c).value();
    }

    Ui::DialServices telephony() { return {&session, &logger, &compliance, &agentStates, &drafts}; }
};

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    REQUIRE(found);
    return found;
}

} // namespace

TEST_CASE("GIVEN a customer in the dial panel WHEN the agent dials, talks, picks 1, writes a note, "
          "schedules tomorrow and presses Ctrl+Enter THEN the call and callback are saved",
          "[ui][dial]")
{
    Fixture f;
    Ui::DialPanel panel(f.services, f.telephony());
    panel.showCustomer(f.customerId);
    panel.show();
    panel.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&panel));
    panel.setFocus();
    QSignalSpy next(&panel, &Ui::DialPanel::nextLeadRequested);

    CHECK(panel.windowTitle() == QLatin1String("Dial"));
    // Agents see masked numbers (policy mask_phones is on by default).
    CHECK(child<QComboBox>(panel, "numbers")->currentText().startsWith(QStringLiteral("138****8001")));
    CHECK(child<QPushButton>(panel, "disposition1")->text() == QStringLiteral("1  Interested"));

    QTest::keyClick(&panel, Qt::Key_F5);
    CHECK(child<QLabel>(panel, "callState")->text() == QLatin1String("Dialing"));
    f.timers.advance(4000);
    CHECK(child<QLabel>(panel, "callState")->text() == QLatin1String("Connected"));
    f.timers.advance(21000);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    CHECK(child<QLabel>(panel, "callState")->text() == QLatin1String("Wrap-up"));
    CHECK(f.session.durationSeconds() == 21);

    // 1 = 有意向, which needs a note: the cursor goes to the note field.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1);
    CHECK(child<QPushButton>(panel, "disposition1")->isChecked());
    auto *note = child<QPlainTextEdit>(panel, "note");
    CHECK(QApplication::focusWidget() == note);
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    CHECK(child<QLabel>(panel, "message")->text() == QStringLiteral("\"Interested\" needs a note: write what was said."));
    CHECK(f.workspace.rowCount(QStringLiteral("calls")) == 0);

    QTest::keyClicks(note, QStringLiteral("Wants a quote for 20 seats"));
    CHECK(note->toPlainText() == QLatin1String("Wants a quote for 20 seats")); // digits typed, not hotkeys
    CHECK(child<QPushButton>(panel, "disposition1")->isChecked());
    QTest::keyClick(note, Qt::Key_T, Qt::AltModifier); // "Tomorrow 9:00 (Alt+T)"
    const QDateTime tomorrowNine(QDateTime::fromMSecsSinceEpoch(TestWorkspace::defaultStartMs).date().addDays(1),
                                 QTime(9, 0));
    CHECK(child<QDateTimeEdit>(panel, "followUp")->dateTime() == tomorrowNine);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);

    CHECK(child<QLabel>(panel, "message")->text() == QLatin1String("Call saved."));
    CHECK(next.count() == 1);
    CHECK(f.session.state() == CallSession::State::Logged);
    QSqlQuery call(f.workspace.store().database());
    REQUIRE(call.exec(QStringLiteral("SELECT outcome, duration_s, disposition_id, note, customer_id FROM calls")));
    REQUIRE(call.next());
    CHECK(call.value(0).toString() == QLatin1String("connected"));
    CHECK(call.value(1).toInt() == 21);
    CHECK(call.value(2).toString() == QLatin1String("00000000-0000-4000-8000-000000000001"));
    CHECK(call.value(3).toString() == QLatin1String("Wants a quote for 20 seats"));
    CHECK(call.value(4).toString() == f.customerId);
    QSqlQuery todo(f.workspace.store().database());
    REQUIRE(todo.exec(QStringLiteral("SELECT kind, due_at FROM todos")));
    REQUIRE(todo.next());
    CHECK(todo.value(0).toString() == QLatin1String("callback"));
    CHECK(todo.value(1).toLongLong() == tomorrowNine.toMSecsSinceEpoch());
    CHECK(f.agentStates.current() == AgentStates::State::Ready);
    CHECK(!child<QPushButton>(panel, "disposition1")->isChecked());
}

TEST_CASE("GIVEN a number on the do-not-call list WHEN the agent presses F5 THEN nothing is dialed "
          "and the reason shows", "[ui][dial]")
{
    Fixture f;
    REQUIRE(DncList(f.workspace.store()).addNumber(QStringLiteral("13800138001")).ok());
    Ui::DialPanel panel(f.services, f.telephony());
    panel.showCustomer(f.customerId);
    panel.show();
    panel.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&panel));
    panel.setFocus();
    QTest::keyClick(&panel, Qt::Key_F5);
    CHECK(f.session.state() == CallSession::State::Idle);
    CHECK(child<QLabel>(panel, "message")->text()
          == QStringLiteral("Not dialed: 138 0013 8001 is on the do-not-call list."));
    CHECK(f.workspace.rowCount(QStringLiteral("dial_blocks")) == 1);
}

TEST_CASE("GIVEN a customer in 报价阶段 WHEN the dial panel shows them THEN it suggests the scripts for that stage and opens one on Enter", "[ui][dial]")
{
    Fixture f;
    ArticleRepository articles(f.workspace.store());
    Article fits;
    fits.title = QStringLiteral("报价阶段：价格异议应对");
    fits.body = QStringLiteral("您好 {customer.name}，关于报价……");
    fits.category = QStringLiteral("异议处理");
    fits.stages = QStringLiteral("报价阶段");
    Article other;
    other.title = QStringLiteral("首次联系开场白");
    other.body = QStringLiteral("您好，我是{agent.name}");
    other.category = QStringLiteral("通话话术");
    other.stages = QStringLiteral("首次联系");
    f.workspace.store().setCurrentAgentId(QStringLiteral("supervisor"));
    REQUIRE(f.reference.addAgent({QStringLiteral("supervisor"), QStringLiteral("lead"), QStringLiteral("主管"),
                                  QStringLiteral("supervisor"), QString(), true}).ok());
    const auto fitsId = articles.create(fits);
    REQUIRE(fitsId.ok());
    REQUIRE(articles.create(other).ok());

    Customer customer = *f.customers.load(f.customerId);
    customer.stage = QStringLiteral("报价阶段");
    REQUIRE(f.customers.save(customer).ok());

    Ui::DialPanel panel(f.services, f.telephony());
    panel.showCustomer(f.customerId);
    Ui::SuggestedScripts *scripts = panel.suggestedScripts();
    REQUIRE(scripts);
    REQUIRE(scripts->count() == 1);
    CHECK(scripts->articleIdAt(0) == *fitsId);

    QSignalSpy requested(scripts, &Ui::SuggestedScripts::articleRequested);
    panel.show();
    auto *list = child<QListWidget>(panel, "dialSuggestedScripts");
    list->setFocus();
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Return);
    REQUIRE(requested.count() == 1);
    CHECK(requested.at(0).at(0).toString() == *fitsId);
}

TEST_CASE("GIVEN a connected call with a note typed WHEN Leadline is gone before the call is logged "
          "THEN the next start offers the call with its note, it counts as an attempt, and logging it "
          "clears it",
          "[ui][dial]")
{
    Fixture f;
    Customer other;
    other.name = QStringLiteral("李四");
    const QString otherId = f.customers.create(other).value();
    auto panel = std::make_unique<Ui::DialPanel>(f.services, f.telephony());
    panel->showCustomer(f.customerId);
    panel->show();
    panel->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(panel.get()));
    panel->setFocus();

    QTest::keyClick(panel.get(), Qt::Key_F5);
    // On disk from the moment it is dialed.
    auto draft = f.drafts.current();
    REQUIRE(draft);
    REQUIRE(draft->has_value());
    CHECK((*draft)->customerId == f.customerId);
    CHECK((*draft)->phoneE164 == QStringLiteral("+8613800138001"));
    CHECK_FALSE((*draft)->connectedAt.has_value());
    f.timers.advance(4000);
    REQUIRE(f.session.state() == CallSession::State::Connected);
    CHECK(f.drafts.current().value()->connectedAt.has_value());

    // Another customer opened during the call does not take the panel over.
    panel->showCustomer(otherId);
    CHECK(child<QLabel>(*panel, "customerName")->text().startsWith(QStringLiteral("王建国")));
    CHECK(panel->customerId() == f.customerId);

    auto *note = child<QPlainTextEdit>(*panel, "note");
    note->setFocus();
    note->insertPlainText(QStringLiteral("客户说下周再谈")); // typed through an input method
    REQUIRE(QTest::qWaitFor([&] {
        const auto now = f.drafts.current();
        return now && now->has_value() && (*now)->note == QStringLiteral("客户说下周再谈");
    }));
    f.timers.advance(30000); // talking; the heartbeat keeps the talk time on disk
    REQUIRE(QTest::qWaitFor([&] {
        return f.drafts.current().value()->savedAt == f.workspace.clock().nowMs();
    }));
    panel.reset();           // gone without hanging up or logging: a crash, a power cut

    // The next start: a new session, nothing on the line.
    ManualTimers timers{f.workspace.clock()};
    SimulatedDialer dialer{timers, f.workspace.clock(), 1};
    CallSession session{dialer, timers, f.workspace.clock()};
    Ui::DialPanel restarted(f.services, {&session, &f.logger, &f.compliance, &f.agentStates, &f.drafts});
    restarted.showCustomer(otherId); // the list opens another customer: the unsaved call stays
    restarted.show();
    restarted.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&restarted));
    CHECK(child<QLabel>(restarted, "callState")->text() == QStringLiteral("Unsaved call, waiting for its outcome"));
    CHECK(child<QLabel>(restarted, "message")->text().startsWith(QStringLiteral("Leadline was closed during the call to 138****8001")));
    CHECK(child<QPlainTextEdit>(restarted, "note")->toPlainText() == QStringLiteral("客户说下周再谈"));
    CHECK(restarted.customerId() == f.customerId);
    // It is an attempt: with a cap of one a day, the customer cannot be dialed again.
    REQUIRE(f.reference.setPolicy(QStringLiteral("max_attempts_per_day"), QStringLiteral("1")).ok());
    CHECK_FALSE(f.compliance.check(f.customerId, QStringLiteral("+8613800138001")).allowed);
    restarted.setFocus();
    QTest::keyClick(&restarted, Qt::Key_F5);
    CHECK(child<QLabel>(restarted, "message")->text() == QStringLiteral("Save the last call before dialing again."));
    CHECK(session.state() == CallSession::State::Idle);

    QTest::keyClick(&restarted, Qt::Key_1);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
    CHECK(child<QLabel>(restarted, "message")->text() == QLatin1String("Call saved."));
    QSqlQuery call(f.workspace.store().database());
    REQUIRE(call.exec(QStringLiteral("SELECT outcome, duration_s, note, customer_id FROM calls")));
    REQUIRE(call.next());
    CHECK(call.value(0).toString() == QLatin1String("connected"));
    CHECK(call.value(1).toInt() >= 20); // the talk time last written by the heartbeat
    CHECK(call.value(2).toString() == QStringLiteral("客户说下周再谈"));
    CHECK(call.value(3).toString() == f.customerId);
    CHECK_FALSE(call.next());
    CHECK_FALSE(f.drafts.current().value().has_value());
    // Still one attempt: the logged call replaced its draft. The panel moves on to the
    // customer opened meanwhile.
    CHECK_FALSE(f.compliance.check(f.customerId, QStringLiteral("+8613800138001")).allowed);
    CHECK(restarted.customerId() == otherId);
}

TEST_CASE("GIVEN a workspace whose dispositions cannot be read WHEN the dial panel opens THEN it says so instead of showing no outcomes", "[ui][dial]")
{
    Fixture f;
    QSqlQuery damage(f.workspace.store().database());
    REQUIRE(damage.exec(QStringLiteral("ALTER TABLE dispositions RENAME TO dispositions_lost")));
    Ui::DialPanel panel(f.services, f.telephony());
    CHECK(child<QLabel>(panel, "message")->text().startsWith(QStringLiteral("The dispositions could not be read:")));
    CHECK(panel.findChildren<QPushButton *>(QRegularExpression(QStringLiteral("^disposition[1-9]$"))).isEmpty());
    // Logging is refused with the same reason rather than "that disposition no longer exists".
    CallLogEntry entry;
    entry.customerId = f.customerId;
    entry.dispositionId = QStringLiteral("00000000-0000-4000-8000-000000000002");
    CHECK(f.logger.validate(entry).message().startsWith(QStringLiteral("The dispositions could not be read:")));
}

TEST_CASE("GIVEN a customer with two numbers WHEN one just failed or the agent searched the other "
          "THEN the dial panel offers the one to dial, not the one that failed",
          "[ui][dial]")
{
    Fixture f;
    Customer customer = *f.customers.load(f.customerId);
    // A landline first, then the mobile the agent reached before.
    customer.contacts.first().phones = {{QString(), QStringLiteral("010-8888 8000"), QStringLiteral("座机")},
                                        {QString(), QStringLiteral("13800138001"), QStringLiteral("手机")}};
    REQUIRE(f.customers.save(customer).ok());
    Ui::DialPanel panel(f.services, f.telephony());
    auto *numbers = child<QComboBox>(panel, "numbers");
    const auto current = [numbers] { return numbers->currentData().toStringList().value(0); };

    panel.showCustomer(f.customerId);
    CHECK(current() == QLatin1String("+861088888000")); // never called: the first

    // The landline fails (404): the next time, and at once after the log, the mobile is offered.
    CallLogEntry failed;
    failed.customerId = f.customerId;
    failed.phoneE164 = QStringLiteral("+861088888000");
    failed.startedAt = f.workspace.clock().nowMs() - 60 * 1000;
    failed.outcome = QStringLiteral("failed");
    failed.dispositionId = QStringLiteral("00000000-0000-4000-8000-000000000005"); // 空号/错号
    REQUIRE(f.logger.log(failed).ok());
    panel.showCustomer(f.customerId);
    CHECK(current() == QLatin1String("+8613800138001"));

    // Reached on the landline later: that is the one to dial again.
    CallLogEntry reached = failed;
    reached.startedAt = f.workspace.clock().nowMs() - 30 * 1000;
    reached.outcome = QStringLiteral("connected");
    reached.dispositionId = QStringLiteral("00000000-0000-4000-8000-000000000002");
    REQUIRE(f.logger.log(reached).ok());
    panel.showCustomer(f.customerId);
    CHECK(current() == QLatin1String("+861088888000"));

    // The agent found the customer by the mobile's middle digits: the mobile it is.
    panel.setSearchText(QStringLiteral("0013 80"));
    panel.showCustomer(f.customerId);
    CHECK(current() == QLatin1String("+8613800138001"));
    panel.setSearchText(QStringLiteral("星河"));
    panel.showCustomer(f.customerId);
    CHECK(current() == QLatin1String("+861088888000"));
}

TEST_CASE("GIVEN a customer already won WHEN the agent presses F5 THEN Leadline asks first, and "
          "dials only on yes", "[ui][dial]")
{
    Fixture f;
    Customer customer = *f.customers.load(f.customerId);
    customer.stage = QStringLiteral("成交");
    REQUIRE(f.customers.save(customer).ok());
    Ui::DialPanel panel(f.services, f.telephony());
    panel.showCustomer(f.customerId);
    panel.show();
    panel.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&panel));
    panel.setFocus();

    const auto answer = [](QMessageBox::StandardButton button) {
        QTimer::singleShot(0, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            CHECK(box);
            if (!box)
                return;
            CHECK(box->objectName() == QLatin1String("confirmClosedCustomer"));
            CHECK(box->text().contains(QLatin1String("Won")));
            box->button(button)->click();
        });
    };
    answer(QMessageBox::No);
    QTest::keyClick(&panel, Qt::Key_F5);
    CHECK(f.session.state() == CallSession::State::Idle);
    panel.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&panel));
    answer(QMessageBox::Yes);
    QTest::keyClick(&panel, Qt::Key_F5);
    CHECK(f.session.isActive());
}
