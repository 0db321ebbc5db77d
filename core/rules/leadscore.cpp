#include "leadscore.h"

#include <QCoreApplication>

namespace Leadline {

QString ScoreReason::text() const
{
    const char *what = QT_TRANSLATE_NOOP("Leadline::Rules", "Other");
    if (kind == QLatin1String("industry"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Industry fit");
    else if (kind == QLatin1String("region"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Region fit");
    else if (kind == QLatin1String("title"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Decision maker");
    else if (kind == QLatin1String("intent"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Intent");
    else if (kind == QLatin1String("stage"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Stage");
    else if (kind == QLatin1String("calls"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Connected calls");
    else if (kind == QLatin1String("recent"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Recent contact");
    else if (kind == QLatin1String("cap"))
        what = QT_TRANSLATE_NOOP("Leadline::Rules", "Capped at the maximum");
    const QString sign = points >= 0 ? QStringLiteral("+") : QString();
    return QCoreApplication::translate("Leadline::Rules", "%1%2 %3: %4")
        .arg(sign)
        .arg(points)
        .arg(QCoreApplication::translate("Leadline::Rules", what), detail);
}

} // namespace Leadline
