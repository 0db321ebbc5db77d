#pragma once

#include "scoreweights.h"

#include "core/domain/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;
struct CustomerFacts;
struct DomainEvent;

/// Keeps every customer's lead score and reasons current with the stored weights: one
/// customer inside the transaction of the change that moves its score (its fields, a call),
/// all of them when the weights change, and the sweep's customers as calls and contacts
/// decay. A score is written (synced) only when it or its reasons changed.
class LeadScoreKeeper final
{
public:
    explicit LeadScoreKeeper(LocalStore &store);

    /// The stored weights, else the defaults.
    ScoreWeights weights() const;
    /// Whether the event changes what a score reads (the customer's fields, its calls).
    static bool changesScore(const DomainEvent &event);
    /// Rescores the event's customer in the caller's transaction; what fails is logged.
    void handle(const DomainEvent &event);
    /// The same with these weights (a sweep's, read once).
    void handle(const DomainEvent &event, const ScoreWeights &weights);
    /// Whether the stored score or reasons differ from what weights give at nowMs.
    static bool isStale(const CustomerFacts &facts, qint64 nowMs, const ScoreWeights &weights);
    /// The earliest instant after nowMs at which the clock alone may change the customer's score
    /// or reasons (its points decay past a rounding step, a call leaves the horizon, the days
    /// since the last contact tick over); never later than the true change. nullopt: never.
    static std::optional<qint64> nextChangeAt(const CustomerFacts &facts, qint64 nowMs,
                                              const ScoreWeights &weights);
    /// Rescores these customers at nowMs in one transaction; returns how many changed.
    Result<int> store(const QList<CustomerFacts> &customers, qint64 nowMs,
                      const ScoreWeights &weights);
    /// Rescores every customer now; returns how many changed.
    Result<int> rescoreAll();
    /// Stores new weights (supervisors and administrators, in bounds) and rescores everyone.
    Result<int> saveWeights(const ScoreWeights &weights);

private:
    Result<bool> rescore(const CustomerFacts &facts, qint64 nowMs, const ScoreWeights &weights);

    LocalStore &m_store;
};

} // namespace Leadline
