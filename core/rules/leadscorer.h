#pragma once

#include "customerfacts.h"
#include "leadscore.h"
#include "scoreweights.h"

namespace Leadline {

class Clock;

/// Scores a customer from its facts: profile fit (industry, region, title), need (stage),
/// intent, and behaviour (connected calls and the latest contact, decaying with age). Each
/// part is rounded to whole points before it is added, so the reasons sum to the score.
class LeadScorer final
{
public:
    LeadScorer(ScoreWeights weights, const Clock &clock);

    LeadScore score(const CustomerFacts &facts) const;

private:
    ScoreWeights m_weights;
    const Clock &m_clock;
};

} // namespace Leadline
