#include "leadpool.h"

#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace Leadline {

namespace {

constexpr qint64 hourMs = 3600LL * 1000;

Result<qint64> hoursPolicy(const ReferenceRepository &reference, const QString &key,
                           qint64 fallbackMs)
{
    const auto text = reference.policy(key);
    if (!text)
        return text.error();
    bool ok = false;
    const double hours = text->toDouble(&ok);
    return ok && hours > 0 ? qint64(hours * double(hourMs)) : fallbackMs;
}

// The same lead returned for the same assignment gets the same event id on every client, so
// two clients sweeping the same lead add one timeline entry, not two.
QString returnEventId(const QString &customerId, qint64 assignedAt)
{
    static const QUuid space(QStringLiteral("6f1c6a52-4a57-4d0c-9a43-4c1b9f3c2e11"));
    return QUuid::createUuidV5(space, customerId + QLatin1Char('/') + QString::number(assignedAt))
        .toString(QUuid::WithoutBraces);
}

const QString notFollowedUp = QStringLiteral(
    "NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id "
    "AND k.started_at >= c.assigned_at AND k.deleted = 0)");

} // namespace

LeadPool::LeadPool(LocalStore &store, QTimeZone zone)
    : m_store(store)
    , m_zone(std::move(zone))
{}

Result<PoolPolicy> LeadPool::policy() const
{
    const ReferenceRepository reference(m_store);
    PoolPolicy policy;
    const auto capText = reference.policy(QStringLiteral("pool_claim_cap"));
    if (!capText)
        return capText.error();
    bool ok = false;
    const int cap = capText->toInt(&ok);
    if (ok && cap >= 0)
        policy.claimCap = cap;
    const auto window = hoursPolicy(reference, QStringLiteral("pool_return_hours"),
                                    policy.returnWindowMs);
    if (!window)
        return window.error();
    policy.returnWindowMs = *window;
    const qint64 defaultWarn = policy.returnWindowMs > 72 * hourMs ? 72 * hourMs : 4 * hourMs;
    const auto warn = hoursPolicy(reference, QStringLiteral("pool_warn_hours"), defaultWarn);
    if (!warn)
        return warn.error();
    policy.warnMs = std::min(*warn, policy.returnWindowMs);
    return policy;
}

qint64 LeadPool::startOfDayMs(qint64 nowMs) const
{
    return QDateTime::fromMSecsSinceEpoch(nowMs, m_zone).date().startOfDay(m_zone).toMSecsSinceEpoch();
}

Result<QList<PoolLead>> LeadPool::pool(int limit) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT c.id, c.name, c.company, c.source, c.score, c.created_at, "
        "(SELECT p.e164 FROM phones p WHERE p.customer_id = c.id AND p.deleted = 0 "
        "ORDER BY p.rowid LIMIT 1) FROM customers c "
        "WHERE c.owner_id IS NULL AND c.deleted = 0 ORDER BY c.score DESC, c.created_at, c.id LIMIT ?"));
    query.addBindValue(limit);
    QList<PoolLead> out;
    const qint64 now = m_store.clock().nowMs();
    if (!query.exec())
        return readError(query, tr("The lead pool"));
    while (query.next()) {
        PoolLead lead;
        lead.customerId = query.value(0).toString();
        lead.name = query.value(1).toString();
        lead.company = query.value(2).toString();
        lead.source = query.value(3).toString();
        lead.score = query.value(4).toInt();
        lead.createdAt = query.value(5).toLongLong();
        lead.ageMs = std::max<qint64>(0, now - lead.createdAt);
        lead.phoneE164 = query.value(6).toString();
        out.append(lead);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The lead pool"));
    return out;
}

Result<int> LeadPool::poolCount() const
{
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM customers WHERE owner_id IS NULL AND deleted = 0"))
        || !query.next())
        return readError(query, tr("The lead pool"));
    return query.value(0).toInt();
}

