#include "kpitext.h"

#include <QLocale>

namespace Leadline::Ui {

QString KpiText::none()
{
    return QStringLiteral("\u2014");
}

QString KpiText::percent(const std::optional<double> &fraction)
{
    if (!fraction)
        return none();
    return QLocale().toString(*fraction * 100.0, 'f', 1) + QLatin1Char('%');
}

QString KpiText::exactPercent(const std::optional<double> &fraction)
{
    if (!fraction)
        return none();
    return QLocale().toString(*fraction * 100.0, 'f', 3) + QLatin1Char('%');
}

QString KpiText::clock(qint64 seconds)
{
    const qint64 h = seconds / 3600;
    const int m = int(seconds / 60 % 60);
    const int s = int(seconds % 60);
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString KpiText::number(const std::optional<double> &value, int decimals)
{
    if (!value)
        return none();
    return QLocale().toString(*value, 'f', decimals);
}

} // namespace Leadline::Ui
