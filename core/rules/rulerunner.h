#pragma once

#include "customerfactsreader.h"
#include "rule.h"
#include "rulecondition.h"
#include "ruleplan.h"
#include "scoreweights.h"

#include "core/domain/result.h"
#include "core/reference/permissions.h"
#include "core/storage/domainevent.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <optional>

namespace Leadline {

class Clock;
class LocalStore;
struct CustomerFacts;

/// Runs the workspace's rules. Event rules run here, on the client where the event happened:
/// the services announce each event inside their write transaction (LocalStore::announce) and
/// the runner decides and acts in that same transaction. Time rules run in sweep(), every five
/// minutes and at start-up (RuleScheduler), catching up on whatever came due meanwhile and
/// recording how late the sweep ran.
///
/// Every decision goes through plan(): the real run, the dry run and the sweep use the same
/// function, so a dry run shows exactly what the real run does. A run's id is derived from
/// (rule, customer, cause) and so is every row its actions insert, so two clients that decide
/// the same thing write the same rows and the server keeps the first; assignments and field
/// changes carry the state they were decided on (ChangeWriter::updateExpecting). Actions go
/// through the same services as the GUI (TodoService, CustomerRepository), with a timeline
/// entry naming the rule and the values its condition saw. A cascade (an action's event
/// firing another rule) stops at depth maxDepth with a run recorded as "loop" naming the cycle.
class RuleRunner final : public DomainEventSink
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::RuleRunner)
    Q_DISABLE_COPY_MOVE(RuleRunner)

public:
    static constexpr int maxDepth = 3;
    static constexpr qint64 sweepIntervalMs = 5 * 60 * 1000;

    explicit RuleRunner(LocalStore &store, QTimeZone zone = QTimeZone::systemTimeZone());
    ~RuleRunner() override;

    /// Subscribes the runner to the store's domain events (until it is destroyed).
    void install();

    void handle(const DomainEvent &event) override;

    struct SweepReport
    {
        int customers = 0;  ///< customers looked at
        int rules = 0;      ///< time rules evaluated
        int matched = 0;    ///< (rule, customer) pairs whose condition held
        int applied = 0;    ///< runs whose actions were applied now
        int alreadyRun = 0; ///< matched, but decided before (here or on another client)
        int failed = 0;     ///< runs an action refused (recorded, nothing kept)
        int stale = 0;      ///< runs whose state changed before they applied
        int rescored = 0;   ///< customers whose lead score or reasons changed (decay)
        bool full = false;  ///< every customer was decided (else only those that could change)
        qint64 lateMs = 0;  ///< how much later than due the sweep ran
        qint64 elapsedMs = 0;
    };
    /// Runs the time rules (schedule and to-do overdue). The first sweep, and one after the rules
    /// or weights changed, decides every customer; later ones only the customers whose facts
    /// changed since (rule_dirty), whose time thresholds were crossed since (RuleTimeWatch) or
    /// whose score decays meanwhile (rule_score_due): every other customer would decide as it
    /// did at the last sweep, which recorded its run. The decisions are those of a full sweep.
    Result<SweepReport> sweep();
    /// A sweep running on another thread stops at the next customer or action when *flag turns
    /// true (the window is closing); what it applied stays, and the next sweep goes on from there.
    void setStopFlag(const std::atomic<bool> *flag) { m_stop = flag; }
    /// Customers a sweep (or a dry run) reads, decides and applies at a time.
    void setChunkSize(int customers) { m_chunkSize = customers; }

    /// Which customers the rule matches now and what it would do, decided exactly as the real
    /// run decides (nothing is written). Event rules are decided as if their event happened now.
    Result<QList<RulePlan>> dryRun(const Rule &rule) const;
    /// What the rule would have done over the last days: decided at the end of each day (time
    /// rules) or at each call logged or customer created (those events), on the customers'
    /// current fields with only the calls made by then. The first decision per run id counts.
    Result<QList<RulePlan>> backtest(const Rule &rule, int days = 30) const;

    /// The lead score weights in use (the stored ones, else the defaults).
    ScoreWeights weights() const;
    /// Rescores every customer now (after the weights changed); returns how many changed.
    Result<int> rescoreAll();
    /// Stores new weights (supervisors and administrators; checked like the server checks
    /// them) and rescores every customer with them; returns how many scores changed.
    Result<int> saveWeights(const ScoreWeights &weights);

    /// The cascade currently applying, by rule name (empty outside a run); for tests and logs.
    QStringList chain() const { return m_chain; }

