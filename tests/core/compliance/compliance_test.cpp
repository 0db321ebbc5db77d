#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/compliance/compliancechecker.h"
#include "core/compliance/dnclist.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"

#include <QSqlQuery>
#include <QTimeZone>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

qint64 utc(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC).toMSecsSinceEpoch();
}

QString addCustomer(LocalStore &store, const QString &phone)
{
    Customer c;
    c.name = QStringLiteral("张伟");
    Contact contact;
    contact.name = c.name;
    contact.phones = {{QString(), phone, QStringLiteral("手机")}};
    c.contacts = {contact};
    auto id = CustomerRepository(store).create(c);
    REQUIRE(id.ok());
    return *id;
}

} // namespace

TEST_CASE("A number on the do-not-call list is blocked, with the reason recorded", "[compliance]")
{
    TestWorkspace workspace; // 2026-03-02 09:00 in Beijing
    DncList dnc(workspace.store());
    REQUIRE(dnc.addNumber(QStringLiteral("138 0013 8000"), QStringLiteral("客户投诉")).ok());
    ComplianceChecker checker(workspace.store());

    const DialVerdict blocked = checker.checkAndRecord(QString(), QStringLiteral("+8613800138000"));
    CHECK_FALSE(blocked.allowed);
    CHECK(blocked.rule == QLatin1String("dnc"));
    CHECK(blocked.message == QStringLiteral("138 0013 8000 is on the do-not-call list (客户投诉)."));
    CHECK(checker.check(QString(), QStringLiteral("+8613800138001")).allowed);

    QSqlQuery row(workspace.store().database());
    REQUIRE(row.exec(QStringLiteral("SELECT phone_e164, rule, message, at, agent_id FROM dial_blocks")));
    REQUIRE(row.next());
    CHECK(row.value(0).toString() == QLatin1String("+8613800138000"));
    CHECK(row.value(1).toString() == QLatin1String("dnc"));
    CHECK(row.value(2).toString() == blocked.message);
    CHECK(row.value(3).toLongLong() == TestWorkspace::defaultStartMs);
    CHECK(row.value(4).toString() == QLatin1String("agent-me"));
    CHECK_FALSE(row.next());
    CHECK(workspace.rowCount(QStringLiteral("outbox"), QStringLiteral("table_name = 'dial_blocks' AND op = 'insert'")) == 1);
}

TEST_CASE("A do-not-call prefix blocks every number that starts with it", "[compliance]")
{
    TestWorkspace workspace;
    DncList dnc(workspace.store());
    REQUIRE(dnc.addPrefix(QStringLiteral("+86 13800")).ok());
    CHECK_FALSE(dnc.addPrefix(QStringLiteral("13800")).ok()); // no country code
    ComplianceChecker checker(workspace.store());
    const DialVerdict blocked = checker.check(QString(), QStringLiteral("+8613800138005"));
    CHECK(blocked.rule == QLatin1String("dnc"));
    CHECK(blocked.message == QStringLiteral("138 0013 8005 is on the do-not-call list: numbers starting +8613800."));
    CHECK(checker.check(QString(), QStringLiteral("+8613900139000")).allowed);
}

