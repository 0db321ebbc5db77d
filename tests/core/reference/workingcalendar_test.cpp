#include <catch2/catch.hpp>

#include "core/reference/workingcalendar.h"

using namespace Leadline;

TEST_CASE("Follow-ups land on working days: weekends and the holidays policy are skipped", "[calendar]")
{
    const WorkingCalendar plain;
    const QDate friday(2026, 11, 27);
    REQUIRE(friday.dayOfWeek() == 5);
    CHECK(plain.isWorkingDay(friday));
    CHECK_FALSE(plain.isWorkingDay(friday.addDays(1)));
    CHECK(plain.nextWorkingDay(friday) == QDate(2026, 11, 30));            // Monday
    CHECK(plain.nextWorkingDay(QDate(2026, 11, 28)) == QDate(2026, 11, 30)); // from a Saturday
    CHECK(plain.nextWorkingDay(QDate(2026, 11, 30)) == QDate(2026, 12, 1));
    CHECK(plain.firstWorkingDayOfNextWeek(QDate(2026, 11, 25)) == QDate(2026, 11, 30));
    CHECK(plain.firstWorkingDayOfNextWeek(QDate(2026, 11, 30)) == QDate(2026, 12, 7));

    // National Day week: the holidays are written in the policy, one bad entry ignored.
    const QSet<QDate> holidays = WorkingCalendar::parseHolidays(
        QStringLiteral("2026-10-01, 2026-10-02;2026-10-05\n2026-10-06 2026-10-07 not-a-date 2026-13-01"));
    CHECK(holidays.size() == 5);
    const WorkingCalendar golden(holidays);
    CHECK(golden.nextWorkingDay(QDate(2026, 9, 30)) == QDate(2026, 10, 8));
    CHECK(golden.firstWorkingDayOfNextWeek(QDate(2026, 9, 30)) == QDate(2026, 10, 8));
    CHECK(WorkingCalendar::parseHolidays(QString()).isEmpty());
}
