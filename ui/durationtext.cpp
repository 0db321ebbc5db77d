#include "durationtext.h"

#include <QCoreApplication>

namespace Leadline::Ui {

QString durationText(qint64 ms)
{
    const qint64 minutes = qMax<qint64>(0, ms) / 60000;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (days > 0)
        return QCoreApplication::translate("Leadline::Ui::DurationText", "%1 d %2 h")
            .arg(days)
            .arg(hours % 24);
    if (hours > 0)
        return QCoreApplication::translate("Leadline::Ui::DurationText", "%1 h %2 min")
            .arg(hours)
            .arg(minutes % 60);
    return QCoreApplication::translate("Leadline::Ui::DurationText", "%1 min").arg(minutes);
}

} // namespace Leadline::Ui
