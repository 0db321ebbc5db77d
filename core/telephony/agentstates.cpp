#include "agentstates.h"

#include "core/domain/clock.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"

#include <QSqlQuery>

namespace Leadline {

AgentStates::AgentStates(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    // Resume from the last recorded state of this agent (a restart is not a state change).
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT state, reason FROM agent_states WHERE agent_id = ? "
                                 "AND deleted = 0 ORDER BY at DESC, rowid DESC LIMIT 1"));
    query.addBindValue(m_store.currentAgentId());
    if (query.exec() && query.next()) {
        const QString stored = query.value(0).toString();
        for (State s : {State::Ready, State::NotReady, State::OnCall, State::WrapUp}) {
            if (key(s) == stored)
                m_state = s;
        }
        m_reason = query.value(1).toString();
        m_recorded = true;
    }
}

QString AgentStates::key(State state)
{
    switch (state) {
    case State::Ready:
        return QStringLiteral("Ready");
    case State::NotReady:
        return QStringLiteral("NotReady");
    case State::OnCall:
        return QStringLiteral("OnCall");
    case State::WrapUp:
        return QStringLiteral("WrapUp");
    }
    return {};
}

QString AgentStates::label(State state)
{
    switch (state) {
    case State::Ready:
        return tr("Ready");
    case State::NotReady:
        return tr("Not ready");
    case State::OnCall:
        return tr("On call");
    case State::WrapUp:
        return tr("Wrap-up");
    }
    return {};
}

void AgentStates::attach(CallSession &session)
{
    connect(&session, &CallSession::stateChanged, this, &AgentStates::onSessionState);
}

Status AgentStates::set(State state, const QString &reason)
{
    const QString trimmed = state == State::NotReady ? reason.trimmed() : QString();
    if (m_recorded && state == m_state && trimmed == m_reason)
        return {};
    auto written = ChangeWriter(m_store).insert(
        QStringLiteral("agent_states"),
        {{QStringLiteral("agent_id"), m_store.currentAgentId()},
         {QStringLiteral("state"), key(state)},
         {QStringLiteral("reason"), trimmed},
         {QStringLiteral("at"), m_store.clock().nowMs()}});
    if (!written)
        return written.error();
    m_state = state;
    m_reason = trimmed;
    m_recorded = true;
    emit changed(state, trimmed);
    return {};
}

void AgentStates::onSessionState(CallSession::State state)
{
    switch (state) {
    case CallSession::State::Dialing:
        (void)set(State::OnCall);
        break;
    case CallSession::State::Ringing:
    case CallSession::State::Connected:
    case CallSession::State::Idle:
        break;
    case CallSession::State::Logged:
        (void)set(State::Ready);
        break;
    default:
        (void)set(State::WrapUp);
        break;
    }
}

} // namespace Leadline
