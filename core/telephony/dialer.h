#pragma once

#include "core/domain/result.h"

#include <QObject>
#include <QString>

namespace Leadline {

/// How a call attempt ended, as the dialer saw it.
enum class CallEnd {
    LocalHangup,  ///< the agent (or the app's ring timeout) hung up
    RemoteHangup, ///< the customer hung up after answering
    Busy,         ///< the line was busy
    NoAnswer,     ///< the network gave up ringing
    Rejected,     ///< the customer declined while it rang
    Failed,       ///< the call could not be placed or the softphone was lost
};

/// A way to place phone calls: simulated, the desktop's softphone by URI, or baresip. Events
/// carry the time the dialer saw them, so call durations come from the dialer, not guesses.
class Dialer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Dialer)

public:
    explicit Dialer(QObject *parent = nullptr) : QObject(parent) {}

    /// "simulated", "uri" or "baresip".
    virtual QString kind() const = 0;
    /// False when the dialer cannot see the call's progress (the agent reports the outcome).
    virtual bool tracksProgress() const { return true; }
    /// Starts a call to an E.164 number. An error means no call was placed (and says why);
    /// success means events follow, never synchronously from inside dial().
    virtual Status dial(const QString &e164) = 0;
    /// Hangs up or cancels the current call; ended() follows.
    virtual void hangup() = 0;

signals:
    /// The far end is ringing.
    void ringing(qint64 atMs);
    /// The customer answered.
    void answered(qint64 atMs);
    /// The call is over (detail: the softphone's reason text, for the agent and the log).
    void ended(Leadline::CallEnd how, const QString &detail, qint64 atMs);
};

} // namespace Leadline
