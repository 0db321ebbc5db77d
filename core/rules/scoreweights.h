#pragma once

#include "core/domain/result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace Leadline {

/// The lead score's weights, decay and thresholds: data supervisors edit (SPEC §2.5, §4
/// score_weights). Points are whole numbers so a score's reasons add up exactly.
struct ScoreWeights
{
    QHash<QString, int> industry; ///< industry → points (profile fit)
    QHash<QString, int> region;   ///< region → points
    QHash<QString, int> title; ///< a word in the title (总, 经理…) → points; the best one counts
    QHash<QString, int> intent; ///< intent level → points
    QHash<QString, int> stage;  ///< stage → points (need)
    int connectedCall = 6;      ///< points per connected call at age 0
    int connectedCallsCap = 24; ///< at most this many points from calls
    double halfLifeDays = 14;   ///< a call's points halve every this many days
    int recentContact = 10;     ///< points for a contact today, decaying with the same half-life
    int hotFrom = 70;           ///< score ≥ hotFrom: 热
    int warmFrom = 40;          ///< score ≥ warmFrom: 温; below: 冷
    int maximum = 100;          ///< the score never goes above this

    /// How far back calls count (ms): ten half-lives, after which a call is worth under a
    /// thousandth of its points. -1: every call (no decay).
    qint64 callHorizonMs() const
    {
        return halfLifeDays > 0 ? qint64(halfLifeDays * 10 * 24 * 3600 * 1000) : -1;
    }

    /// The weights a new workspace starts with.
    static ScoreWeights defaults();

    /// As stored in score_weights.weights: {"industry": {"制造业": 20…}, "region": …,
    /// "connected_call": 6, "half_life_days": 14, "hot_from": 70…}.
    QJsonObject toJson() const;
    /// Reads the stored form; a key left out keeps its default.
    static Result<ScoreWeights> fromJson(const QString &text);
    /// What is wrong with these weights in the user's language (empty when valid): whole
    /// points within ±100, 0 ≤ warm ≤ hot ≤ maximum ≤ 1000, a half-life of 0 to 3650 days.
    QString problem() const;

    bool operator==(const ScoreWeights &) const = default;
};

} // namespace Leadline
