#pragma once

#include "core/domain/result.h"

#include <QString>
#include <QTime>

namespace Leadline {

class LocalStore;

/// The answer to "may I dial this number now?".
struct DialVerdict
{
    bool allowed = true;
    QString rule;    ///< why not: dnc, hours, cap_day, cap_total, invalid, unreadable
    QString message; ///< what the agent reads
};

/// The compliance check that runs locally before every dial, manual dials too: the do-not-call
/// list, calling hours in the customer's local time (DST-correct, from the number's zone), and
/// attempt caps per day and lifetime. Policies (table policies): calling_hours_start and
/// calling_hours_end ("09:00", "21:00"), max_attempts_per_day (3) and max_attempts_total (12);
/// 0 turns a cap off. Attempts are the customer's logged calls; "today" is the customer's day.
/// A policy, list or count that cannot be read refuses the dial ("unreadable"): the check never
/// lets a call through because the workspace is damaged.
class ComplianceChecker final
{
public:
    explicit ComplianceChecker(LocalStore &store);

    DialVerdict check(const QString &customerId, const QString &e164) const;
    /// check(), and a refused dial is recorded in dial_blocks (synced, append-only).
    DialVerdict checkAndRecord(const QString &customerId, const QString &e164);

    static constexpr int defaultDailyCap = 3;
    static constexpr int defaultLifetimeCap = 12;

private:
    DialVerdict checkHours(const QString &e164, qint64 nowMs) const;
    DialVerdict checkCaps(const QString &customerId, const QString &e164, qint64 nowMs) const;
    Result<int> policyInt(const char *key, int fallback) const;
    Result<QTime> policyTime(const char *key, QTime fallback) const;

    LocalStore &m_store;
};

} // namespace Leadline
