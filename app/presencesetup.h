#pragma once

#include "core/sync/serverurl.h"

#include <QString>

#include <memory>

namespace Leadline {
class AgentStates;
class CallSession;
class CustomerRepository;
class KpiEngine;
class LocalStore;
class PresenceLink;
} // namespace Leadline

namespace Leadline::Ui {
class MainWindow;
class TeamView;
} // namespace Leadline::Ui

namespace Leadline::CompositionRoot {

/// The live floor part of the composition root (§2.6): every signed-in client publishes its
/// agent's state (by hand in the dial panel, or as calls start, end and get saved) with the
/// customer on the line, through the server; supervisors and admins see their floor in the team
/// tab. Starts when the sync profile gives a server and login.
class PresenceSetup final
{
public:
    PresenceSetup(LocalStore &store, KpiEngine &kpis, const CustomerRepository &customers);
    ~PresenceSetup();
    PresenceSetup(const PresenceSetup &) = delete;
    PresenceSetup &operator=(const PresenceSetup &) = delete;

    /// Follows the agent's state, his call and the customer open in the window; adds the live
    /// floor to the team tab for supervisors and admins.
    void install(Ui::MainWindow &window, Ui::TeamView &team, AgentStates &states,
                 const CallSession &session);
    /// Connects to the server as the signed-in login (again when it changes).
    void start(const ServerUrl &server);

private:
    void publish();

    LocalStore &m_store;
    KpiEngine &m_kpis;
    const CustomerRepository &m_customers;
    std::unique_ptr<PresenceLink> m_link;
    AgentStates *m_states = nullptr;
    const CallSession *m_session = nullptr;
    QString m_customerId;     ///< open in the window
    QString m_callCustomerId; ///< open when the call began
};

} // namespace Leadline::CompositionRoot