TEST_CASE("Calling hours hold in the customer's local time, across DST changes", "[compliance]")
{
    TestWorkspace workspace;
    ComplianceChecker checker(workspace.store());
    auto at = [&](qint64 ms, const char *number) {
        workspace.clock().setNowMs(ms);
        return checker.check(QString(), QString::fromLatin1(number));
    };

    SECTION("China (UTC+8, no DST)")
    {
        CHECK(at(utc(2026, 3, 2, 1, 0), "+8613800138001").allowed); // 09:00
        const DialVerdict early = at(utc(2026, 3, 2, 0, 59), "+8613800138001");
        CHECK(early.rule == QLatin1String("hours"));
        CHECK(early.message == QStringLiteral("Customer's local time is 08:59, outside the allowed calling hours 09:00–21:00."));
        CHECK(at(utc(2026, 3, 2, 12, 59), "+8613800138001").allowed); // 20:59
        CHECK(at(utc(2026, 3, 2, 14, 14), "+8613800138001").message
              == QStringLiteral("Customer's local time is 22:14, outside the allowed calling hours 09:00–21:00."));
    }
    SECTION("New York: 13:30 UTC is 08:30 before DST (8 March 2026) and 09:30 after")
    {
        CHECK(at(utc(2026, 3, 7, 13, 30), "+12127365000").message
              == QStringLiteral("Customer's local time is 08:30, outside the allowed calling hours 09:00–21:00."));
        CHECK(at(utc(2026, 3, 9, 13, 30), "+12127365000").allowed);
        CHECK(at(utc(2026, 3, 9, 1, 30), "+12127365000").message
              == QStringLiteral("Customer's local time is 21:30, outside the allowed calling hours 09:00–21:00."));
    }
    SECTION("London: 08:30 UTC is 08:30 GMT before 29 March 2026 and 09:30 BST after")
    {
        CHECK_FALSE(at(utc(2026, 3, 28, 8, 30), "+442079460000").allowed);
        CHECK(at(utc(2026, 3, 30, 8, 30), "+442079460000").allowed);
    }
    SECTION("Texas spans Central and Mountain time: both must be inside the window")
    {
        // 14:30 UTC on 9 March 2026: Houston 09:30 CDT but El Paso 08:30 MDT.
        CHECK(at(utc(2026, 3, 9, 14, 30), "+17135550123").message
              == QStringLiteral("Customer's local time is 08:30, outside the allowed calling hours 09:00–21:00."));
        CHECK(at(utc(2026, 3, 9, 15, 30), "+17135550123").allowed);
    }
    SECTION("California (Pacific)")
    {
        CHECK_FALSE(at(utc(2026, 3, 9, 15, 30), "+14156561234").allowed); // 08:30 PDT
        CHECK(at(utc(2026, 3, 9, 16, 0), "+14156561234").allowed);        // 09:00 PDT
    }
    SECTION("the window is policy data")
    {
        ReferenceRepository reference(workspace.store());
        REQUIRE(reference.setPolicy(QStringLiteral("calling_hours_start"), QStringLiteral("10:00")).ok());
        REQUIRE(reference.setPolicy(QStringLiteral("calling_hours_end"), QStringLiteral("18:30")).ok());
        CHECK(at(utc(2026, 3, 2, 1, 30), "+8613800138001").message
              == QStringLiteral("Customer's local time is 09:30, outside the allowed calling hours 10:00–18:30."));
        CHECK(at(utc(2026, 3, 2, 10, 29), "+8613800138001").allowed); // 18:29
        CHECK_FALSE(at(utc(2026, 3, 2, 10, 30), "+8613800138001").allowed);
    }
}

TEST_CASE("Attempt caps per day (the customer's day) and in total", "[compliance]")
{
    TestWorkspace workspace; // 2026-03-02 09:00 Beijing
    const QString customer = addCustomer(workspace.store(), QStringLiteral("13800138001"));
    ActivityRepository activities(workspace.store());
    ComplianceChecker checker(workspace.store());
    auto logAt = [&](qint64 ms, const char *outcome) {
        Call call;
        call.customerId = customer;
        call.phoneE164 = QStringLiteral("+8613800138001");
        call.startedAt = ms;
        call.outcome = QString::fromLatin1(outcome);
        REQUIRE(activities.logCall(call).ok());
    };
    // Yesterday 23:30 Beijing (15:30 UTC on 1 March) is not today.
    logAt(utc(2026, 3, 1, 15, 30), "no_answer");
    logAt(utc(2026, 3, 1, 16, 5), "busy");     // 00:05 today
    logAt(utc(2026, 3, 1, 16, 10), "cancelled"); // cancelled dials are not attempts
    logAt(utc(2026, 3, 1, 23, 0), "no_answer"); // 07:00 today
    CHECK(checker.check(customer, QStringLiteral("+8613800138001")).allowed);
    logAt(utc(2026, 3, 2, 0, 30), "connected"); // third today
    const DialVerdict day = checker.check(customer, QStringLiteral("+8613800138001"));
    CHECK(day.rule == QLatin1String("cap_day"));
    CHECK(day.message == QStringLiteral("This customer was already called 3 times today (the limit is 3 a day)."));

    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.setPolicy(QStringLiteral("max_attempts_per_day"), QStringLiteral("0")).ok());
    REQUIRE(reference.setPolicy(QStringLiteral("max_attempts_total"), QStringLiteral("4")).ok());
    const DialVerdict total = checker.check(customer, QStringLiteral("+8613800138001"));
    CHECK(total.rule == QLatin1String("cap_total"));
    CHECK(total.message == QStringLiteral("This customer was already called 4 times (the limit is 4 in total)."));
    REQUIRE(reference.setPolicy(QStringLiteral("max_attempts_total"), QStringLiteral("5")).ok());
    CHECK(checker.check(customer, QStringLiteral("+8613800138001")).allowed);
}

