#pragma once

#include <QHash>
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
};

} // namespace Leadline
