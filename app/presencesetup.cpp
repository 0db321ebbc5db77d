#include "presencesetup.h"

#include "core/customers/customerrepository.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"
#include "core/reference/permissions.h"
#include "core/storage/localstore.h"
#include "core/sync/presence.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/callsession.h"
#include "ui/livefloorview.h"
#include "ui/mainwindow.h"
#include "ui/teamview.h"

namespace Leadline::CompositionRoot {

PresenceSetup::PresenceSetup(LocalStore &store, KpiEngine &kpis, const CustomerRepository &customers)
    : m_store(store)
    , m_kpis(kpis)
    , m_customers(customers)
    , m_link(std::make_unique<PresenceLink>())
{}

PresenceSetup::~PresenceSetup() = default;

void PresenceSetup::install(Ui::MainWindow &window, Ui::TeamView &team, AgentStates &states,
                            const CallSession &session)
{
    m_states = &states;
    m_session = &session;
    QObject::connect(&states, &AgentStates::changed, m_link.get(), [this] { publish(); });
    QObject::connect(&session, &CallSession::stateChanged, m_link.get(), [this] { publish(); });
    QObject::connect(&window, &Ui::MainWindow::currentCustomerChanged, m_link.get(),
                     [this](const QString &id) {
                         m_customerId = id;
                         publish();
                     });
    publish();
    // My performance: the team's median, where the policy shares it.
    QObject::connect(&team, &Ui::TeamView::teamMedianWanted, m_link.get(), &PresenceLink::requestTeamMedian);
    QObject::connect(m_link.get(), &PresenceLink::teamMedianRead, &team, &Ui::TeamView::setTeamMedian);

    // The floor is the supervisors' and admins' (the server sends agents their own row only).
    const Permissions permissions(m_store);
    const auto role = permissions.role();
    if (role != Permissions::Role::Supervisor && role != Permissions::Role::Admin)
        return;
    m_link->setWatching(true);
    auto *floor = new Ui::LiveFloorView(m_kpis, SystemClock::instance(), &m_store.changeBus());
    floor->setCustomerNamer([this](const QString &id) {
        const auto customer = m_customers.load(id);
        return customer ? customer->name : QString();
    });
    QObject::connect(m_link.get(), &PresenceLink::floorChanged, floor, &Ui::LiveFloorView::setFloor);
    team.addLiveFloor(floor);
}

void PresenceSetup::start(const ServerUrl &server)
{
    m_link->start(server);
}

void PresenceSetup::publish()
{
    if (!m_states)
        return;
    PresenceState state{AgentStates::key(m_states->current()), m_states->reason(), {}, {}};
    const bool onCall = m_states->current() == AgentStates::State::OnCall
                        || m_states->current() == AgentStates::State::WrapUp;
    // The customer on the line is the one open when the call began (the agent may look at
    // others during it).
    if (!onCall)
        m_callCustomerId.clear();
    else if (m_callCustomerId.isEmpty())
        m_callCustomerId = m_customerId;
    if (onCall) {
        state.customerId = m_callCustomerId;
        if (m_session && !m_session->number().isEmpty())
            state.phoneMasked = PhoneNumbers::masked(m_session->number());
    }
    m_link->publish(state);
}

} // namespace Leadline::CompositionRoot