Result<QList<WatchedLead>> LeadPool::watched(const QString &ownerId) const
{
    const auto policies = policy();
    if (!policies)
        return policies.error();
    const PoolPolicy &rules = *policies;
    QSqlQuery query(m_store.database());
    // pool_watch (kept by triggers) names the few candidates; each is checked in full here.
    // CROSS JOIN keeps that order: the planner has no statistics saying pool_watch is small.
    query.prepare(QStringLiteral("SELECT c.id, c.name, c.company, c.owner_id, c.assigned_at "
                                 "FROM pool_watch w CROSS JOIN customers c ON c.id = w.customer_id "
                                 "WHERE (? = '' OR w.owner_id = ?) AND c.owner_id IS NOT NULL "
                                 "AND c.deleted = 0 AND c.assigned_at IS NOT NULL AND ")
                  + notFollowedUp + QStringLiteral(" ORDER BY c.assigned_at, c.id"));
    // A null QString binds as SQL NULL, which equals nothing: "every owner" is bound as ''.
    const QString owner = ownerId.isEmpty() ? QStringLiteral("") : ownerId;
    query.addBindValue(owner);
    query.addBindValue(owner);
    QList<WatchedLead> out;
    const qint64 now = m_store.clock().nowMs();
    if (!query.exec())
        return readError(query, tr("The leads that return to the pool"));
    while (query.next()) {
        WatchedLead lead;
        lead.customerId = query.value(0).toString();
        lead.name = query.value(1).toString();
        lead.company = query.value(2).toString();
        lead.ownerId = query.value(3).toString();
        lead.assignedAt = query.value(4).toLongLong();
        lead.returnsAt = lead.assignedAt + rules.returnWindowMs;
        lead.timeLeftMs = std::max<qint64>(0, lead.returnsAt - now);
        lead.warn = lead.timeLeftMs < rules.warnMs;
        out.append(lead);
    }
    if (query.lastError().isValid())
        return readError(query, tr("The leads that return to the pool"));
    return out;
}

Result<int> LeadPool::claimedToday(const QString &agentId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM stage_changes WHERE kind = 'pool' "
                                 "AND to_value = ? AND agent_id = ? AND at >= ? AND deleted = 0"));
    query.addBindValue(agentId);
    query.addBindValue(agentId);
    query.addBindValue(startOfDayMs(m_store.clock().nowMs()));
    if (!query.exec() || !query.next())
        return readError(query, tr("The leads claimed today"));
    return query.value(0).toInt();
}

Result<int> LeadPool::claim(const QStringList &customerIds)
{
    const QString agentId = m_store.currentAgentId();
    if (agentId.isEmpty())
        return Error{tr("Sign in before claiming leads.")};
    if (auto allowed = Permissions(m_store).check(Permissions::Action::ClaimLeads); !allowed)
        return allowed.error();
    const auto policies = policy();
    if (!policies)
        return policies.error();
    const auto claimed = claimedToday(agentId);
    if (!claimed)
        return claimed.error();
    const int cap = policies->claimCap;
    const int left = std::max(0, cap - *claimed);
    if (customerIds.size() > left) {
        return Error{tr("Leads you can still claim today: %1 (the daily limit is %2).")
                         .arg(left)
                         .arg(cap)};
    }
    return take(customerIds, agentId, tr("claimed from the pool"));
}

Result<int> LeadPool::assign(const QStringList &customerIds, const QString &agentId)
{
    const ReferenceRepository reference(m_store);
    if (auto allowed = Permissions(m_store).check(Permissions::Action::AssignLeads); !allowed)
        return allowed.error();
    const auto target = reference.agent(agentId);
    if (!target)
        return target.error();
    if (!*target || !(*target)->active)
        return Error{tr("Choose an active agent to give the leads to."), QStringLiteral("agent_id")};
    return take(customerIds, agentId, tr("assigned from the pool"));
}

