#include "demoworkspace.h"

#include "demodata.h"
#include "demogenerator.h"
#include "core/storage/localstore.h"
#include "core/reference/referencerepository.h"
#include "core/storage/searchindex.h"
#include "core/storage/transaction.h"
#include "core/domain/clock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::DemoWorkspace", text);
}

bool hasRows(LocalStore &store, const QString &table)
{
    QSqlQuery query(store.database());
    return query.exec(QStringLiteral("SELECT EXISTS(SELECT 1 FROM %1)").arg(table)) && query.next()
           && query.value(0).toBool();
}

// Bulk-load settings for the one big transaction: no fsync and a page cache large enough that
// dirty pages are not spilled to the WAL again and again. The store's settings come back after.
class BulkLoad final
{
public:
    explicit BulkLoad(LocalStore &store) : m_store(store)
    {
        QSqlQuery query(m_store.database());
        if (query.exec(QStringLiteral("PRAGMA cache_size")) && query.next())
            m_cacheSize = query.value(0).toLongLong();
        query.exec(QStringLiteral("PRAGMA synchronous=OFF"));
        query.exec(QStringLiteral("PRAGMA cache_size=-1048576"));
    }
    ~BulkLoad()
    {
        QSqlQuery query(m_store.database());
        query.exec(QStringLiteral("PRAGMA synchronous=FULL"));
        query.exec(QStringLiteral("PRAGMA cache_size=%1").arg(m_cacheSize));
    }
    BulkLoad(const BulkLoad &) = delete;
    BulkLoad &operator=(const BulkLoad &) = delete;

private:
    LocalStore &m_store;
    qint64 m_cacheSize = -65536;
};

// Swaps in a clock frozen at the demo's "now" so repository writes get deterministic stamps.
class FrozenClock final
{
public:
    FrozenClock(LocalStore &store, qint64 nowMs)
        : m_store(store), m_previous(&store.clock()), m_clock(nowMs)
    {
        m_store.setClock(&m_clock);
    }
    ~FrozenClock() { m_store.setClock(m_previous); }
    FrozenClock(const FrozenClock &) = delete;
    FrozenClock &operator=(const FrozenClock &) = delete;

private:
    LocalStore &m_store;
    const Clock *m_previous;
    FakeClock m_clock;
};

Status insertStaff(LocalStore &store, DemoRandom &random, qint64 now, int agentCount,
                   DemoGenerator::Staff &staff, QString &author)
{
    const int teamCount = agentCount <= 12 ? 2 : 3;
    QSqlQuery team(store.database());
    team.prepare(QStringLiteral("INSERT INTO teams(id, name, supervisor_id, updated_at) VALUES(?, ?, ?, ?)"));
    QSqlQuery agent(store.database());
    agent.prepare(QStringLiteral("INSERT INTO agents(id, login, name, role, team_id, active, updated_at) "
                                 "VALUES(?, ?, ?, ?, ?, 1, ?)"));
    const auto failed = [](const QSqlQuery &query) {
        return Error{QCoreApplication::translate("Leadline::DemoWorkspace", "The demo staff could not be written: %1").arg(query.lastError().text())};
    };
    int next = 0;
    for (int t = 0; t < teamCount; ++t) {
        const QString teamId = random.uuid();
        const QString supervisorId = random.uuid();
        const DemoPerson &boss = DemoData::supervisors().at(t);
        team.bindValue(0, teamId);
        team.bindValue(1, DemoData::teamNames().at(t));
        team.bindValue(2, supervisorId);
        team.bindValue(3, now);
        if (!team.exec())
            return failed(team);
        const QVariantList supervisorRow = {supervisorId, boss.login, boss.name,
                                            QStringLiteral("supervisor"), teamId, now};
        for (int i = 0; i < supervisorRow.size(); ++i)
            agent.bindValue(i, supervisorRow.at(i));
        if (!agent.exec())
            return failed(agent);
        staff.supervisorIds.append(supervisorId);
        if (author.isEmpty())
            author = boss.name;
        const int members = (agentCount - next + (teamCount - t) - 1) / (teamCount - t);
        for (int m = 0; m < members; ++m, ++next) {
            const QList<DemoPerson> &people = DemoData::agents();
            const DemoPerson &person = people.at(next % people.size());
            const QString login = next < people.size()
                                      ? person.login
                                      : person.login + QString::number(next / people.size() + 1);
            const QString id = random.uuid();
            const QVariantList row = {id, login, person.name, QStringLiteral("agent"), teamId, now};
            for (int i = 0; i < row.size(); ++i)
                agent.bindValue(i, row.at(i));
            if (!agent.exec())
                return failed(agent);
            staff.agentIds.append(id);
        }
    }
    return {};
}

} // namespace

