#pragma once

#include "core/domain/result.h"

#include <QDate>
#include <QList>
#include <QTimeZone>

namespace Leadline {

/// A run of instants with one UTC offset: [startMs, endMs), local time = UTC + offsetMs.
struct OffsetSpan
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 offsetMs = 0;
};

/// Whole local days from `from` to `to`, both included. Which instants they cover depends on the
/// time zone of the team whose figures are asked for.
struct KpiPeriod
{
    QDate from;
    QDate to;

    /// A period from two ISO dates (YYYY-MM-DD), from not after to.
    static Result<KpiPeriod> parse(const QString &from, const QString &to);
    bool isValid() const { return from.isValid() && to.isValid() && from <= to; }
    qint64 dayCount() const { return isValid() ? from.daysTo(to) + 1 : 0; }
    /// The first instant of `from` in zone.
    qint64 startMs(const QTimeZone &zone) const;
    /// The first instant after `to` in zone (exclusive end).
    qint64 endMs(const QTimeZone &zone) const;
    /// The period cut where zone's offset changes (daylight saving), so that in each span the
    /// local day of an instant t is (t + offsetMs) / 86400000 days after 1970-01-01.
    QList<OffsetSpan> spans(const QTimeZone &zone) const;
    /// The local date of day number n (days since 1970-01-01).
    static QDate dateOfDay(qint64 dayNumber);
};

} // namespace Leadline
