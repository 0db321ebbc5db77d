#pragma once

#include <QDate>
#include <QSet>
#include <QString>

namespace Leadline {

class LocalStore;

/// Which days people are called on: Monday to Friday, less the holidays of the `holidays`
/// policy (dates as yyyy-MM-dd, separated by commas, spaces or new lines; a date that does not
/// parse is ignored). Follow-ups "tomorrow" and "next week" land on working days.
class WorkingCalendar final
{
public:
    explicit WorkingCalendar(QSet<QDate> holidays = {});
    /// The calendar of the workspace's policies.
    static WorkingCalendar fromPolicies(const LocalStore &store);
    /// The holidays written in a policy value.
    static QSet<QDate> parseHolidays(const QString &policy);

    bool isWorkingDay(const QDate &date) const;
    /// The first working day after date.
    QDate nextWorkingDay(const QDate &date) const;
    /// The first working day of the week after date's.
    QDate firstWorkingDayOfNextWeek(const QDate &date) const;

private:
    QSet<QDate> m_holidays;
};

} // namespace Leadline