Status DemoWorkspace::generate(LocalStore &store, const DemoOptions &options,
                               const std::function<void(int, int)> &progress)
{
    auto result = generateWithSummary(store, options, progress);
    if (!result)
        return result.error();
    return {};
}

Result<DemoWorkspace::Summary> DemoWorkspace::generateWithSummary(
    LocalStore &store, const DemoOptions &options, const std::function<void(int, int)> &progress)
{
    if (options.customers < 1)
        return Error{tr("The demo needs at least one customer."), QStringLiteral("customers")};
    if (options.agents < 1 || options.agents > 200)
        return Error{tr("The demo takes 1 to 200 agents."), QStringLiteral("agents")};
    if (options.callsPerCustomer < 0 || options.callsPerCustomer > 100)
        return Error{tr("The demo takes 0 to 100 calls per customer."), QStringLiteral("calls")};
    if (hasRows(store, QStringLiteral("customers")) || hasRows(store, QStringLiteral("agents"))) {
        return Error{tr("Workspace %1 already has customers or agents; the demo only fills an "
                        "empty workspace.")
                         .arg(store.path())};
    }

    const QTimeZone china(8 * 3600);
    // "Now" of the data is 10:00 Beijing time on the anchor day (default: today there), so the
    // same seed gives the same data all day long.
    const QDate anchor = options.anchor.isValid()
                             ? options.anchor
                             : QDateTime::fromMSecsSinceEpoch(store.clock().nowMs(), china).date();
    const qint64 now = QDateTime(anchor, QTime(10, 0), china).toMSecsSinceEpoch();
    DemoRandom random(options.seed);
    const BulkLoad bulk(store);
    const FrozenClock frozen(store, now);
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();

    QSqlQuery(store.database()).exec(QStringLiteral("PRAGMA defer_foreign_keys=ON"));

    DemoGenerator::Staff staff;
    QString author;
    if (auto staffed = insertStaff(store, random, now, options.agents, staff, author); !staffed)
        return staffed.error();
    store.setCurrentAgentId(staff.agentIds.first());

    // The default dispositions go through their repository (fixed ids); their outbox entries
    // are dropped like every other demo row's, since the seed push carries them.
    QSqlQuery outbox(store.database());
    outbox.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM outbox"));
    const qint64 outboxBefore = outbox.next() ? outbox.value(0).toLongLong() : 0;
    outbox.finish();
    ReferenceRepository reference(store);
    if (auto ensured = reference.ensureDefaultDispositions(); !ensured)
        return ensured.error();
    outbox.prepare(QStringLiteral("DELETE FROM outbox WHERE seq > ?"));
    outbox.addBindValue(outboxBefore);
    if (!outbox.exec())
        return Error{tr("The demo data could not be written: %1").arg(outbox.lastError().text())};
    const auto stored = reference.dispositions();
    if (!stored)
        return stored.error();
    QHash<QString, QString> dispositions;
    for (const Disposition &d : *stored)
        dispositions.insert(d.name, d.id);

    DemoGenerator generator(store, random, now, options);
    if (auto prepared = generator.prepare(dispositions, staff); !prepared)
        return prepared.error();
    if (auto tagged = generator.writeTags(); !tagged)
        return tagged.error();
    if (auto rules = generator.writeRules(); !rules)
        return rules.error();
    if (auto written = generator.writeArticles(author); !written)
        return written.error();
    // The search index is built once, after the load, instead of row by row.
    if (auto paused = SearchIndex::pause(store); !paused)
        return paused.error();
    const int step = std::max(1, options.customers / 100);
    for (int i = 0; i < options.customers; ++i) {
        if (auto written = generator.writeCustomer(); !written)
            return written.error();
        if (progress && ((i + 1) % step == 0 || i + 1 == options.customers))
            progress(i + 1, options.customers);
    }
    if (auto indexed = SearchIndex::rebuild(store); !indexed)
        return indexed.error();
    if (auto pending = store.setStateValue(QStringLiteral("seed_pending"), QStringLiteral("1")); !pending)
        return pending.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    Summary summary = generator.summary();
    summary.agents = int(staff.agentIds.size() + staff.supervisorIds.size());
    return summary;
}

} // namespace Leadline