private:
    struct Compiled
    {
        Rule rule;
        RuleCondition condition;
        QStringList stateKeys; ///< what a time rule's decision rests on besides the clock
    };
    struct Planning; // agent loads and lookups shared by the plans of one pass

    Result<const QList<Compiled> *> compiled() const;
    Compiled compile(const Rule &rule) const;
    QString causeFor(const Compiled &rule, const CustomerFacts &facts, qint64 nowMs) const;
    std::optional<RulePlan> plan(const Compiled &rule,
                                 const CustomerFacts &facts,
                                 const QString &cause,
                                 const Clock &clock,
                                 Planning &planning) const;
    /// Decides the rules for every customer (or those of only) at nowMs, a chunk of customers
    /// at a time in rowid order: visit sees each customer's facts, done each chunk's plans (in
    /// customer order) and returns false to stop. planning carries over from chunk to chunk.
    Status decideChunks(const QList<const Compiled *> &rules,
                        qint64 nowMs,
                        Planning &planning,
                        const QStringList *only,
                        qint64 visitWindowMs,
                        const std::function<void(const CustomerFacts &)> &visit,
                        const std::function<bool(QList<RulePlan> &)> &done) const;
    /// The customers an incremental sweep at nowMs must decide, or nullopt when it must decide
    /// every customer (first sweep, rules or weights changed, a condition it cannot follow…).
    /// dirtyMark receives the last change-log row it covers.
    Result<std::optional<QStringList>> sweepCandidates(const QList<const Compiled *> &rules,
                                                       const QString &signature,
                                                       qint64 nowMs,
                                                       qint64 *dirtyMark) const;
    Status keepScoreDue(const QList<std::pair<QString, qint64>> &due,
                        const QStringList &forgotten,
                        bool everyone);
    bool runExists(const QString &runId) const;

    enum class Outcome { Applied, Stale, Failed };
    /// Applies one plan on its own (savepoints of its own) and records its run.
    Outcome apply(const RulePlan &plan, qint64 lateMs);
    /// Applies a chunk's plans: a transaction at a time for many customers, a savepoint per
    /// customer; a customer one of whose plans fails is applied again plan by plan (apply).
    Status applyChunk(const QList<RulePlan> &plans, qint64 lateMs, SweepReport &report);
    void applyCustomer(const QList<const RulePlan *> &plans, qint64 lateMs, SweepReport &report);
    /// The plan's actions, written inside the caller's savepoint (which a failure rolls back).
    Status applyActions(const RulePlan &plan);
    Status applyAction(const RulePlan &plan, const PlannedAction &action);
    Status
    record(const RulePlan &plan, const QString &decision, const QString &message, qint64 lateMs);
    Status recordLoop(const Compiled &rule, const QString &customerId, const QString &cause);

    LocalStore &m_store;
    QTimeZone m_zone;
    QStringList m_chain;
    bool m_installed = false;
    mutable QList<Compiled> m_compiled;
    mutable QString m_signature;
    const std::atomic<bool> *m_stop = nullptr;
    int m_chunkSize = CustomerFactsReader::defaultChunkSize;
    /// While a sweep runs: its rules stay as compiled (pointers into m_compiled are held), the
    /// signed-in user's permissions and the weights are read once.
    bool m_sweeping = false;
    std::optional<Permissions> m_permissions;
    std::optional<ScoreWeights> m_weights;
};

} // namespace Leadline
