#include "scoreweights.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cmath>

namespace Leadline {

ScoreWeights ScoreWeights::defaults()
{
    ScoreWeights w;
    w.industry = {{QStringLiteral("制造业"), 20}, {QStringLiteral("教育"), 15},
                  {QStringLiteral("零售"), 10},   {QStringLiteral("医疗"), 15},
                  {QStringLiteral("金融"), 15},   {QStringLiteral("物流"), 10}};
    w.region = {{QStringLiteral("上海"), 5},
                {QStringLiteral("江苏"), 5},
                {QStringLiteral("浙江"), 5},
                {QStringLiteral("北京"), 5},
                {QStringLiteral("广东"), 5}};
    w.title = {{QStringLiteral("总"), 10},
               {QStringLiteral("经理"), 8},
               {QStringLiteral("主管"), 5},
               {QStringLiteral("采购"), 6}};
    w.intent = {{QStringLiteral("高"), 30}, {QStringLiteral("中"), 15}, {QStringLiteral("低"), 5}};
    w.stage = {{QStringLiteral("需求沟通"), 5},
               {QStringLiteral("方案提供"), 10},
               {QStringLiteral("报价阶段"), 15},
               {QStringLiteral("待签约"), 20}};
    return w;
}

namespace {

const char *const sectionNames[] = {"industry", "region", "title", "intent", "stage"};

QHash<QString, int> *section(ScoreWeights &w, int index)
{
    QHash<QString, int> *all[] = {&w.industry, &w.region, &w.title, &w.intent, &w.stage};
    return all[index];
}

} // namespace

QJsonObject ScoreWeights::toJson() const
{
    QJsonObject out;
    ScoreWeights copy = *this;
    for (int i = 0; i < 5; ++i) {
        QJsonObject points;
        const QHash<QString, int> &map = *section(copy, i);
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            points.insert(it.key(), it.value());
        out.insert(QLatin1String(sectionNames[i]), points);
    }
    out.insert(QStringLiteral("connected_call"), connectedCall);
    out.insert(QStringLiteral("connected_calls_cap"), connectedCallsCap);
    out.insert(QStringLiteral("half_life_days"), halfLifeDays);
    out.insert(QStringLiteral("recent_contact"), recentContact);
    out.insert(QStringLiteral("hot_from"), hotFrom);
    out.insert(QStringLiteral("warm_from"), warmFrom);
    out.insert(QStringLiteral("maximum"), maximum);
    return out;
}

Result<ScoreWeights> ScoreWeights::fromJson(const QString &text)
{
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parsed);
    if (parsed.error != QJsonParseError::NoError || !document.isObject())
        return Error{QCoreApplication::translate("Leadline::ScoreWeights", "The score weights are not readable.")};
    const QJsonObject in = document.object();
    ScoreWeights w = defaults();
    for (int i = 0; i < 5; ++i) {
        const QString key = QLatin1String(sectionNames[i]);
        if (!in.contains(key))
            continue;
        QHash<QString, int> &map = *section(w, i);
        map.clear();
        const QJsonObject points = in.value(key).toObject();
        for (auto it = points.constBegin(); it != points.constEnd(); ++it)
            map.insert(it.key(), it.value().toInt());
    }
    const auto number = [&in](const char *key, auto &target) {
        const QJsonValue value = in.value(QLatin1String(key));
        if (value.isDouble())
            target = static_cast<std::remove_reference_t<decltype(target)>>(value.toDouble());
    };
    number("connected_call", w.connectedCall);
    number("connected_calls_cap", w.connectedCallsCap);
    number("half_life_days", w.halfLifeDays);
    number("recent_contact", w.recentContact);
    number("hot_from", w.hotFrom);
    number("warm_from", w.warmFrom);
    number("maximum", w.maximum);
    return w;
}

QString ScoreWeights::problem() const
{
    ScoreWeights copy = *this;
    for (int i = 0; i < 5; ++i) {
        const QHash<QString, int> &map = *section(copy, i);
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.key().trimmed().isEmpty())
                return QCoreApplication::translate("Leadline::ScoreWeights", "Every weight needs a value to match.");
            if (std::abs(it.value()) > 100)
                return QCoreApplication::translate("Leadline::ScoreWeights", "%1 is given %2 points; points are within ±100.")
                    .arg(it.key())
                    .arg(it.value());
        }
    }
    if (std::abs(connectedCall) > 100 || std::abs(recentContact) > 100 || connectedCallsCap < 0
        || connectedCallsCap > 1000) {
        return QCoreApplication::translate("Leadline::ScoreWeights", "Call and contact points are within ±100 (the cap within 0 to 1,000).");
    }
    if (!(halfLifeDays >= 0 && halfLifeDays <= 3650))
        return QCoreApplication::translate("Leadline::ScoreWeights", "The half-life is 0 to 3,650 days (0: no decay).");
    if (!(0 <= warmFrom && warmFrom <= hotFrom && hotFrom <= maximum && maximum <= 1000))
        return QCoreApplication::translate("Leadline::ScoreWeights", "The thresholds must be 0 ≤ warm ≤ hot ≤ maximum ≤ 1,000.");
    return {};
}

} // namespace Leadline
