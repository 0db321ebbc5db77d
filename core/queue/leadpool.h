#pragma once

#include "core/domain/result.h"

#include <QList>
#include <QCoreApplication>
#include <QStringList>
#include <QTimeZone>

namespace Leadline {

class LocalStore;

/// An unowned lead waiting in the pool (公海).
struct PoolLead
{
    QString customerId;
    QString name;
    QString company;
    QString source;
    QString phoneE164; ///< the first number, to show masked or in full
    int score = 0;
    qint64 createdAt = 0;
    qint64 ageMs = 0;
};

/// An owned lead nobody has called since it was assigned: it returns to the pool at returnsAt.
struct WatchedLead
{
    QString customerId;
    QString name;
    QString company;
    QString ownerId;
    qint64 assignedAt = 0;
    qint64 returnsAt = 0;
    qint64 timeLeftMs = 0;
    bool warn = false; ///< less than the warning threshold left
};

/// The pool rules from the policies table (values in hours; defaults when unset):
/// pool_return_hours (24): an owned lead with no call logged at or after assigned_at returns to
/// the pool this long after assignment; pool_warn_hours (72 for windows longer than 72 h, else
/// 4, never more than the window): time left under this shows red; pool_claim_cap (50): leads
/// one agent may claim from the pool per local calendar day (supervisor assignments do not count).
struct PoolPolicy
{
    int claimCap = 50;
    qint64 returnWindowMs = 24LL * 3600 * 1000;
    qint64 warnMs = 4LL * 3600 * 1000;
};

/// The lead pool: unowned leads, claiming and assigning them, and the sweep that returns owned
/// leads nobody followed up. Owner changes go through ChangeWriter (outbox) with a 'pool'
/// timeline entry in the same transaction.
class LeadPool final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::LeadPool)
    Q_DISABLE_COPY_MOVE(LeadPool)

public:
    explicit LeadPool(LocalStore &store, QTimeZone zone = QTimeZone::systemTimeZone());

    /// The pool's policies, from the workspace's policies with defaults for those not set.
    Result<PoolPolicy> policy() const;
    /// Unowned leads, best score first, then oldest; at most limit rows.
    /// A failed read is an error, never an empty pool.
    Result<QList<PoolLead>> pool(int limit = 500) const;
    Result<int> poolCount() const;
    /// Owned leads not yet followed up, soonest return first; ownerId empty: every owner.
    Result<QList<WatchedLead>> watched(const QString &ownerId) const;
    /// Leads agentId claimed from the pool since local midnight (pool events where the agent
    /// gave the lead to themself).
    Result<int> claimedToday(const QString &agentId) const;

    /// The current agent claims the leads (all or none; the daily cap applies).
    Result<int> claim(const QStringList &customerIds);
    /// A supervisor or admin gives pool leads to an active agent.
    Result<int> assign(const QStringList &customerIds, const QString &agentId);
    /// Returns every owned lead whose window has run out with no call to the pool.
    Result<int> returnOverdue();

private:
    Result<int> take(const QStringList &customerIds, const QString &agentId, const QString &detail);
    qint64 startOfDayMs(qint64 nowMs) const;

    LocalStore &m_store;
    QTimeZone m_zone;
};

} // namespace Leadline
