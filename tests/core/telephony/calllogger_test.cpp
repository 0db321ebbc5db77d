#include <catch2/catch.hpp>

#include "fakedialer.h"
#include "tests/support/testworkspace.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/queue/todoservice.h"
#include "core/reference/referencerepository.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/calldrafts.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"

#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::FakeDialer;
using Leadline::Test::TestWorkspace;

namespace {

const QString interested = QStringLiteral("00000000-0000-4000-8000-000000000001"); // 有意向: note + callback
const QString noInterest = QStringLiteral("00000000-0000-4000-8000-000000000002"); // 无意向
constexpr qint64 start = TestWorkspace::defaultStartMs;

struct Fixture
{
    TestWorkspace workspace;
    ActivityRepository activities{workspace.store()};
    ReferenceRepository reference{workspace.store()};
    CallLogger logger{workspace.store(), activities, reference};
    QString customerId;

    Fixture()
    {
        REQUIRE(reference.ensureDefaultDispositions().ok());
        Customer c;
        c.name = QStringLiteral("李娜");
        Contact contact;
        contact.name = c.name;
        contact.phones = {{QString(), QStringLiteral("13800138001"), QStringLiteral("手机")}};
        c.contacts = {contact};
        auto id = CustomerRepository(workspace.store()).create(c);
        REQUIRE(id.ok());
        customerId = *id;
    }

    int outbox() { return workspace.rowCount(QStringLiteral("outbox")); }

    CallLogEntry answeredCall() const
    {
        CallLogEntry entry;
        entry.customerId = customerId;
        entry.phoneE164 = QStringLiteral("+8613800138001");
        entry.startedAt = start - 80000;
        entry.connectedAt = start - 75000;
        entry.endedAt = start - 10000;
        entry.durationSeconds = 65;
        entry.outcome = QStringLiteral("connected");
        return entry;
    }
};

} // namespace

TEST_CASE("Logging a call writes the call, its callback todo and their outbox entries in one go",
          "[calllogger]")
{
    Fixture f;
    const int outboxBefore = f.outbox();
    CallLogEntry entry = f.answeredCall();
    entry.dispositionId = interested;
    entry.note = QStringLiteral("  想要报价，周三再联系  ");
    entry.followUpAt = start + 2 * 86400000LL; // Wednesday 09:00
    auto logged = f.logger.log(entry);
    REQUIRE(logged.ok());
    REQUIRE_FALSE(logged->todoId.isEmpty());

    QSqlQuery call(f.workspace.store().database());
    REQUIRE(call.exec(QStringLiteral("SELECT customer_id, phone_e164, agent_id, started_at, connected_at, "
                                     "ended_at, duration_s, outcome, disposition_id, note FROM calls")));
    REQUIRE(call.next());
    CHECK(call.value(0).toString() == f.customerId);
    CHECK(call.value(1).toString() == QLatin1String("+8613800138001"));
    CHECK(call.value(2).toString() == QLatin1String("agent-me"));
    CHECK(call.value(3).toLongLong() == start - 80000);
    CHECK(call.value(4).toLongLong() == start - 75000);
    CHECK(call.value(5).toLongLong() == start - 10000);
    CHECK(call.value(6).toInt() == 65);
    CHECK(call.value(7).toString() == QLatin1String("connected"));
    CHECK(call.value(8).toString() == interested);
    CHECK(call.value(9).toString() == QStringLiteral("想要报价，周三再联系"));
    CHECK_FALSE(call.next());

    QSqlQuery todo(f.workspace.store().database());
    REQUIRE(todo.exec(QStringLiteral("SELECT customer_id, kind, title, due_at, agent_id, completed_at FROM todos")));
    REQUIRE(todo.next());
    CHECK(todo.value(0).toString() == f.customerId);
    CHECK(todo.value(1).toString() == QLatin1String("callback"));
    CHECK(todo.value(2).toString() == QLatin1String("Call back"));
    CHECK(todo.value(3).toLongLong() == start + 2 * 86400000LL);
    CHECK(todo.value(4).toString() == QLatin1String("agent-me"));
    CHECK(todo.value(5).isNull());
    CHECK_FALSE(todo.next());

    // Exactly three outbox entries: the call, the customer's last contact time, the todo.
    CHECK(f.outbox() == outboxBefore + 3);
    QSqlQuery entries(f.workspace.store().database());
    entries.prepare(QStringLiteral("SELECT table_name, op, row_id FROM outbox WHERE seq > ? ORDER BY seq"));
    entries.addBindValue(outboxBefore);
    REQUIRE(entries.exec());
    QStringList seen;
    while (entries.next())
        seen.append(entries.value(0).toString() + QLatin1Char(' ') + entries.value(1).toString());
    CHECK(seen == QStringList{QStringLiteral("calls insert"), QStringLiteral("customers update"),
                              QStringLiteral("todos insert")});
    QSqlQuery contact(f.workspace.store().database());
    contact.prepare(QStringLiteral("SELECT last_contact_at FROM customers WHERE id = ?"));
    contact.addBindValue(f.customerId);
    REQUIRE((contact.exec() && contact.next()));
    CHECK(contact.value(0).toLongLong() == start - 10000);
}

