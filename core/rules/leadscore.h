#pragma once

#include <QList>
#include <QString>

namespace Leadline {

/// One reason of a lead score: its points and what earned them. kind is one of industry,
/// region, title, intent, stage, calls, recent, cap; detail is the value that matched.
struct ScoreReason
{
    int points = 0;
    QString kind;
    QString detail;

    /// "+20 行业匹配：制造业" in the UI language.
    QString text() const;
};

/// A customer's lead score, its band and the reasons, which always add up to score.
struct LeadScore
{
    int score = 0;
    QString band; ///< 热, 温 or 冷 (stored values; Vocabulary-style labels in the UI)
    QList<ScoreReason> reasons;

    /// The reasons as stored in customers.score_reasons: a JSON array of {points, kind, detail,
    /// reason}, reason being the stored Chinese sentence ("行业匹配：制造业") the UI falls back
    /// on when it does not know the kind.
    QString reasonsJson() const;
};

} // namespace Leadline
