#pragma once

#include "scoreweights.h"

#include "core/domain/result.h"

namespace Leadline {

class LocalStore;

/// The workspace's stored weights (synced, one row); supervisors and administrators save them.
class ScoreWeightsRepository final
{
public:
    explicit ScoreWeightsRepository(LocalStore &store);

    /// The stored weights, or the defaults when none were saved.
    Result<ScoreWeights> load() const;
    /// Checks the permission and the bounds, then stores the weights (outbox included).
    Status save(const ScoreWeights &weights);

    static constexpr const char *rowId = "workspace";

private:
    LocalStore &m_store;
};

} // namespace Leadline
