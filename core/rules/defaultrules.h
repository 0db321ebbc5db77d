#pragma once

#include "rule.h"

#include <QList>

namespace Leadline {

/// The rules a new workspace ships with, covering the six scenarios of the seeds (§2.5):
/// new web lead → assign and a follow-up todo; intent set to 高 → meeting todo; high intent and
/// silent for 3 days → remind owner and supervisor; no follow-up 24 h after assignment → back
/// to the pool; silent 30 days in 需求沟通 → nurture list; two unanswered calls → call task and
/// the 中期培育 tag. Plain data: supervisors edit them like any other rule.
class DefaultRules final
{
public:
    static QList<Rule> all();
};

} // namespace Leadline