Result<int> LeadPool::take(const QStringList &customerIds, const QString &agentId,
                           const QString &detail)
{
    const qint64 now = m_store.clock().nowMs();
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    QSqlQuery check(m_store.database());
    check.prepare(QStringLiteral(
        "SELECT name FROM customers WHERE id = ? AND owner_id IS NULL AND deleted = 0"));
    for (const QString &id : customerIds) {
        check.addBindValue(id);
        if (!check.exec() || !check.next())
            return Error{tr("A lead you picked is no longer in the pool; refresh and try again.")};
        check.finish();
        if (auto owned = writer.update(QStringLiteral("customers"), id,
                                       {{QStringLiteral("owner_id"), agentId},
                                        {QStringLiteral("assigned_at"), now}});
            !owned) {
            return owned.error();
        }
        auto event = writer.insert(QStringLiteral("stage_changes"),
                                   {{QStringLiteral("customer_id"), id},
                                    {QStringLiteral("agent_id"), m_store.currentAgentId()},
                                    {QStringLiteral("kind"), QStringLiteral("pool")},
                                    {QStringLiteral("from_value"), QString()},
                                    {QStringLiteral("to_value"), agentId},
                                    {QStringLiteral("detail"), detail},
                                    {QStringLiteral("at"), now}});
        if (!event)
            return event.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return int(customerIds.size());
}

Result<int> LeadPool::returnOverdue()
{
    const auto policies = policy();
    if (!policies)
        return policies.error();
    const PoolPolicy &rules = *policies;
    const qint64 now = m_store.clock().nowMs();
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT c.id, c.owner_id, c.assigned_at "
                                 "FROM pool_watch w CROSS JOIN customers c ON c.id = w.customer_id "
                                 "WHERE w.assigned_at <= ? AND c.owner_id IS NOT NULL "
                                 "AND c.deleted = 0 AND c.assigned_at IS NOT NULL "
                                 "AND c.assigned_at <= ? AND ")
                  + notFollowedUp);
    query.addBindValue(now - rules.returnWindowMs);
    query.addBindValue(now - rules.returnWindowMs);
    if (!query.exec())
        return Error{tr("The workspace could not look for leads to return to the pool.")};
    struct Expired
    {
        QString id;
        QString ownerId;
        qint64 assignedAt;
    };
    QList<Expired> expired;
    while (query.next())
        expired.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong()});
    query.finish();
    if (expired.isEmpty())
        return 0;

    const QString detail = tr("returned to the pool: no call within %1 h of assignment")
                               .arg(rules.returnWindowMs / hourMs);
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    QSqlQuery exists(m_store.database());
    exists.prepare(QStringLiteral("SELECT 1 FROM stage_changes WHERE id = ?"));
    for (const Expired &lead : std::as_const(expired)) {
        if (auto released = writer.update(QStringLiteral("customers"), lead.id,
                                          {{QStringLiteral("owner_id"), QVariant(QMetaType::fromType<QString>())},
                                           {QStringLiteral("assigned_at"), QVariant(QMetaType::fromType<qint64>())}});
            !released) {
            return released.error();
        }
        const QString eventId = returnEventId(lead.id, lead.assignedAt);
        exists.addBindValue(eventId);
        const bool known = exists.exec() && exists.next();
        exists.finish();
        if (known)
            continue;
        auto event = writer.insert(QStringLiteral("stage_changes"),
                                   {{QStringLiteral("id"), eventId},
                                    {QStringLiteral("customer_id"), lead.id},
                                    {QStringLiteral("agent_id"), m_store.currentAgentId()},
                                    {QStringLiteral("kind"), QStringLiteral("pool")},
                                    {QStringLiteral("from_value"), lead.ownerId},
                                    {QStringLiteral("to_value"), QString()},
                                    {QStringLiteral("detail"), detail},
                                    {QStringLiteral("at"), now}});
        if (!event)
            return event.error();
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return int(expired.size());
}

} // namespace Leadline