TEST_CASE("A required note or callback blocks saving and writes nothing", "[calllogger]")
{
    Fixture f;
    const int outboxBefore = f.outbox();
    CallLogEntry entry = f.answeredCall();

    CHECK(f.logger.log(entry).message() == QStringLiteral("Choose a disposition (keys 1–9)."));
    entry.dispositionId = interested;
    auto noNote = f.logger.log(entry);
    CHECK(noNote.message() == QStringLiteral("\"Interested\" needs a note: write what was said."));
    CHECK(noNote.error().field == QLatin1String("note"));
    entry.note = QStringLiteral("有兴趣");
    auto noCallback = f.logger.log(entry);
    CHECK(noCallback.message() == QStringLiteral("\"Interested\" needs a callback: pick the next follow-up time."));
    CHECK(noCallback.error().field == QLatin1String("followup"));
    entry.followUpAt = start - 1;
    CHECK(f.logger.log(entry).message() == QStringLiteral("The follow-up time is in the past."));
    CHECK(f.outbox() == outboxBefore);
    CHECK(f.workspace.rowCount(QStringLiteral("calls")) == 0);

    SECTION("a disposition without requirements saves with neither")
    {
        CallLogEntry plain = f.answeredCall();
        plain.dispositionId = noInterest;
        auto logged = f.logger.log(plain);
        REQUIRE(logged.ok());
        CHECK(logged->todoId.isEmpty());
        CHECK(f.outbox() == outboxBefore + 2);
        CHECK(f.workspace.rowCount(QStringLiteral("todos")) == 0);
    }
}

TEST_CASE("A call made outside the app is logged by hand with its duration", "[calllogger]")
{
    Fixture f;
    CallLogEntry entry;
    entry.customerId = f.customerId;
    entry.phoneE164 = QStringLiteral("+8613800138001");
    entry.startedAt = start - 3600000; // an hour ago
    entry.durationSeconds = 95;
    entry.dispositionId = noInterest;
    REQUIRE(f.logger.logManual(entry).ok());
    QSqlQuery call(f.workspace.store().database());
    REQUIRE(call.exec(QStringLiteral("SELECT outcome, duration_s, ended_at FROM calls")));
    REQUIRE(call.next());
    CHECK(call.value(0).toString() == QLatin1String("manual"));
    CHECK(call.value(1).toInt() == 95);
    CHECK(call.value(2).toLongLong() == start - 3600000 + 95000);

    entry.startedAt = start + 60000;
    CHECK(f.logger.logManual(entry).message() == QStringLiteral("A call made outside Leadline cannot start in the future."));
}

