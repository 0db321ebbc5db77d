#include "leadscore.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

QString LeadScore::reasonsJson() const
{
    // Stored data is Chinese, whatever the language of the client that computed it.
    static const QHash<QString, QString> kinds = {
        {QStringLiteral("industry"), QStringLiteral("行业匹配")},
        {QStringLiteral("region"), QStringLiteral("地区匹配")},
        {QStringLiteral("title"), QStringLiteral("决策人")},
        {QStringLiteral("intent"), QStringLiteral("意向等级")},
        {QStringLiteral("stage"), QStringLiteral("跟进阶段")},
        {QStringLiteral("calls"), QStringLiteral("接通通话")},
        {QStringLiteral("recent"), QStringLiteral("近期联系")},
        {QStringLiteral("cap"), QStringLiteral("封顶")}};
    QJsonArray array;
    for (const ScoreReason &reason : reasons) {
        array.append(QJsonObject{{QStringLiteral("points"), reason.points},
                                 {QStringLiteral("kind"), reason.kind},
                                 {QStringLiteral("detail"), reason.detail},
                                 {QStringLiteral("reason"), kinds.value(reason.kind, reason.kind)
                                                                + QStringLiteral("：")
                                                                + reason.detail}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace Leadline
