#include "kpiperiod.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::KpiPeriod", text);
}

constexpr qint64 julianDayOfEpoch = 2440588;

} // namespace

Result<KpiPeriod> KpiPeriod::parse(const QString &from, const QString &to)
{
    KpiPeriod period{QDate::fromString(from, Qt::ISODate), QDate::fromString(to, Qt::ISODate)};
    if (!period.from.isValid())
        return Error{tr("The start date \"%1\" is not a date like 2026-03-01.").arg(from),
                     QStringLiteral("from")};
    if (!period.to.isValid())
        return Error{tr("The end date \"%1\" is not a date like 2026-03-31.").arg(to),
                     QStringLiteral("to")};
    if (period.from > period.to)
        return Error{tr("The start date %1 is after the end date %2.").arg(from, to),
                     QStringLiteral("from")};
    return period;
}

qint64 KpiPeriod::startMs(const QTimeZone &zone) const
{
    return QDateTime(from, QTime(0, 0), zone).toMSecsSinceEpoch();
}

qint64 KpiPeriod::endMs(const QTimeZone &zone) const
{
    return QDateTime(to.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch();
}

QList<OffsetSpan> KpiPeriod::spans(const QTimeZone &zone) const
{
    QList<OffsetSpan> out;
    if (!isValid())
        return out;
    const qint64 start = startMs(zone);
    const qint64 end = endMs(zone);
    const QDateTime startTime = QDateTime::fromMSecsSinceEpoch(start, Qt::UTC);
    OffsetSpan current{start, end, qint64(zone.offsetFromUtc(startTime)) * 1000};
    const auto transitions = zone.transitions(startTime.addMSecs(1),
                                              QDateTime::fromMSecsSinceEpoch(end - 1, Qt::UTC));
    for (const QTimeZone::OffsetData &transition : transitions) {
        const qint64 at = transition.atUtc.toMSecsSinceEpoch();
        const qint64 offset = qint64(transition.offsetFromUtc) * 1000;
        if (at <= current.startMs || at >= end || offset == current.offsetMs)
            continue;
        current.endMs = at;
        out.append(current);
        current = OffsetSpan{at, end, offset};
    }
    out.append(current);
    return out;
}

QDate KpiPeriod::dateOfDay(qint64 dayNumber)
{
    return QDate::fromJulianDay(julianDayOfEpoch + dayNumber);
}

} // namespace Leadline
