// floor.update (§2.6, §7: a state change on an agent's client on his supervisor's live floor,
// both online, < 2 s): an agent's and a supervisor's presence links as the app runs them, each on
// its own thread and login; a state change on one, until the other's floor shows it, beside the
// bare publication and reading with no notification between.
#include "benchregistry.h"
#include "benchserver.h"
#include "commands.h"

#include "core/sync/presence.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>

namespace Leadline::Cli {

namespace {

constexpr int floorRuns = 40;
constexpr int floorWarmUps = 2;
constexpr int floorTimeoutMs = 30000;
const QString benchTeam = QStringLiteral("Bench floor");
const QString agentLogin = QStringLiteral("bench_floor_agent");
const QString supervisorLogin = QStringLiteral("bench_floor_lead");

QString stateOf(const PresenceFloor &floor, const QString &agentId)
{
    auto found = std::find_if(floor.entries.begin(), floor.entries.end(),
                              [&](const PresenceEntry &entry) { return entry.agentId == agentId; });
    return found == floor.entries.end() ? QString() : found->state + found->reason;
}

Result<BenchSamples> floorUpdate(BenchInput &input)
{
    auto admin = adminConnection(input);
    if (!admin)
        return admin.error();
    // Two users of their own team, with a fresh password each run.
    const QString password =
        QStringLiteral("bench-%1").arg(QRandomGenerator::global()->generate64(), 0, 36);
    auto agentId = (*admin)->scalar(QStringLiteral("SELECT sync.user_add(?, ?, 'agent', ?, ?)"),
                                    {agentLogin, password, benchTeam, QStringLiteral("测试坐席")});
    if (!agentId)
        return agentId.error();
    if (auto lead = (*admin)->scalar(QStringLiteral("SELECT sync.user_add(?, ?, 'supervisor', ?, ?)"),
                                     {supervisorLogin, password, benchTeam, QStringLiteral("测试主管")});
        !lead) {
        return lead.error();
    }
    const ServerUrl url = (*admin)->url();
    const ServerUrl agentUrl = url.withLogin(agentLogin, password);
    const ServerUrl supervisorUrl = url.withLogin(supervisorLogin, password);

    PresenceLink agent;
    PresenceLink supervisor;
    agent.publish({QStringLiteral("Ready"), {}, {}, {}});
    agent.start(agentUrl);
    supervisor.setWatching(true);
    supervisor.start(supervisorUrl);
    if (!waitFor([&] { return stateOf(supervisor.floor(), *agentId) == QLatin1String("Ready"); },
                 floorTimeoutMs)) {
        return Error{tr("the supervisor's floor did not show the agent: %1").arg(supervisor.floor().error)};
    }

    QRandomGenerator random(input.seed);
    BenchSamples samples;
    const int runs = std::min(input.runs, floorRuns);
    for (int run = 0; run < floorWarmUps + runs; ++run) {
        // Idle, and at a varying point of the heartbeat and the floor's re-reading.
        pauseFor(100 + int(random.bounded(400)));
        const PresenceState state{QStringLiteral("NotReady"), QStringLiteral("培训 %1").arg(run), {}, {}};
        QElapsedTimer timer;
        timer.start();
        agent.publish(state);
        if (!waitFor([&] { return stateOf(supervisor.floor(), *agentId) == state.state + state.reason; },
                     floorTimeoutMs)) {
            return Error{tr("the state change did not reach the supervisor within %1 s")
                             .arg(floorTimeoutMs / 1000)};
        }
        if (run >= floorWarmUps)
            samples.appMs.append(double(timer.nsecsElapsed()) / 1e6);
    }
    agent.stop();
    supervisor.stop();

    // The floor: one publication and one reading, back to back on open connections.
    auto agentConnection = ServerConnection::open(agentUrl);
    if (!agentConnection)
        return agentConnection.error();
    auto supervisorConnection = ServerConnection::open(supervisorUrl);
    if (!supervisorConnection)
        return supervisorConnection.error();
    for (int run = 0; run < runs; ++run) {
        Status outcome;
        const double ms = timeMs([&] {
            if (auto sent = (*agentConnection)->exec(
                    QStringLiteral("SELECT sync.presence_publish('NotReady', ?, NULL, '')"),
                    {QStringLiteral("floor %1").arg(run)});
                !sent) {
                outcome = sent.error();
                return;
            }
            if (auto read = (*supervisorConnection)->exec(
                    QStringLiteral("SELECT * FROM sync.presence_floor()"));
                !read) {
                outcome = read.error();
            }
        });
        if (!outcome)
            return outcome.error();
        samples.floorMs.append(ms);
    }
    (void)(*agentConnection)->exec(QStringLiteral("SELECT sync.presence_publish('Offline', '', NULL, '')"));
    samples.size = 2; // two clients
    return samples;
}

const bool registeredFloor = BenchRegistry::add(
    {QStringLiteral("floor.update"), 2000, floorUpdate, true});

} // namespace

} // namespace Leadline::Cli
