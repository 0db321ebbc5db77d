#include "leadscorer.h"

#include "core/domain/clock.h"

#include <cmath>

namespace Leadline {

namespace {

constexpr double dayMs = 24.0 * 60 * 60 * 1000;

} // namespace

LeadScorer::LeadScorer(ScoreWeights weights, const Clock &clock)
    : m_weights(std::move(weights))
    , m_clock(clock)
{}

LeadScore LeadScorer::score(const CustomerFacts &facts) const
{
    const Customer &c = facts.customer;
    const qint64 now = m_clock.nowMs();
    auto decay = [this, now](qint64 at) {
        const double ageDays = std::max(0.0, double(now - at) / dayMs);
        return m_weights.halfLifeDays > 0 ? std::pow(0.5, ageDays / m_weights.halfLifeDays) : 1.0;
    };
    LeadScore result;
    auto add = [&result](int points, const char *kind, const QString &detail) {
        if (points != 0)
            result.reasons.append(ScoreReason{points, QLatin1String(kind), detail});
    };
    add(m_weights.industry.value(c.industry), "industry", c.industry);
    add(m_weights.region.value(c.region), "region", c.region);
    QString bestWord;
    int bestTitle = 0;
    for (auto it = m_weights.title.cbegin(); it != m_weights.title.cend(); ++it) {
        if (c.title.contains(it.key())
            && (it.value() > bestTitle || (it.value() == bestTitle && it.key() < bestWord))) {
            bestTitle = it.value();
            bestWord = it.key();
        }
    }
    add(bestTitle, "title", c.title);
    add(m_weights.intent.value(c.intent), "intent", c.intent);
    add(m_weights.stage.value(c.stage), "stage", c.stage);

    double callPoints = 0;
    int connected = 0;
    const qint64 horizon = m_weights.callHorizonMs();
    for (const CallFact &call : facts.calls) {
        if (call.connected && call.at <= now && (horizon < 0 || call.at >= now - horizon)) {
            ++connected;
            callPoints += m_weights.connectedCall * decay(call.at);
        }
    }
    const int calls = std::min(m_weights.connectedCallsCap, int(std::lround(callPoints)));
    add(calls, "calls", QString::number(connected));
    if (c.lastContactAt && *c.lastContactAt <= now) {
        const int days = int((now - *c.lastContactAt) / qint64(dayMs));
        add(int(std::lround(m_weights.recentContact * decay(*c.lastContactAt))), "recent",
            QString::number(days));
    }

    int total = 0;
    for (const ScoreReason &reason : std::as_const(result.reasons))
        total += reason.points;
    if (total > m_weights.maximum) {
        add(m_weights.maximum - total, "cap", QString::number(m_weights.maximum));
        total = m_weights.maximum;
    }
    result.score = total;
    result.band = total >= m_weights.hotFrom    ? QStringLiteral("热")
                  : total >= m_weights.warmFrom ? QStringLiteral("温")
                                                : QStringLiteral("冷");
    return result;
}

} // namespace Leadline
