// The §7 "team tab KPIs" benchmark: a 50-agent team's year of calls (5,000,000; 20,000 with
// --quick), with their agent states, leads, stage changes and callbacks, in a workspace of its
// own beside the bench workspace (kept for the next run). Times KpiEngine::report for the team
// over the year, as its supervisor, beside the bare query it rests on: the team's hourly call
// rollups summed per agent and day.
#include "benchregistry.h"

#include "core/analytics/kpiengine.h"
#include "core/domain/ids.h"
#include "core/reference/referencerepository.h"
#include "core/storage/localstore.h"
#include "core/storage/bulkload.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTimeZone>

#include <cstdio>

namespace Leadline::Cli {

namespace {

constexpr int teamAgents = 50;
constexpr qint64 fullCalls = 5000000;
constexpr qint64 quickCalls = 20000;
constexpr int warmUpRuns = 3;
constexpr qint64 minuteMs = 60000;
const QString teamName = QStringLiteral("基准销售组");
const KpiPeriod benchYear{QDate(2025, 11, 1), QDate(2026, 10, 31)};

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Cli", text);
}

void progress(const QString &line)
{
    const QByteArray text = line.toUtf8() + '\n';
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

qint64 count(LocalStore &store, const QString &sql)
{
    QSqlQuery query(store.database());
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : 0;
}

QString dispositionId(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-0000000000%1").arg(n, 2, 10, QLatin1Char('0'));
}

// Ids in insertion order: millions of random UUIDs would make the load a random walk over the
// primary-key indexes, and the benchmark measures reads.
QString rowId(char kind, qint64 n)
{
    return QStringLiteral("kpi-%1-%2").arg(QLatin1Char(kind)).arg(n, 10, 10, QLatin1Char('0'));
}

/// Writes the team's data with bare prepared statements in one transaction.
class TeamYear final
{
public:
    TeamYear(LocalStore &store, qint64 calls) : m_store(store), m_calls(calls) {}

    Status write()
    {
        QSqlQuery(m_store.database()).exec(QStringLiteral("PRAGMA synchronous=OFF"));
        QSqlQuery(m_store.database()).exec(QStringLiteral("PRAGMA cache_size=-400000"));
        if (auto ok = ReferenceRepository(m_store).ensureDefaultDispositions(); !ok)
            return ok;
        // Loaded like a first sync: secondary indexes, search and rollups built once at the end.
        if (auto ok = BulkLoad::begin(m_store); !ok)
            return ok;
        Transaction transaction(m_store);
        if (!transaction.isActive())
            return transaction.error();
        if (auto ok = writeStaff(); !ok)
            return ok;
        if (auto ok = writeCustomers(); !ok)
            return ok;
        if (auto ok = writeCalls(); !ok)
            return ok;
        if (auto ok = transaction.commit(); !ok)
            return ok;
        progress(tr("Summing the rollups and indexing…"));
        if (auto ok = BulkLoad::finish(m_store); !ok)
            return ok;
        QSqlQuery(m_store.database()).exec(QStringLiteral("ANALYZE"));
        return {};
    }

private:
    Status exec(QSqlQuery &query, const QVariantList &values)
    {
        for (int i = 0; i < values.size(); ++i)
            query.bindValue(i, values.at(i));
        if (!query.exec())
            return Error{tr("cannot write the benchmark's team data")};
        return {};
    }

    Status writeStaff()
    {
        QSqlQuery team(m_store.database());
        team.prepare(QStringLiteral("INSERT INTO teams (id, name, supervisor_id) VALUES (?, ?, ?)"));
        const QString teamId = newId();
        const QString bossId = newId();
        if (auto ok = exec(team, {teamId, teamName, bossId}); !ok)
            return ok;
        QSqlQuery agent(m_store.database());
        agent.prepare(QStringLiteral(
            "INSERT INTO agents (id, login, name, role, team_id) VALUES (?, ?, ?, ?, ?)"));
        if (auto ok = exec(agent, {bossId, QStringLiteral("kpi-boss"), QStringLiteral("基准主管"),
                                   QStringLiteral("supervisor"), teamId});
            !ok)
            return ok;
        for (int i = 1; i <= teamAgents; ++i) {
            const QString id = newId();
            m_agents.append(id);
            if (auto ok = exec(agent, {id, QStringLiteral("kpi%1").arg(i, 2, 10, QLatin1Char('0')),
                                       QStringLiteral("坐席%1").arg(i), QStringLiteral("agent"),
                                       teamId});
                !ok)
                return ok;
        }
        m_store.setCurrentAgentId(bossId);
        return {};
    }

    Status writeCustomers()
    {
        static const QStringList sources = {QStringLiteral("官网"), QStringLiteral("展会"),
                                            QStringLiteral("转介绍"), QStringLiteral("广告"),
                                            QStringLiteral("电话营销"), QStringLiteral("合作伙伴")};
        static const QStringList stages = {QStringLiteral("首次联系"), QStringLiteral("需求沟通"),
                                           QStringLiteral("方案提供"), QStringLiteral("报价阶段"),
                                           QStringLiteral("待签约"), QStringLiteral("成交")};
        QSqlQuery customer(m_store.database());
        customer.prepare(QStringLiteral(
            "INSERT INTO customers (id, name, source, stage, owner_id, amount, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)"));
        QSqlQuery change(m_store.database());
        change.prepare(QStringLiteral(
            "INSERT INTO stage_changes (id, customer_id, agent_id, kind, from_value, to_value, at) "
            "VALUES (?, ?, ?, 'stage', ?, ?, ?)"));
        const qint64 start = benchYear.startMs(QTimeZone("Asia/Shanghai"));
        const qint64 span = benchYear.endMs(QTimeZone("Asia/Shanghai")) - start;
        const qint64 customers = std::max<qint64>(100, m_calls / 20);
        for (qint64 i = 0; i < customers; ++i) {
            const QString id = newId();
            const QString &owner = m_agents.at(int(m_random.bounded(teamAgents)));
            const qint64 created = start + qint64(m_random.bounded(quint64(span)));
            int reached = 0;
            while (reached < 5 && m_random.bounded(100) < 45)
                ++reached;
            const double amount = reached == 5 ? double(m_random.bounded(5, 80) * 1980) : 0.0;
            if (auto ok = exec(customer, {id, QStringLiteral("客户%1").arg(i),
                                          sources.at(int(m_random.bounded(int(sources.size())))),
                                          stages.at(reached), owner, amount, created});
                !ok)
                return ok;
            for (int s = 1; s <= reached; ++s) {
                const qint64 at = created + s * qint64(m_random.bounded(1, 9)) * 86400000LL;
                if (auto ok = exec(change, {newId(), id, owner, stages.at(s - 1), stages.at(s), at}); !ok)
                    return ok;
            }
            m_customers.append(id);
        }
        return {};
    }

    Status writeCalls()
    {
        // Dispositions 1, 2, 7, 8 count as connects (the shipped set).
        static const QList<int> weights = {17, 8, 38, 10, 1, 6, 20, 1};
        QSqlQuery call(m_store.database());
        call.prepare(QStringLiteral(
            "INSERT INTO calls (id, customer_id, agent_id, started_at, connected_at, ended_at, "
            "duration_s, outcome, disposition_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        QSqlQuery state(m_store.database());
        state.prepare(QStringLiteral(
            "INSERT INTO agent_states (id, agent_id, state, at) VALUES (?, ?, ?, ?)"));
        QSqlQuery todo(m_store.database());
        todo.prepare(QStringLiteral(
            "INSERT INTO todos (id, customer_id, agent_id, kind, title, due_at, completed_at, "
            "created_at) VALUES (?, ?, ?, 'callback', '回电', ?, ?, ?)"));
        const QTimeZone zone("Asia/Shanghai");
        QList<QDate> workdays;
        for (QDate d = benchYear.from; d <= benchYear.to; d = d.addDays(1)) {
            if (d.dayOfWeek() <= 5)
                workdays.append(d);
        }
        const qint64 agentDays = teamAgents * qint64(workdays.size());
        const qint64 perAgentDay = std::max<qint64>(1, (m_calls + agentDays - 1) / agentDays);
        qint64 written = 0;
        for (const QDate &day : workdays) {
            const qint64 opening = QDateTime(day, QTime(9, 0), zone).toMSecsSinceEpoch();
            const qint64 step = 9 * 60 * minuteMs / perAgentDay;
            for (const QString &agent : m_agents) {
                for (qint64 k = 0; k < perAgentDay && written < m_calls; ++k, ++written) {
                    int weight = int(m_random.bounded(101));
                    int d = 0;
                    while (d < 7 && weight >= weights.at(d))
                        weight -= weights.at(d++);
                    const bool connect = d == 0 || d == 1 || d == 6 || d == 7;
                    const qint64 at = opening + k * step + qint64(m_random.bounded(0, 20)) * 1000;
                    const int duration = connect ? int(m_random.bounded(20, 600)) : 0;
                    const qint64 connected = at + 15000;
                    const qint64 ended = connected + duration * 1000LL;
                    const QString &customer = m_customers.at(
                        int(m_random.bounded(int(m_customers.size()))));
                    if (auto ok = exec(call, {rowId('c', written), customer, agent, at,
                                              connect ? QVariant(connected) : QVariant(),
                                              ended, duration,
                                              connect ? QStringLiteral("connected")
                                                      : QStringLiteral("no_answer"),
                                              dispositionId(d + 1)});
                        !ok)
                        return ok;
                    const qint64 wrapped = ended + qint64(m_random.bounded(5, 40)) * 1000;
                    for (const auto &[name, stamp] :
                         {std::pair{QStringLiteral("OnCall"), at}, std::pair{QStringLiteral("WrapUp"), ended},
                          std::pair{QStringLiteral("Ready"), wrapped}}) {
                        if (auto ok = exec(state, {rowId('s', m_states++), agent, name, stamp}); !ok)
                            return ok;
                    }
                    if (d == 6) {
                        const qint64 due = at + 86400000LL;
                        const QVariant done = m_random.bounded(100) < 70
                                                  ? QVariant(due - 600000) : QVariant();
                        if (auto ok = exec(todo, {rowId('t', written), customer, agent, due, done, at}); !ok)
                            return ok;
                    }
                }
            }
            if (written % 500000 < qint64(m_agents.size()) * perAgentDay)
                progress(tr("  %1 calls").arg(written));
        }
        return {};
    }

    LocalStore &m_store;
    qint64 m_calls;
    QRandomGenerator m_random{20261127};
    qint64 m_states = 0;
    QStringList m_agents;
    QStringList m_customers;
};

Result<std::unique_ptr<LocalStore>> teamWorkspace(const BenchInput &input, qint64 calls)
{
    const QString path = QFileInfo(input.store.path()).dir().filePath(
        QStringLiteral("leadline-bench-kpis-%1.leadline").arg(calls));
    auto opened = LocalStore::open(path);
    if (!opened)
        return opened;
    LocalStore &store = *opened.value();
    if (count(store, QStringLiteral("SELECT count(*) FROM calls")) >= calls)
        return opened;
    if (count(store, QStringLiteral("SELECT count(*) FROM agents")) > 0)
        return Error{tr("%1 holds an unfinished benchmark team: delete it and run again").arg(path)};
    progress(tr("Writing a %1-agent team's year of %2 calls into %3…").arg(teamAgents).arg(calls).arg(path));
    if (auto written = TeamYear(store, calls).write(); !written)
        return written.error();
    return opened;
}

// The floor: the team's daily rollup rows for the year (what the team table and its
// sparklines rest on).
void bareRollups(LocalStore &store, qint64 firstDay, qint64 endDay)
{
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT r.agent_id, r.day, r.dials, r.connects, r.talk_s, r.effective_s, r.call_ms, "
        "r.ready_ms, r.not_ready_ms, r.on_call_ms, r.wrap_up_ms FROM agents a "
        "JOIN teams t ON t.id = a.team_id JOIN kpi_days r ON r.agent_id = a.id "
        "WHERE t.name = ? AND r.day >= ? AND r.day < ?"));
    query.addBindValue(teamName);
    query.addBindValue(firstDay);
    query.addBindValue(endDay);
    if (query.exec()) {
        while (query.next()) {
        }
    }
}

Result<BenchSamples> teamKpis(BenchInput &input)
{
    const qint64 calls = input.quick ? quickCalls : fullCalls;
    auto opened = teamWorkspace(input, calls);
    if (!opened)
        return opened.error();
    LocalStore &store = *opened.value();
    const KpiEngine engine(store);
    const KpiScope team = KpiScope::ofTeam(teamName);
    const QTimeZone zone("Asia/Shanghai");
    const qint64 offset = 8 * 3600 * 1000LL; // Shanghai, the zone kpi_days counts by default
    const qint64 start = (benchYear.startMs(zone) + offset) / 86400000;
    const qint64 end = (benchYear.endMs(zone) + offset) / 86400000;
    for (int i = 0; i < warmUpRuns; ++i) {
        if (auto report = engine.report(team, benchYear); !report)
            return report.error();
        bareRollups(store, start, end);
    }
    BenchSamples samples;
    samples.size = count(store, QStringLiteral("SELECT count(*) FROM calls WHERE deleted = 0"));
    for (int i = 0; i < input.runs; ++i) {
        samples.appMs.append(timeMs([&] { (void)engine.report(team, benchYear); }));
        samples.floorMs.append(timeMs([&] { bareRollups(store, start, end); }));
    }
    return samples;
}

const bool registered = BenchRegistry::add({QStringLiteral("kpis.team"), 300, teamKpis});

} // namespace

} // namespace Leadline::Cli
