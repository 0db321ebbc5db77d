#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QString>

#include <optional>

namespace Leadline {

class ActivityRepository;
class CallSession;
class LocalStore;
class ReferenceRepository;

/// What the agent saves after a call: the call's facts, the disposition, the note and the next
/// follow-up.
struct CallLogEntry
{
    QString customerId;
    QString contactId;
    QString phoneE164;
    qint64 startedAt = 0;
    std::optional<qint64> connectedAt;
    std::optional<qint64> endedAt;
    int durationSeconds = 0;
    QString outcome; ///< connected, busy, no_answer, rejected, failed, cancelled, manual
    QString dispositionId;
    QString note;
    std::optional<qint64> followUpAt; ///< creates a callback todo when set
    QString followUpTitle;            ///< the todo's title; a default one when empty
    bool anotherCallback = false;     ///< add a callback even when the customer has one open
};

/// How the last call to one of a customer's numbers went.
struct NumberHistory
{
    QString phoneE164;
    QString outcome; ///< as in CallLogEntry
    qint64 startedAt = 0;
};

/// The ids written by one log.
struct LoggedCall
{
    QString callId;
    QString todoId; ///< empty when no follow-up was scheduled
};

/// Logs calls: disposition, note and follow-up are checked against the disposition's rules,
/// then the call (which is its timeline entry, with the note), the customer's last contact time
/// and the callback todo are written in ONE transaction with their outbox entries.
class CallLogger final
{
public:
    CallLogger(LocalStore &store, ActivityRepository &activities, ReferenceRepository &reference);

    /// Why this entry cannot be saved yet (no disposition, a required note or callback missing,
    /// a follow-up in the past), or success.
    Status validate(const CallLogEntry &entry) const;
    Result<LoggedCall> log(const CallLogEntry &entry);
    /// A call made outside the app (a mobile, a desk phone): the agent gives when and how long.
    Result<LoggedCall> logManual(CallLogEntry entry);
    /// The last call to each number of the customer, newest first (the dial panel's default
    /// number is one that was reached, never one that just failed).
    Result<QList<NumberHistory>> lastCallPerNumber(const QString &customerId) const;
    /// The call facts of a finished session, ready for disposition, note and follow-up.
    static CallLogEntry fromSession(const CallSession &session);

private:
    LocalStore &m_store;
    ActivityRepository &m_activities;
    ReferenceRepository &m_reference;
};

} // namespace Leadline
