#include "syncfixture.h"

#include "tests/support/uiservicesfixture.h"
#include "core/compliance/compliancechecker.h"
#include "core/sync/syncengine.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/manualtimers.h"
#include "core/telephony/simulateddialer.h"
#include "ui/dialpanel.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <functional>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// Processes events until the condition holds. The long guard only keeps a broken build from
// hanging the suite; it is not a performance assertion.
bool eventually(const std::function<bool()> &condition)
{
    QElapsedTimer guard;
    guard.start();
    while (!condition()) {
        if (guard.elapsed() > 60000)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return true;
}

QString buttonText(const QWidget &panel, int hotkey)
{
    const auto *button = panel.findChild<QAbstractButton *>(QStringLiteral("disposition%1").arg(hotkey));
    return button ? button->text() : QString();
}

} // namespace

TEST_CASE("GIVEN an agent's open dial panel WHEN a supervisor renames a disposition on the server "
          "THEN the panel shows the new name after the next pull, with no restart",
          "[engine][changebus]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient supervisor(server, QStringLiteral("li"), li);
    REQUIRE(ReferenceRepository(supervisor.store()).ensureDefaultDispositions());
    REQUIRE(supervisor.sync());

    SyncClient agent(server, QStringLiteral("wang"), wang);
    REQUIRE(agent.sync());
    UiServiceSet ui(agent.store(), agent.workspace().clock());
    REQUIRE(ui.reference.dispositions()->size() == 8);
    ManualTimers timers(agent.workspace().clock());
    SimulatedDialer dialer(timers, agent.workspace().clock(), 1);
    CallSession session(dialer, timers, agent.workspace().clock());
    CallLogger logger(agent.store(), ui.activities, ui.reference);
    ComplianceChecker compliance(agent.store());
    AgentStates agentStates(agent.store());
    Ui::DialPanel panel(ui.services, {&session, &logger, &compliance, &agentStates});
    panel.show();
    REQUIRE(buttonText(panel, 1) == QStringLiteral("1  Interested"));

    // The agent's background sync writes through its own connection; the composition root
    // wires its announcements into the window's change bus, as here.
    SyncSchedule schedule;
    schedule.intervalMs = 200;
    schedule.debounceMs = 50;
    schedule.pollMs = 50;
    SyncEngine engine(agent.workspace().path(), agent.url(), schedule);
    QObject::connect(&engine, &SyncEngine::workspaceChanged, &agent.store().changeBus(),
                     &ChangeBus::publish);
    engine.start();

    // WHEN the supervisor renames 有意向 and syncs
    const Disposition interested = ReferenceRepository(supervisor.store()).dispositions()->at(0);
    REQUIRE(ChangeWriter(supervisor.store())
                .update(QStringLiteral("dispositions"), interested.id,
                        {{QStringLiteral("name"), QStringLiteral("意向明确")}}));
    REQUIRE(supervisor.sync());

    // THEN the agent's open panel shows the new name
    CHECK(eventually([&] { return buttonText(panel, 1) == QStringLiteral("1  意向明确"); }));
    engine.stop();
}
