#pragma once

#include "calllogger.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;

/// The call on the line as last written to disk: what was dialed, when it rang through and
/// ended, and the note typed so far.
struct CallDraft
{
    QString customerId;
    QString contactId;
    QString phoneE164;
    qint64 startedAt = 0;
    std::optional<qint64> connectedAt;
    std::optional<qint64> endedAt;
    QString outcome; ///< empty while the call is still on
    QString note;
    qint64 savedAt = 0; ///< the last moment the draft was known to be current
};

/// Keeps the signed-in agent's call on disk from the moment it is dialed until it is logged
/// (CallLogger removes the draft in the transaction that writes the call). A draft found at
/// start-up is a call that Leadline was closed or lost during: it is offered for logging with
/// its note, and it counts against the attempt caps like a logged call. Local only.
class CallDrafts final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::CallDrafts)

public:
    explicit CallDrafts(LocalStore &store);

    /// Writes the draft (replacing the agent's previous one), stamped with the current time.
    Status save(const CallDraft &draft);
    /// The agent's unlogged call, if any. A failed read is an error, never "no call".
    Result<std::optional<CallDraft>> current() const;
    /// Removes the agent's draft for the call started at startedAt (any draft when 0).
    Status discard(qint64 startedAt = 0);

    /// The call facts of a draft, ready for disposition, note and follow-up. A call whose end
    /// was never seen ended when the draft was last saved: connected calls keep the talk time
    /// known then; calls that never connected count as not answered.
    static CallLogEntry toEntry(const CallDraft &draft);

private:
    LocalStore &m_store;
};

} // namespace Leadline