TEST_CASE("A compliance check that cannot read its list, policies or attempts refuses the dial "
          "instead of letting it through",
          "[compliance]")
{
    TestWorkspace workspace; // 2026-03-02 09:00 in Beijing: inside calling hours
    const QString customer = addCustomer(workspace.store(), QStringLiteral("13800138000"));
    ComplianceChecker checker(workspace.store());
    REQUIRE(checker.check(customer, QStringLiteral("+8613800138000")).allowed);

    // Each of the three reads the check makes, lost in turn.
    for (const char *table : {"dnc_numbers", "policies", "calls"}) {
        INFO(table);
        QSqlQuery damage(workspace.store().database());
        REQUIRE(damage.exec(QStringLiteral("ALTER TABLE %1 RENAME TO lost").arg(QLatin1String(table))));
        const DialVerdict verdict = checker.check(customer, QStringLiteral("+8613800138000"));
        CHECK_FALSE(verdict.allowed);
        CHECK(verdict.rule == QLatin1String("unreadable"));
        CHECK(verdict.message.startsWith(
            QStringLiteral("The compliance check cannot be made, so the call is not placed:")));
        REQUIRE(damage.exec(QStringLiteral("ALTER TABLE lost RENAME TO %1").arg(QLatin1String(table))));
    }
    CHECK(checker.check(customer, QStringLiteral("+8613800138000")).allowed);
}

TEST_CASE("Customers won or lost are not held to the attempt caps the policy exempts them from",
          "[compliance]")
{
    TestWorkspace workspace; // 2026-03-02 09:00 Beijing
    CustomerRepository customers(workspace.store());
    const QString won = addCustomer(workspace.store(), QStringLiteral("13800138001"));
    const QString open = addCustomer(workspace.store(), QStringLiteral("13800138002"));
    Customer wonCustomer = customers.load(won).value();
    wonCustomer.stage = QStringLiteral("成交");
    REQUIRE(customers.save(wonCustomer).ok());
    ActivityRepository activities(workspace.store());
    for (const QString &id : {won, open}) {
        for (int i = 0; i < 3; ++i) {
            Call call;
            call.customerId = id;
            call.phoneE164 = id == won ? QStringLiteral("+8613800138001") : QStringLiteral("+8613800138002");
            call.startedAt = workspace.clock().nowMs() - (i + 1) * 60 * 1000;
            call.outcome = QStringLiteral("connected");
            REQUIRE(activities.logCall(call).ok());
        }
    }
    ComplianceChecker checker(workspace.store());
    // By default 成交 and 流失 are exempt: the won customer may be called a fourth time today.
    CHECK(checker.check(won, QStringLiteral("+8613800138001")).allowed);
    CHECK(checker.check(open, QStringLiteral("+8613800138002")).rule == QLatin1String("cap_day"));
    // A policy naming only 流失 holds won customers to the caps again.
    ReferenceRepository reference(workspace.store());
    REQUIRE(reference.setPolicy(QStringLiteral("caps_exempt_stages"), QStringLiteral("流失")).ok());
    CHECK(checker.check(won, QStringLiteral("+8613800138001")).rule == QLatin1String("cap_day"));
}