TEST_CASE("Agent state follows the call session and can be set by hand", "[calllogger][agentstate]")
{
    Fixture f;
    ManualTimers timers(f.workspace.clock());
    FakeDialer dialer(f.workspace.clock());
    CallSession session(dialer, timers, f.workspace.clock());
    AgentStates states(f.workspace.store());
    states.attach(session);

    REQUIRE(states.set(AgentStates::State::Ready).ok());
    REQUIRE(session.dial(QStringLiteral("+8613800138001")).ok());
    timers.advance(3000);
    dialer.answer();
    timers.advance(40000);
    session.hangup();
    timers.advance(12000);
    session.markLogged();
    timers.advance(5000);
    REQUIRE(states.set(AgentStates::State::NotReady, QStringLiteral("午休")).ok());
    REQUIRE(states.set(AgentStates::State::NotReady, QStringLiteral("午休")).ok()); // a repeat writes nothing

    QSqlQuery rows(f.workspace.store().database());
    REQUIRE(rows.exec(QStringLiteral("SELECT state, reason, at - %1, agent_id FROM agent_states ORDER BY at, rowid").arg(start)));
    QStringList seen;
    while (rows.next()) {
        CHECK(rows.value(3).toString() == QLatin1String("agent-me"));
        seen.append(QStringLiteral("%1 %2 %3").arg(rows.value(0).toString(), rows.value(1).toString(),
                                                   rows.value(2).toString()));
    }
    CHECK(seen == QStringList{QStringLiteral("Ready  0"), QStringLiteral("OnCall  0"),
                              QStringLiteral("WrapUp  43000"), QStringLiteral("Ready  55000"),
                              QStringLiteral("NotReady 午休 60000")});
    CHECK(f.workspace.rowCount(QStringLiteral("outbox"), QStringLiteral("table_name = 'agent_states'")) == 5);

    AgentStates reopened(f.workspace.store());
    CHECK(reopened.current() == AgentStates::State::NotReady);
    CHECK(reopened.reason() == QStringLiteral("午休"));
}

TEST_CASE("A call on the line is kept on disk until it is logged, and a draft whose end was never seen ends when it was last saved", "[telephony][drafts]")
{
    Fixture f;
    CallDrafts drafts(f.workspace.store());
    const int outboxBefore = f.outbox();
    REQUIRE(drafts.current());
    CHECK_FALSE(drafts.current()->has_value());

    CallDraft draft;
    draft.customerId = f.customerId;
    draft.phoneE164 = QStringLiteral("+8613800138001");
    draft.startedAt = start - 60000;
    draft.connectedAt = start - 50000;
    draft.note = QStringLiteral("预算下月批");
    REQUIRE(drafts.save(draft));
    const auto kept = drafts.current();
    REQUIRE(kept);
    REQUIRE(kept->has_value());
    CHECK((*kept)->savedAt == start);
    CHECK((*kept)->note == QStringLiteral("预算下月批"));
    CHECK_FALSE((*kept)->endedAt.has_value());
    // Saving again replaces it: one call on the line per agent.
    draft.note = QStringLiteral("预算下月批，周五回电");
    REQUIRE(drafts.save(draft));
    CHECK(f.workspace.rowCount(QStringLiteral("call_drafts")) == 1);
    // Local only: nothing for the server until the call is logged.
    CHECK(f.outbox() == outboxBefore);

    CallLogEntry entry = CallDrafts::toEntry(*drafts.current().value());
    CHECK(entry.outcome == QStringLiteral("connected"));
    CHECK(entry.endedAt == start);
    CHECK(entry.durationSeconds == 50);
    CHECK(entry.note == QStringLiteral("预算下月批，周五回电"));

    CallDraft unanswered = draft;
    unanswered.connectedAt.reset();
    CHECK(CallDrafts::toEntry(unanswered).outcome == QStringLiteral("no_answer"));
    CHECK(CallDrafts::toEntry(unanswered).durationSeconds == 0);

    // A failed log keeps the draft; a logged call takes it away in the same transaction.
    CHECK_FALSE(f.logger.log(entry)); // no disposition yet
    CHECK(drafts.current().value().has_value());
    entry.dispositionId = noInterest;
    REQUIRE(f.logger.log(entry));
    CHECK_FALSE(drafts.current().value().has_value());
    CHECK(f.workspace.rowCount(QStringLiteral("calls")) == 1);
}

