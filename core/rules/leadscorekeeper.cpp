#include "leadscorekeeper.h"

#include "customerfactsreader.h"
#include "leadscorer.h"
#include "scoreweightsrepository.h"

#include "core/domain/clock.h"
#include "core/storage/changewriter.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QLoggingCategory>

#include <algorithm>
#include <limits>

Q_LOGGING_CATEGORY(lcScores, "leadline.rules.scores")

namespace Leadline {

namespace {

LeadScore scoreAt(const CustomerFacts &facts, qint64 nowMs, const ScoreWeights &weights)
{
    const FakeClock instant(nowMs);
    return LeadScorer(weights, instant).score(facts);
}

qint64 callsSince(const ScoreWeights &weights, qint64 nowMs)
{
    const qint64 horizon = weights.callHorizonMs();
    return horizon < 0 ? 0 : nowMs - horizon;
}

} // namespace

LeadScoreKeeper::LeadScoreKeeper(LocalStore &store)
    : m_store(store)
{}

ScoreWeights LeadScoreKeeper::weights() const
{
    auto stored = ScoreWeightsRepository(m_store).load();
    if (!stored) {
        qCWarning(lcScores) << stored.message();
        return ScoreWeights::defaults();
    }
    return *stored;
}

bool LeadScoreKeeper::changesScore(const DomainEvent &event)
{
    return !event.customerId.isEmpty()
           && (event.kind == QLatin1String("customer_created")
               || event.kind == QLatin1String("customer_updated")
               || event.kind == QLatin1String("call_logged")
               || event.kind == QLatin1String("lead_imported"));
}

void LeadScoreKeeper::handle(const DomainEvent &event)
{
    if (changesScore(event))
        handle(event, weights());
}

void LeadScoreKeeper::handle(const DomainEvent &event, const ScoreWeights &scoring)
{
    if (!changesScore(event))
        return;
    const qint64 now = m_store.clock().nowMs();
    auto facts = CustomerFactsReader(m_store, callsSince(scoring, now)).read(event.customerId);
    if (!facts) {
        qCWarning(lcScores) << facts.message();
        return;
    }
    if (!*facts)
        return;
    if (auto scored = rescore(**facts, now, scoring); !scored)
        qCWarning(lcScores) << scored.message();
}

bool LeadScoreKeeper::isStale(const CustomerFacts &facts, qint64 nowMs,
                              const ScoreWeights &weights)
{
    const LeadScore score = scoreAt(facts, nowMs, weights);
    return score.score != facts.customer.score
           || score.reasonsJson() != facts.customer.scoreReasons;
}

std::optional<qint64> LeadScoreKeeper::nextChangeAt(const CustomerFacts &facts, qint64 nowMs,
                                                    const ScoreWeights &weights)
{
    constexpr qint64 dayMs = 24LL * 3600 * 1000;
    const LeadScore at = scoreAt(facts, nowMs, weights);
    // The reasons compared field by field: their stored JSON holds nothing else (its sentence
    // follows from kind and detail), and writing it out at each step of the search below was
    // most of a sweep's time per customer.
    const auto differs = [&](qint64 instant) {
        const LeadScore later = scoreAt(facts, instant, weights);
        return later.score != at.score
               || !std::equal(later.reasons.cbegin(), later.reasons.cend(), at.reasons.cbegin(),
                              at.reasons.cend(), [](const ScoreReason &a, const ScoreReason &b) {
                                  return a.points == b.points && a.kind == b.kind
                                         && a.detail == b.detail;
                              });
    };
    // The instants where a step happens: a call enters or leaves what counts, a day since the
    // last contact passes. Between two of them every part of the score only decays, so once it
    // differs from now it keeps differing.
    qint64 next = std::numeric_limits<qint64>::max();
    const qint64 horizon = weights.callHorizonMs();
    for (const CallFact &call : facts.calls) {
        if (!call.connected)
            continue;
        if (call.at > nowMs)
            next = std::min(next, call.at);
        else if (horizon >= 0 && call.at + horizon >= nowMs)
            next = std::min(next, call.at + horizon + 1);
    }
    if (const auto contact = facts.customer.lastContactAt) {
        if (*contact > nowMs) {
            next = std::min(next, *contact);
        } else if (std::any_of(at.reasons.cbegin(), at.reasons.cend(), [](const ScoreReason &r) {
                       return r.kind == QLatin1String("recent");
                   })) {
            next = std::min(next, *contact + ((nowMs - *contact) / dayMs + 1) * dayMs);
        }
    }
    // Without a step ahead nothing moves: calls past the horizon never count again and recent
    // points that rounded to nothing stay nothing.
    if (next == std::numeric_limits<qint64>::max())
        return std::nullopt;
    if (weights.halfLifeDays <= 0 || !differs(next - 1))
        return next;
    qint64 same = nowMs;     // differs(same) is false
    qint64 changed = next - 1; // differs(changed) is true
    while (changed - same > 1000) {
        const qint64 middle = same + (changed - same) / 2;
        if (differs(middle))
            changed = middle;
        else
            same = middle;
    }
    return same + 1;
}

Result<bool> LeadScoreKeeper::rescore(const CustomerFacts &facts, qint64 nowMs,
                                      const ScoreWeights &weights)
{
    const LeadScore score = scoreAt(facts, nowMs, weights);
    const QString reasons = score.reasonsJson();
    if (score.score == facts.customer.score && reasons == facts.customer.scoreReasons)
        return false;
    auto updated = ChangeWriter(m_store).update(
        QStringLiteral("customers"), facts.customer.id,
        {{QStringLiteral("score"), score.score}, {QStringLiteral("score_reasons"), reasons}});
    if (!updated)
        return updated.error();
    return true;
}

Result<int> LeadScoreKeeper::store(const QList<CustomerFacts> &customers, qint64 nowMs,
                                   const ScoreWeights &weights)
{
    if (customers.isEmpty())
        return 0;
    Transaction scores(m_store);
    if (!scores.isActive())
        return scores.error();
    int changed = 0;
    for (const CustomerFacts &facts : customers) {
        auto scored = rescore(facts, nowMs, weights);
        if (!scored)
            return scored.error();
        changed += *scored ? 1 : 0;
    }
    if (auto committed = scores.commit(); !committed)
        return committed.error();
    return changed;
}

Result<int> LeadScoreKeeper::rescoreAll()
{
    const qint64 now = m_store.clock().nowMs();
    const ScoreWeights scoring = weights();
    QList<CustomerFacts> stale;
    auto scanned = CustomerFactsReader(m_store, callsSince(scoring, now))
                       .forEach([&](const CustomerFacts &facts) {
                           if (isStale(facts, now, scoring))
                               stale.append(facts);
                           return true;
                       });
    if (!scanned)
        return scanned.error();
    return store(stale, now, scoring);
}

Result<int> LeadScoreKeeper::saveWeights(const ScoreWeights &weights)
{
    if (auto saved = ScoreWeightsRepository(m_store).save(weights); !saved)
        return saved.error();
    return rescoreAll();
}

} // namespace Leadline
