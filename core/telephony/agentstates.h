#pragma once

#include "callsession.h"
#include "core/domain/result.h"

#include <QObject>
#include <QString>

namespace Leadline {

class LocalStore;

/// The agent's availability (Ready / NotReady with a reason / OnCall / WrapUp), stored as an
/// append-only history with timestamps for the KPIs. Set by hand and, when attached to a call
/// session, automatically as calls start, end and get logged.
class AgentStates final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentStates)

public:
    enum class State { Ready, NotReady, OnCall, WrapUp };
    Q_ENUM(State)

    explicit AgentStates(LocalStore &store, QObject *parent = nullptr);

    /// Follows a call session: dialing → OnCall, call over → WrapUp, logged → Ready.
    void attach(CallSession &session);
    /// Records a state (a repeat of the current state and reason writes nothing).
    Status set(State state, const QString &reason = {});
    State current() const { return m_state; }
    QString reason() const { return m_reason; }
    static QString key(State state);
    static QString label(State state);

signals:
    /// The agent's state changed (by hand or by the call session).
    void changed(Leadline::AgentStates::State state, const QString &reason);

private:
    void onSessionState(CallSession::State state);

    LocalStore &m_store;
    State m_state = State::NotReady;
    QString m_reason;
    bool m_recorded = false;
};

} // namespace Leadline