TEST_CASE("A logged call completes the callbacks due with its customer, and the next follow-up moves the open callback instead of stacking another", "[calllogger][callbacks]")
{
    Fixture f;
    Agent me; // signed in as an active agent: only the assignee completes a callback
    me.id = f.workspace.store().currentAgentId();
    me.login = QStringLiteral("me");
    me.name = QStringLiteral("张伟");
    me.role = QStringLiteral("agent");
    REQUIRE(f.reference.addAgent(me));
    TodoService todos(f.workspace.store());
    const qint64 day = 86400000LL;
    const auto openCallbacks = [&] {
        return f.workspace.rowCount(QStringLiteral("todos"),
                                    QStringLiteral("kind = 'callback' AND completed_at IS NULL"));
    };
    Todo overdue;
    overdue.customerId = f.customerId;
    overdue.title = QStringLiteral("回电：客户要求再联系");
    overdue.dueAt = start - 2 * 3600 * 1000;
    const QString overdueId = todos.add(overdue).value();
    Todo meeting = overdue; // not a callback: the call does not complete it
    meeting.kind = QStringLiteral("meeting");
    meeting.title = QStringLiteral("上门演示");
    const QString meetingId = todos.add(meeting).value();
    Todo later = overdue; // another customer's callback stays
    Customer other;
    other.name = QStringLiteral("张伟");
    later.customerId = CustomerRepository(f.workspace.store()).create(other).value();
    todos.add(later).value();
    REQUIRE(openCallbacks() == 2);

    // First call: no answer, back on Wednesday. The overdue callback is done, one new one.
    CallLogEntry first = f.answeredCall();
    first.dispositionId = noInterest;
    first.followUpAt = start + 2 * day;
    const auto logged = f.logger.log(first);
    INFO(logged.message().toStdString());
    REQUIRE(logged);
    CHECK(f.workspace.rowCount(QStringLiteral("todos"),
                               QStringLiteral("id = '%1' AND completed_at IS NOT NULL").arg(overdueId)) == 1);
    CHECK(f.workspace.rowCount(QStringLiteral("todos"),
                               QStringLiteral("id = '%1' AND completed_at IS NULL").arg(meetingId)) == 1);
    CHECK(openCallbacks() == 2); // Wednesday's for this customer, and the other customer's

    // Two more calls today, each booking a follow-up: still one open callback, moved each time.
    for (int i = 1; i <= 2; ++i) {
        CallLogEntry again = f.answeredCall();
        again.dispositionId = noInterest;
        again.followUpAt = start + (2 + i) * day;
        again.followUpTitle = QStringLiteral("第 %1 次回电").arg(i + 1);
        const auto moved = f.logger.log(again);
        REQUIRE(moved);
        CHECK(moved->todoId == logged->todoId);
    }
    CHECK(openCallbacks() == 2);
    CHECK(f.workspace.rowCount(QStringLiteral("todos"),
                               QStringLiteral("id = '%1' AND due_at = %2 AND title = '第 3 次回电'")
                                   .arg(logged->todoId)
                                   .arg(start + 4 * day)) == 1);

    // Unless the agent asks for another one.
    CallLogEntry another = f.answeredCall();
    another.dispositionId = noInterest;
    another.followUpAt = start + 7 * day;
    another.anotherCallback = true;
    const auto added = f.logger.log(another);
    REQUIRE(added);
    CHECK(added->todoId != logged->todoId);
    CHECK(openCallbacks() == 3);
}
