#include "workingcalendar.h"

#include "core/storage/localstore.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace Leadline {

namespace {

/// A year of holidays never blocks more than this; a longer search means a broken policy.
constexpr int searchLimitDays = 366;

} // namespace

WorkingCalendar::WorkingCalendar(QSet<QDate> holidays)
    : m_holidays(std::move(holidays))
{}

WorkingCalendar WorkingCalendar::fromPolicies(const LocalStore &store)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT value FROM policies WHERE key = 'holidays' AND deleted = 0"));
    if (query.exec() && query.next())
        return WorkingCalendar(parseHolidays(query.value(0).toString()));
    return WorkingCalendar();
}

QSet<QDate> WorkingCalendar::parseHolidays(const QString &policy)
{
    QSet<QDate> out;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : policy.split(separators, Qt::SkipEmptyParts)) {
        if (const QDate date = QDate::fromString(part, Qt::ISODate); date.isValid())
            out.insert(date);
    }
    return out;
}

bool WorkingCalendar::isWorkingDay(const QDate &date) const
{
    return date.dayOfWeek() <= 5 && !m_holidays.contains(date);
}

QDate WorkingCalendar::nextWorkingDay(const QDate &date) const
{
    QDate day = date.addDays(1);
    for (int i = 0; i < searchLimitDays && !isWorkingDay(day); ++i)
        day = day.addDays(1);
    return day;
}

QDate WorkingCalendar::firstWorkingDayOfNextWeek(const QDate &date) const
{
    const QDate monday = date.addDays(8 - date.dayOfWeek());
    return isWorkingDay(monday) ? monday : nextWorkingDay(monday);
}

} // namespace Leadline
