#pragma once

#include "ui/services.h"

#include <QString>

#include <functional>
#include <memory>

namespace Leadline {
class AgentStates;
class CallDrafts;
class CallLogger;
class CallSession;
class ComplianceChecker;
class Dialer;
class LocalStore;
class QtTimers;
} // namespace Leadline

namespace Leadline::Ui {
class MainWindow;
}

namespace Leadline::CompositionRoot {

/// The telephony part of the composition root: the dialer chosen in settings (dialer/kind =
/// simulated | uri | baresip), the call session, compliance, logging and agent state, and the
/// dial panel as a work tab (F2).
class TelephonySetup final
{
public:
    TelephonySetup(const Ui::Services &services, LocalStore &store);
    ~TelephonySetup();
    TelephonySetup(const TelephonySetup &) = delete;
    TelephonySetup &operator=(const TelephonySetup &) = delete;

    /// Adds the dial panel to the window. nextLead opens the next lead of the agent's queue
    /// after a call is saved and returns false when the queue has none left.
    void install(Ui::MainWindow &window, std::function<bool(const QString &)> nextLead);
    AgentStates &agentStates() const { return *m_agentStates; }
    const CallSession &session() const { return *m_session; }

private:
    Ui::Services m_services;
    std::unique_ptr<QtTimers> m_timers;
    std::unique_ptr<Dialer> m_dialer;
    std::unique_ptr<CallSession> m_session;
    std::unique_ptr<CallLogger> m_logger;
    std::unique_ptr<ComplianceChecker> m_compliance;
    std::unique_ptr<CallDrafts> m_drafts;
    std::unique_ptr<AgentStates> m_agentStates;
};

} // namespace Leadline::CompositionRoot
