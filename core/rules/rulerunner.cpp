#include "rulerunner.h"

#include "customerfactsreader.h"
#include "leadscorekeeper.h"
#include "ruleevaluator.h"
#include "rulerepository.h"
#include "ruletimewatch.h"
#include "rulevalidator.h"

#include "core/customers/customerrepository.h"
#include "core/domain/activity.h"
#include "core/domain/clock.h"
#include "core/domain/fieldcatalogue.h"
#include "core/queue/todoservice.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRules, "leadline.rules")

namespace Leadline {

namespace {

const QString dueKey = QStringLiteral("rules.sweep_due_at");
const QString lateKey = QStringLiteral("rules.last_sweep_late_ms");
const QString lastKey = QStringLiteral("rules.last_sweep_at");
// What the last sweep's decisions rest on (time rules and weights); another value: decide all.
const QString sweptKey = QStringLiteral("rules.last_sweep_signature");
constexpr qint64 dayMs = 24LL * 3600 * 1000;

QString derivedId(const QString &text)
{
    static const QUuid space(QStringLiteral("0b7d3a0e-5b8e-4f61-9f0e-2a51d1c6e7a4"));
    return QUuid::createUuidV5(space, text).toString(QUuid::WithoutBraces);
}

QString runIdOf(const QString &ruleId, const QString &customerId, const QString &cause)
{
    return derivedId(ruleId + QLatin1Char('/') + customerId + QLatin1Char('/') + cause);
}

// "{name}（{company}）" with the customer's values.
QString merged(const QString &text, const Customer &customer)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{([^{}]*)\})"));
    QString out;
    qsizetype last = 0;
    auto matches = placeholder.globalMatch(text);
    while (matches.hasNext()) {
        const auto match = matches.next();
        out += text.mid(last, match.capturedStart() - last);
        const QVariant value = FieldCatalogue::customerValue(customer, match.captured(1).trimmed());
        out += value.typeId() == QMetaType::QStringList
                   ? value.toStringList().join(QLatin1Char(','))
                   : value.toString();
        last = match.capturedEnd();
    }
    return out + text.mid(last);
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

bool isTimeRule(const Rule &rule)
{
    return rule.trigger.kind == RuleTriggerKind::Schedule
           || rule.trigger.kind == RuleTriggerKind::TodoOverdue;
}

bool eventMatches(const RuleTrigger &trigger, const DomainEvent &event)
{
    if (RuleTrigger::name(trigger.kind) != event.kind)
        return false;
    switch (trigger.kind) {
    case RuleTriggerKind::FieldChanged:
        return trigger.field == event.field
               && (trigger.value.isEmpty() || trigger.value == event.value);
    case RuleTriggerKind::StageChanged:
    case RuleTriggerKind::CallLogged:
        return trigger.value.isEmpty() || trigger.value == event.value;
    default:
        return true;
    }
}

// The customers column a catalogue key is stored in, for the settable fields.
QString columnOf(const QString &key)
{
    return key == QLatin1String("owner") ? QStringLiteral("owner_id") : key;
}

// The value a rule's set-field action writes, typed as the customers column holds it.
QVariant fieldValue(const QString &key, const QString &value)
{
    return key == QLatin1String("amount") ? QVariant(value.toDouble()) : QVariant(value);
}

bool assignsLeastLoaded(const QList<RuleAction> &actions)
{
    return std::any_of(actions.cbegin(), actions.cend(), [](const RuleAction &action) {
        return action.kind == RuleActionKind::Assign
               && action.params.value(QStringLiteral("mode")).toString()
                      == QLatin1String("least_loaded");
    });
}

bool hasPlanningAction(const QList<RuleAction> &actions)
{
    return std::any_of(actions.cbegin(), actions.cend(), [](const RuleAction &action) {
        return action.kind == RuleActionKind::Assign || action.kind == RuleActionKind::Notify;
    });
}

constexpr int chunkCommitMs = 50;

// The clock of one pass: every decision of a sweep or a backtest day sees the same instant.
class FixedInstant final : public Clock
{
public:
    explicit FixedInstant(qint64 ms)
        : m_ms(ms)
    {}
    qint64 nowMs() const override { return m_ms; }

private:
    qint64 m_ms;
};

// A customer as of an earlier instant: created by then, with only the calls made by then (its
// fields are today's: the workspace keeps no history of them). nullopt: not created yet.
std::optional<CustomerFacts> asOf(const CustomerFacts &facts, qint64 instant)
{
    if (facts.customer.createdAt > instant)
        return std::nullopt;
    CustomerFacts past = facts;
    past.calls.clear();
    qint64 latest = 0;
    for (const CallFact &call : facts.calls) {
        if (call.at <= instant) {
            past.calls.append(call);
            latest = std::max(latest, call.at);
        }
    }
    if (past.customer.lastContactAt && *past.customer.lastContactAt > instant)
        past.customer.lastContactAt = latest ? std::optional<qint64>(latest) : std::nullopt;
    if (past.customer.assignedAt && *past.customer.assignedAt > instant)
        past.customer.assignedAt.reset();
    if (past.lastTodo && past.lastTodo->completedAt && *past.lastTodo->completedAt > instant)
        past.lastTodo->completedAt.reset();
    return past;
}

} // namespace

QString RulePlan::why() const
{
    QStringList parts;
    for (const RuleObservation &seen : decision.seen)
        parts.append(seen.expression + QStringLiteral(" = ") + seen.value);
    return parts.join(QStringLiteral("; "));
}

// Lookups one pass of plans shares: assignments made earlier in the pass count towards an
// agent's load, so the dry run and the sweep spread leads exactly alike.
struct RuleRunner::Planning
{
    bool loaded = false;
    QList<std::pair<QString, int>> loads; ///< active agents (role agent) by id, owned customers
    QHash<QString, QString> logins;       ///< login → id
    QHash<QString, QStringList> teams;    ///< team id and name → its active agents by id
    QHash<QString, QString> supervisors;  ///< agent id → the team's supervisor
    QHash<QString, QString> names;        ///< agent id → name
    QSet<QString> runs;                   ///< run ids the workspace holds
    bool runsLoaded = false;
    /// Whether load() counts the agents' customers (for least_loaded): the count reads every
    /// owned customer's index entry, so a pass none of whose rules assigns the least loaded
    /// agent leaves the loads at zero.
    bool countLoads = true;

    void load(LocalStore &store)
    {
        if (loaded)
            return;
        loaded = true;
        QSqlQuery query(store.database());
        query.exec(QStringLiteral(
                       "SELECT a.id, a.login, a.name, a.role, a.team_id, t.name, t.supervisor_id, "
                       "%1 FROM agents a LEFT JOIN teams t ON t.id = a.team_id "
                       "WHERE a.deleted = 0 AND a.active = 1 ORDER BY a.id")
                       .arg(countLoads
                                ? QStringLiteral("(SELECT count(*) FROM customers c "
                                                 "WHERE c.owner_id = a.id AND c.deleted = 0)")
                                : QStringLiteral("0")));
        while (query.next()) {
            const QString id = query.value(0).toString();
            logins.insert(query.value(1).toString(), id);
            names.insert(id, query.value(2).toString());
            if (!query.value(6).toString().isEmpty())
                supervisors.insert(id, query.value(6).toString());
            if (query.value(3).toString() != QLatin1String("agent"))
                continue;
            loads.append({id, query.value(7).toInt()});
            if (!query.value(4).toString().isEmpty()) {
                teams[query.value(4).toString()].append(id);
                teams[query.value(5).toString()].append(id);
            }
        }
    }

    // Round robin: the team member whose last turn for this rule is the oldest (never first,
    // ties by agent id); turn is one more than the highest turn known. Read from rule_turns,
    // which indexes the runs (synced), so clients holding the same runs choose alike; turns taken
    // earlier in this pass count.
    struct Turns
    {
        QHash<QString, qint64> last; ///< agent id → its latest turn
        qint64 top = -1;
    };
    QHash<QString, Turns> turns; ///< rule id + '\n' + team

    // take: false only looks (a decision already made takes no turn of this pass).
    QString nextInTurn(LocalStore &store,
                       const QString &ruleId,
                       const QString &team,
                       qint64 *turn,
                       bool take = true)
    {
        const QStringList members = teams.value(team);
        if (members.isEmpty())
            return {};
        const QString key = ruleId + QLatin1Char('\n') + team;
        auto found = turns.find(key);
        if (found == turns.end()) {
            Turns known;
            QSqlQuery query(store.database());
            query.prepare(QStringLiteral("SELECT agent_id, max(turn) FROM rule_turns "
                                         "WHERE rule_id = ? AND team = ? GROUP BY agent_id"));
            query.addBindValue(ruleId);
            query.addBindValue(team);
            if (query.exec()) {
                while (query.next()) {
                    const qint64 last = query.value(1).toLongLong();
                    known.last.insert(query.value(0).toString(), last);
                    known.top = std::max(known.top, last);
                }
            }
            found = turns.insert(key, known);
        }
        QString next;
        qint64 oldest = 0;
        for (const QString &member : members) {
            const qint64 last = found->last.value(member, -1);
            if (next.isEmpty() || last < oldest) {
                next = member;
                oldest = last;
            }
        }
        if (!take) {
            *turn = found->top + 1;
            return next;
        }
        *turn = ++found->top;
        found->last.insert(next, *turn);
        return next;
    }

    QString leastLoaded()
    {
        auto best = std::min_element(loads.begin(), loads.end(), [](const auto &a, const auto &b) {
            return a.second < b.second || (a.second == b.second && a.first < b.first);
        });
        return best == loads.end() ? QString() : best->first;
    }

    void assigned(const QString &from, const QString &to)
    {
        for (auto &load : loads) {
            if (load.first == to)
                ++load.second;
            else if (load.first == from)
                --load.second;
        }
    }
};

RuleRunner::RuleRunner(LocalStore &store, QTimeZone zone)
    : m_store(store)
    , m_zone(std::move(zone))
{}

RuleRunner::~RuleRunner()
{
    if (m_installed && DomainEvents::sink(m_store) == this)
        DomainEvents::setSink(m_store, nullptr);
}

void RuleRunner::install()
{
    DomainEvents::setSink(m_store, this);
    m_installed = true;
}

RuleRunner::Compiled RuleRunner::compile(const Rule &rule) const
{
    Compiled compiled{
        rule, RuleCondition::compile(rule.condition, RuleRepository(m_store).checkContext()), {}};
    if (compiled.condition.ok()) {
        QSet<QString> keys;
        for (const RuleNode &node : compiled.condition.ast().nodes) {
            if (node.kind == RuleNodeKind::Field && !node.key.isEmpty())
                keys.insert(node.key);
            else if (node.kind == RuleNodeKind::Call && node.name == QLatin1String("has_tag"))
                keys.insert(QStringLiteral("tags"));
            else if (node.kind == RuleNodeKind::Call
                     && node.name.startsWith(QLatin1String("count_calls")))
                keys.insert(QStringLiteral("last_call.at"));
        }
        compiled.stateKeys = QStringList(keys.cbegin(), keys.cend());
        compiled.stateKeys.sort();
    }
    return compiled;
}

Result<const QList<RuleRunner::Compiled> *> RuleRunner::compiled() const
{
    // A sweep holds pointers into m_compiled: rules saved meanwhile count from the next one.
    if (m_sweeping)
        return &m_compiled;
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral(
            "SELECT count(*), COALESCE(SUM(row_version), 0), COALESCE(MAX(updated_at), 0), "
            "COALESCE(SUM(LENGTH(condition) + LENGTH(actions) + enabled * 7 + deleted * 13), 0) "
            "FROM rules"))
        || !query.next()) {
        return Error{tr("The rules could not be read: %1").arg(query.lastError().text())};
    }
    const QString signature = QStringLiteral("%1/%2/%3/%4")
                                  .arg(query.value(0).toString(), query.value(1).toString(),
                                       query.value(2).toString(), query.value(3).toString());
    if (signature != m_signature) {
        auto rules = RuleRepository(m_store).all();
        if (!rules)
            return rules.error();
        m_compiled.clear();
        for (const Rule &rule : std::as_const(*rules)) {
            if (rule.enabled)
                m_compiled.append(compile(rule));
        }
        m_signature = signature;
    }
    return &m_compiled;
}

QString RuleRunner::causeFor(const Compiled &rule, const CustomerFacts &facts, qint64 nowMs) const
{
    if (rule.rule.trigger.kind == RuleTriggerKind::TodoOverdue) {
        if (!facts.lastTodo || facts.lastTodo->completedAt || facts.lastTodo->dueAt >= nowMs)
            return {};
        return QStringLiteral("todo_overdue:") + facts.lastTodo->id;
    }
    // A time rule fires once for each state of what its condition reads besides the clock: a
    // lead silent for three days is reminded of once, and again only after a new contact.
    QStringList state;
    for (const QString &key : rule.stateKeys) {
        QString value;
        if (key.startsWith(QLatin1String("last_call"))) {
            qint64 latest = 0;
            for (const CallFact &call : facts.calls)
                latest = std::max(latest, call.at);
            value = QString::number(latest);
        } else if (key.startsWith(QLatin1String("last_todo"))) {
            value = facts.lastTodo ? facts.lastTodo->id + QLatin1Char('@')
                                         + QString::number(facts.lastTodo->completedAt.value_or(0))
                                   : QString();
        } else {
            const QVariant v = FieldCatalogue::customerValue(facts.customer, key);
            value = v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(','))
                                                         : v.toString();
        }
        state.append(key + QLatin1Char('=') + value);
    }
    return QStringLiteral("schedule:")
           + QString::fromLatin1(QCryptographicHash::hash(state.join(QLatin1Char('\n')).toUtf8(),
                                                          QCryptographicHash::Sha1)
                                     .toHex()
                                     .left(16));
}

std::optional<RulePlan> RuleRunner::plan(const Compiled &rule,
                                         const CustomerFacts &facts,
                                         const QString &cause,
                                         const Clock &clock,
                                         Planning &planning) const
{
    const qint64 nowMs = clock.nowMs();
    const RuleEvaluator evaluator(clock, m_zone);
    RuleDecision decision = rule.condition.decide(facts, evaluator);
    if (!decision.matched)
        return std::nullopt;

    const Customer &customer = facts.customer;
    RulePlan plan;
    plan.ruleId = rule.rule.id;
    plan.ruleName = rule.rule.name;
    plan.customerId = customer.id;
    plan.customerName = customer.name;
    plan.cause = cause;
    plan.runId = runIdOf(rule.rule.id, customer.id, cause);
    plan.decision = std::move(decision);
    if (!planning.runsLoaded) {
        plan.alreadyRun = runExists(plan.runId);
    } else {
        plan.alreadyRun = planning.runs.contains(plan.runId);
    }

    const QString me = m_store.currentAgentId();
    // Actions after an assignment are for the new owner (the follow-up of a new lead).
    QString owner = customer.ownerId;
    int index = 0;
    for (const RuleAction &action : rule.rule.actions) {
        const QString actionId
            = derivedId(plan.runId + QLatin1Char('/') + QString::number(index++));
        const auto text
            = [&](const char *key) { return action.params.value(QLatin1String(key)).toString(); };
        PlannedAction planned{action.kind, {}, {}, {}};
        switch (action.kind) {
        case RuleActionKind::CreateTodo: {
            const QString title = merged(text("title"), customer);
            const qint64 due = nowMs + RuleValidator::parseDuration(text("due")).value_or(0);
            planned.params = {{QStringLiteral("id"), actionId},
                              {QStringLiteral("title"), title},
                              {QStringLiteral("kind"),
                               text("kind").isEmpty() ? QStringLiteral("callback") : text("kind")},
                              {QStringLiteral("due_at"), due},
                              {QStringLiteral("priority"),
                               action.params.value(QStringLiteral("priority"), 2).toInt()},
                              {QStringLiteral("agent_id"), owner.isEmpty() ? me : owner}};
            planned.summary = tr("To-do: %1").arg(title);
            break;
        }
        case RuleActionKind::Notify: {
            planning.load(m_store);
            const QString message = merged(text("message"), customer);
            const QString recipient = owner.isEmpty() ? me : owner;
            QStringList to;
            const QStringList who = action.params.value(QStringLiteral("to")).toStringList();
            if (who.contains(QStringLiteral("owner")))
                to.append(recipient);
            const QString supervisor = planning.supervisors.value(recipient);
            if (who.contains(QStringLiteral("supervisor")) && !supervisor.isEmpty()
                && !to.contains(supervisor)) {
                to.append(supervisor);
            }
            planned.params = {{QStringLiteral("id"), actionId},
                              {QStringLiteral("message"), message},
                              {QStringLiteral("to"), to},
                              {QStringLiteral("due_at"), nowMs}};
            QStringList names;
            for (const QString &id : std::as_const(to))
                names.append(planning.names.value(id, id));
            planned.summary
                = tr("Reminder to %1: %2").arg(names.join(QStringLiteral("、")), message);
            break;
        }
        case RuleActionKind::SetField: {
            const QString key = text("field");
            const QVariant current = FieldCatalogue::customerValue(customer, key);
            planned.params
                = {{QStringLiteral("field"), key}, {QStringLiteral("value"), text("value")}};
            planned.expect = {{columnOf(key), current}};
            planned.summary = tr("%1 set to %2").arg(key, text("value"));
            break;
        }
        case RuleActionKind::AddTag:
            planned.params = {{QStringLiteral("tag"), text("tag")}, {QStringLiteral("id"), actionId}};
            planned.summary = tr("Tag added: %1").arg(text("tag"));
            break;
        case RuleActionKind::RemoveTag:
            planned.params = {{QStringLiteral("tag"), text("tag")}};
            planned.summary = tr("Tag removed: %1").arg(text("tag"));
            break;
        case RuleActionKind::AddToNurture:
            planned.params = {{QStringLiteral("tag"), text("list")}, {QStringLiteral("id"), actionId}};
            planned.summary = tr("Nurture list: %1").arg(text("list"));
            break;
        case RuleActionKind::ChangeStage:
            planned.params = {{QStringLiteral("stage"), text("stage")}};
            planned.expect = {{QStringLiteral("stage"), customer.stage}};
            planned.summary = tr("Stage: %1 → %2").arg(customer.stage, text("stage"));
            break;
        case RuleActionKind::Assign: {
            planning.load(m_store);
            const QString mode = text("mode");
            QString agent;
            qint64 turn = -1;
            if (mode == QLatin1String("agent")) {
                agent = planning.logins.value(text("agent"), text("agent"));
            } else if (mode == QLatin1String("round_robin")) {
                agent = planning.nextInTurn(m_store, rule.rule.id, text("team"), &turn,
                                            !plan.alreadyRun);
            } else if (mode == QLatin1String("least_loaded")) {
                agent = planning.leastLoaded();
            }
            if (mode != QLatin1String("pool") && agent.isEmpty()) {
                planned.params
                    = {{QStringLiteral("owner_id"), owner}, {QStringLiteral("unresolved"), true}};
                planned.summary = tr("No agent to assign to");
                break;
            }
            // A decision made before changes no load: its lead already counts where it went.
            // So a sweep of only the customers that may change plans as a full one does.
            if (!plan.alreadyRun)
                planning.assigned(owner, agent);
            planned.params = {{QStringLiteral("owner_id"), agent.isEmpty() ? nullText() : agent}};
            if (turn >= 0) {
                planned.params.insert(QStringLiteral("team"), text("team"));
                planned.params.insert(QStringLiteral("turn"), turn);
            }
            planned.expect = {{QStringLiteral("owner_id"), owner.isEmpty() ? nullText() : owner}};
            owner = agent;
            planned.summary = agent.isEmpty()
                                  ? tr("Back to the pool")
                                  : tr("Assigned to %1").arg(planning.names.value(agent, agent));
            break;
        }
        }
        plan.actions.append(planned);
    }
    return plan;
}

bool RuleRunner::runExists(const QString &runId) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("SELECT 1 FROM rule_runs WHERE id = ?"));
    query.addBindValue(runId);
    return query.exec() && query.next();
}

ScoreWeights RuleRunner::weights() const
{
    return LeadScoreKeeper(m_store).weights();
}

Result<int> RuleRunner::rescoreAll()
{
    return LeadScoreKeeper(m_store).rescoreAll();
}

Result<int> RuleRunner::saveWeights(const ScoreWeights &weights)
{
    return LeadScoreKeeper(m_store).saveWeights(weights);
}

void RuleRunner::handle(const DomainEvent &event)
{
    // The score first, in the write's transaction, so the rules see the new one.
    if (m_weights)
        LeadScoreKeeper(m_store).handle(event, *m_weights);
    else
        LeadScoreKeeper(m_store).handle(event);
    auto rules = compiled();
    if (!rules) {
        qCWarning(lcRules) << rules.message();
        return;
    }
    QList<const Compiled *> matching;
    qint64 window = 0;
    for (const Compiled &rule : **rules) {
        if (!isTimeRule(rule.rule) && eventMatches(rule.rule.trigger, event)) {
            matching.append(&rule);
            const qint64 w = rule.condition.callWindowMs();
            window = w < 0 || window < 0 ? -1 : std::max(window, w);
        }
    }
    if (matching.isEmpty())
        return;
    const qint64 now = m_store.clock().nowMs();
    const CustomerFactsReader reader(m_store, window < 0 ? 0 : now - window);
    const QString cause = event.kind + QLatin1Char(':')
                          + (event.field.isEmpty() ? QString() : event.field + QLatin1Char(':'))
                          + event.occurrence;
    for (const Compiled *rule : std::as_const(matching)) {
        // Each rule sees what the rules before it did.
        auto facts = reader.read(event.customerId);
        if (!facts || !*facts)
            return;
        if (m_chain.size() >= maxDepth) {
            const RuleDecision decision
                = rule->condition.decide(**facts, RuleEvaluator(m_store.clock(), m_zone));
            if (!decision.matched)
                continue;
            if (auto recorded = recordLoop(*rule, event.customerId, cause); !recorded)
                qCWarning(lcRules) << recorded.message();
            continue;
        }
        Planning planning;
        const auto planned = plan(*rule, **facts, cause, m_store.clock(), planning);
        if (!planned || planned->alreadyRun)
            continue;
        apply(*planned, 0);
    }
}

RuleRunner::Outcome RuleRunner::apply(const RulePlan &plan, qint64 lateMs)
{
    Transaction run(m_store);
    if (!run.isActive()) {
        qCWarning(lcRules) << run.error().message;
        return Outcome::Failed;
    }
    Status done;
    {
        Transaction actions(m_store);
        done = actions.isActive() ? applyActions(plan) : Status(actions.error());
        if (done)
            done = actions.commit();
        else
            actions.rollback();
    }
    const bool stale = !done && done.error().field == QLatin1String("stale");
    const QString decision = done    ? QStringLiteral("applied")
                             : stale ? QStringLiteral("stale")
                                     : QStringLiteral("failed");
    if (auto recorded = record(plan, decision, done ? QString() : done.error().message, lateMs);
        !recorded) {
        qCWarning(lcRules) << recorded.error().message;
        return Outcome::Failed;
    }
    if (auto committed = run.commit(); !committed) {
        qCWarning(lcRules) << committed.error().message;
        return Outcome::Failed;
    }
    if (!done)
        qCInfo(lcRules) << plan.ruleName << plan.customerId << decision << done.error().message;
    return done ? Outcome::Applied : stale ? Outcome::Stale : Outcome::Failed;
}

Status RuleRunner::applyActions(const RulePlan &plan)
{
    m_chain.append(plan.ruleName);
    Status done;
    for (const PlannedAction &action : plan.actions) {
        done = applyAction(plan, action);
        if (!done)
            break;
    }
    m_chain.removeLast();
    return done;
}

Status RuleRunner::applyChunk(const QList<RulePlan> &plans, qint64 lateMs, SweepReport &report)
{
    // Many customers to a transaction (one commit, not one per run), committed every few tens
    // of milliseconds so that the window's own writes never wait long for the sweep.
    std::optional<Transaction> batch;
    QElapsedTimer held;
    const auto commit = [&]() -> Status {
        if (!batch)
            return {};
        Status committed = batch->commit();
        batch.reset();
        return committed;
    };
    for (qsizetype i = 0; i < plans.size();) {
        QList<const RulePlan *> pending;
        const QString &customer = plans.at(i).customerId;
        for (; i < plans.size() && plans.at(i).customerId == customer; ++i) {
            ++report.matched;
            if (plans.at(i).alreadyRun)
                ++report.alreadyRun;
            else
                pending.append(&plans.at(i));
        }
        if (pending.isEmpty())
            continue;
        if (m_stop && m_stop->load())
            return commit();
        if (!batch) {
            batch.emplace(m_store);
            if (!batch->isActive()) {
                const Error error = batch->error();
                batch.reset();
                return error;
            }
            held.start();
        }
        applyCustomer(pending, lateMs, report);
        if (held.elapsed() >= chunkCommitMs) {
            if (auto committed = commit(); !committed)
                return committed;
        }
    }
    return commit();
}

void RuleRunner::applyCustomer(const QList<const RulePlan *> &plans,
                               qint64 lateMs,
                               SweepReport &report)
{
    {
        // One savepoint for all of the customer's runs: they nearly always apply.
        Transaction customer(m_store);
        Status done = customer.isActive() ? Status() : Status(customer.error());
        for (const RulePlan *plan : plans) {
            if (!done)
                break;
            done = applyActions(*plan);
            if (done)
                done = record(*plan, QStringLiteral("applied"), {}, lateMs);
        }
        if (done)
            done = customer.commit();
        if (done) {
            report.applied += int(plans.size());
            return;
        }
    }
    // Stopped (the window is closing, a statement was interrupted): nothing of this customer's
    // runs is kept or recorded, so the next sweep decides and applies them.
    if (m_stop && m_stop->load())
        return;
    // One of them failed (and nothing of theirs is left): each on its own, so the others keep
    // what they did and the failed one is recorded with its reason.
    for (const RulePlan *plan : plans) {
        switch (apply(*plan, lateMs)) {
        case Outcome::Applied:
            ++report.applied;
            break;
        case Outcome::Stale:
            ++report.stale;
            break;
        case Outcome::Failed:
            ++report.failed;
            break;
        }
    }
}

Status RuleRunner::applyAction(const RulePlan &plan, const PlannedAction &action)
{
    const QVariantMap &p = action.params;
    // The caller's savepoint keeps the plan whole: no write opens one of its own.
    constexpr auto guard = ChangeWriter::Guard::CallersTransaction;
    switch (action.kind) {
    case RuleActionKind::CreateTodo: {
        Todo todo;
        todo.id = p.value(QStringLiteral("id")).toString();
        todo.customerId = plan.customerId;
        todo.agentId = p.value(QStringLiteral("agent_id")).toString();
        todo.kind = p.value(QStringLiteral("kind")).toString();
        todo.title = p.value(QStringLiteral("title")).toString();
        todo.dueAt = p.value(QStringLiteral("due_at")).toLongLong();
        todo.priority = p.value(QStringLiteral("priority")).toInt();
        todo.createdByRule = plan.ruleId;
        auto added = TodoService(m_store, m_zone, guard).add(todo);
        return added ? Status() : Status(added.error());
    }
    case RuleActionKind::Notify: {
        const QStringList to = p.value(QStringLiteral("to")).toStringList();
        TodoService todos(m_store, m_zone, guard);
        for (const QString &agent : to) {
            Todo todo;
            todo.id
                = derivedId(p.value(QStringLiteral("id")).toString() + QLatin1Char('/') + agent);
            todo.customerId = plan.customerId;
            todo.agentId = agent;
            todo.kind = QStringLiteral("task");
            todo.title = p.value(QStringLiteral("message")).toString();
            todo.dueAt = p.value(QStringLiteral("due_at")).toLongLong();
            todo.priority = 1;
            todo.createdByRule = plan.ruleId;
            if (auto added = todos.add(todo); !added)
                return added.error();
        }
        return {};
    }
    default:
        break;
    }

    CustomerRepository customers(m_store, guard);
    if (m_permissions)
        customers.setPermissions(*m_permissions);
    switch (action.kind) {
    case RuleActionKind::SetField: {
        const QString key = p.value(QStringLiteral("field")).toString();
        return customers.changeExpecting(
            plan.customerId,
            {{columnOf(key), fieldValue(key, p.value(QStringLiteral("value")).toString())}},
            action.expect);
    }
    case RuleActionKind::ChangeStage:
        return customers.changeExpecting(
            plan.customerId, {{QStringLiteral("stage"), p.value(QStringLiteral("stage"))}},
            action.expect);
    case RuleActionKind::Assign: {
        if (p.value(QStringLiteral("unresolved")).toBool())
            return Error{tr("No active agent to assign the customer to.")};
        const QString owner = p.value(QStringLiteral("owner_id")).toString();
        return customers.changeExpecting(
            plan.customerId,
            {{QStringLiteral("owner_id"), owner.isEmpty() ? nullText() : QVariant(owner)}},
            action.expect);
    }
    case RuleActionKind::AddTag:
    case RuleActionKind::AddToNurture: {
        const QString tag = p.value(QStringLiteral("tag")).toString();
        // The link's id comes from the run, so two clients adding it for one cause agree.
        customers.setTagLinkIds({{tag.trimmed(), p.value(QStringLiteral("id")).toString()}});
        return customers.addTag(plan.customerId, tag);
    }
    case RuleActionKind::RemoveTag:
        return customers.removeTag(plan.customerId, p.value(QStringLiteral("tag")).toString());
    default:
        break;
    }
    return {};
}

Status RuleRunner::record(const RulePlan &plan,
                          const QString &decision,
                          const QString &message,
                          qint64 lateMs)
{
    // Inside the caller's transaction or savepoint, which a failure rolls back whole.
    ChangeWriter writer(m_store, ChangeWriter::Guard::CallersTransaction);
    const qint64 now = m_store.clock().nowMs();
    QJsonArray seen;
    for (const RuleObservation &observation : plan.decision.seen) {
        seen.append(QJsonObject{{QStringLiteral("expression"), observation.expression},
                                {QStringLiteral("value"), observation.value}});
    }
    QJsonArray actions;
    QStringList summaries;
    for (const PlannedAction &action : plan.actions) {
        actions.append(
            QJsonObject{{QStringLiteral("kind"), RuleAction::name(action.kind)},
                        {QStringLiteral("summary"), action.summary},
                        {QStringLiteral("params"), QJsonObject::fromVariantMap(action.params)}});
        summaries.append(action.summary);
    }
    auto run
        = writer.insert(QStringLiteral("rule_runs"),
                        {{QStringLiteral("id"), plan.runId},
                         {QStringLiteral("rule_id"), plan.ruleId},
                         {QStringLiteral("rule_name"), plan.ruleName},
                         {QStringLiteral("customer_id"), plan.customerId},
                         {QStringLiteral("agent_id"), m_store.currentAgentId()},
                         {QStringLiteral("cause"), plan.cause},
                         {QStringLiteral("decision"), decision},
                         {QStringLiteral("seen"),
                          QString::fromUtf8(QJsonDocument(seen).toJson(QJsonDocument::Compact))},
                         {QStringLiteral("actions"),
                          QString::fromUtf8(QJsonDocument(actions).toJson(QJsonDocument::Compact))},
                         {QStringLiteral("message"), message},
                         {QStringLiteral("depth"), int(m_chain.size())},
                         {QStringLiteral("late_ms"), lateMs},
                         {QStringLiteral("at"), now}});
    if (!run)
        return run.error();
    if (decision != QLatin1String("applied"))
        return {};
    // The customer's timeline: the rule's name, what it did and why it matched.
    auto event = writer.insert(
        QStringLiteral("stage_changes"),
        {{QStringLiteral("id"), derivedId(plan.runId + QStringLiteral("/timeline"))},
         {QStringLiteral("customer_id"), plan.customerId},
         {QStringLiteral("agent_id"), m_store.currentAgentId()},
         {QStringLiteral("kind"), QStringLiteral("rule")},
         {QStringLiteral("from_value"), plan.ruleName},
         {QStringLiteral("to_value"), summaries.join(QStringLiteral("；"))},
         {QStringLiteral("detail"), tr("Why: %1").arg(plan.why())},
         {QStringLiteral("at"), now}});
    return event ? Status() : Status(event.error());
}

Status RuleRunner::recordLoop(const Compiled &rule, const QString &customerId, const QString &cause)
{
    const QString cycle = (m_chain + QStringList{rule.rule.name}).join(QStringLiteral(" → "));
    qCWarning(lcRules).noquote() << "rule cascade stopped at depth" << maxDepth << ":" << cycle;
    RulePlan plan;
    plan.ruleId = rule.rule.id;
    plan.ruleName = rule.rule.name;
    plan.customerId = customerId;
    plan.cause = cause;
    plan.runId = runIdOf(rule.rule.id, customerId, cause);
    if (runExists(plan.runId))
        return {};
    Transaction loop(m_store);
    if (!loop.isActive())
        return loop.error();
    if (auto recorded = record(plan, QStringLiteral("loop"),
                               tr("Stopped a cascade of rules at depth %1: %2")
                                   .arg(maxDepth)
                                   .arg(cycle),
                               0);
        !recorded) {
        return recorded;
    }
    return loop.commit();
}

Status RuleRunner::decideChunks(const QList<const Compiled *> &rules,
                                qint64 nowMs,
                                Planning &planning,
                                const QStringList *only,
                                qint64 visitWindowMs,
                                const std::function<void(const CustomerFacts &)> &visit,
                                const std::function<bool(QList<RulePlan> &)> &done) const
{
    const FixedInstant clock(nowMs);
    if (rules.isEmpty() && !visit)
        return {};
    qint64 window = visit ? visitWindowMs : 0;
    for (const Compiled *rule : rules) {
        const qint64 w = rule->condition.callWindowMs();
        window = w < 0 || window < 0 ? -1 : std::max(window, w);
    }
    QSqlQuery runs(m_store.database());
    runs.setForwardOnly(true);
    runs.prepare(QStringLiteral("SELECT id FROM rule_runs WHERE customer_id IN "
                                "(SELECT value FROM json_each(?))"));
    std::optional<Error> failure;
    const auto decide = [&](const QList<CustomerFacts> &chunk) {
        if (m_stop && m_stop->load())
            return false;
        // The runs these customers hold: what was decided before is not applied again.
        QJsonArray ids;
        for (const CustomerFacts &facts : chunk)
            ids.append(facts.customer.id);
        runs.addBindValue(QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
        if (!runs.exec()) {
            failure = Error{tr("The rules' runs could not be read: %1").arg(runs.lastError().text())};
            return false;
        }
        planning.runs.clear();
        while (runs.next())
            planning.runs.insert(runs.value(0).toString());
        if (runs.lastError().isValid()) {
            failure = Error{tr("The rules' runs could not be read: %1").arg(runs.lastError().text())};
            return false;
        }
        runs.finish();
        planning.runsLoaded = true;
        QList<RulePlan> plans;
        for (const CustomerFacts &facts : chunk) {
            if (visit)
                visit(facts);
            for (const Compiled *rule : rules) {
                const QString cause
                    = isTimeRule(rule->rule)
                          ? causeFor(*rule, facts, nowMs)
                          : RuleTrigger::name(rule->rule.trigger.kind) + QStringLiteral(":dry-run");
                if (cause.isEmpty())
                    continue;
                if (auto planned = plan(*rule, facts, cause, clock, planning))
                    plans.append(std::move(*planned));
            }
        }
        return done(plans);
    };
    const CustomerFactsReader reader(m_store, window < 0 ? 0 : nowMs - window, m_chunkSize);
    auto scanned = only ? reader.forEachChunkOf(*only, decide) : reader.forEachChunk(decide);
    if (failure)
        return *failure;
    return scanned;
}

Result<std::optional<QStringList>>
RuleRunner::sweepCandidates(const QList<const Compiled *> &rules,
                            const QString &signature,
                            qint64 nowMs,
                            qint64 *dirtyMark) const
{
    QSqlDatabase db = m_store.database();
    const auto failed = [](const QSqlQuery &query) {
        return Error{tr("The changes since the last sweep could not be read: %1")
                         .arg(query.lastError().text())};
    };
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(rowid), 0) FROM rule_dirty"))
        || !query.next()) {
        return failed(query);
    }
    *dirtyMark = query.value(0).toLongLong();

    using Candidates = std::optional<QStringList>;
    const qint64 last = m_store.stateValue(lastKey).toLongLong();
    // A new workspace, other rules or weights, a clock set back or a long absence: all of them.
    if (last <= 0 || last > nowMs || nowMs - last > 30 * dayMs
        || m_store.stateValue(sweptKey) != signature) {
        return Candidates();
    }
    QList<RuleTimeWatch> watches;
    for (const Compiled *rule : rules) {
        const auto of = RuleTimeWatch::of(rule->condition, rule->rule.trigger.kind);
        if (!of)
            return Candidates();
        for (const RuleTimeWatch &watch : *of) {
            if (!watches.contains(watch))
                watches.append(watch);
        }
    }

    QSet<QString> ids;
    const auto collect = [&](QSqlQuery &q) {
        while (q.next())
            ids.insert(q.value(0).toString());
    };
    query.prepare(QStringLiteral("SELECT DISTINCT customer_id FROM rule_dirty WHERE rowid <= ?"));
    query.addBindValue(*dirtyMark);
    if (!query.exec())
        return failed(query);
    collect(query);
    if (ids.contains(QStringLiteral("*")))
        return Candidates();
    // The customers whose watched timestamp + offset lies in (last, now]: taken a millisecond
    // wider on each side, since a customer decided once too often decides the same.
    for (const RuleTimeWatch &watch : std::as_const(watches)) {
        query.prepare(RuleTimeWatch::customersQuery(watch.column));
        query.addBindValue(last - watch.offsetMs - 1);
        query.addBindValue(nowMs - watch.offsetMs + 1);
        if (!query.exec())
            return failed(query);
        collect(query);
    }
    query.prepare(QStringLiteral("SELECT customer_id FROM rule_score_due WHERE due_at <= ?"));
    query.addBindValue(nowMs);
    if (!query.exec())
        return failed(query);
    collect(query);
    return Candidates(QStringList(ids.cbegin(), ids.cend()));
}

Status RuleRunner::keepScoreDue(const QList<std::pair<QString, qint64>> &due,
                                const QStringList &forgotten,
                                bool everyone)
{
    Transaction keep(m_store);
    if (!keep.isActive())
        return keep.error();
    QSqlDatabase db = m_store.database();
    const auto failed = [](const QSqlQuery &query) {
        return Error{tr("The lead scores' next changes could not be stored: %1")
                         .arg(query.lastError().text())};
    };
    QSqlQuery query(db);
    if (everyone && !query.exec(QStringLiteral("DELETE FROM rule_score_due")))
        return failed(query);
    if (!everyone) {
        query.prepare(QStringLiteral("DELETE FROM rule_score_due WHERE customer_id = ?"));
        for (const QString &id : forgotten) {
            query.bindValue(0, id);
            if (!query.exec())
                return failed(query);
        }
    }
    query.prepare(
        QStringLiteral("INSERT OR REPLACE INTO rule_score_due(customer_id, due_at) VALUES (?, ?)"));
    for (const auto &[id, at] : due) {
        query.bindValue(0, id);
        query.bindValue(1, at);
        if (!query.exec())
            return failed(query);
    }
    return keep.commit();
}

Result<RuleRunner::SweepReport> RuleRunner::sweep()
{
    QElapsedTimer timer;
    timer.start();
    SweepReport report;
    const qint64 now = m_store.clock().nowMs();
    const qint64 due = m_store.stateValue(dueKey).toLongLong();
    report.lateMs = due > 0 ? std::max<qint64>(0, now - due) : 0;

    auto rules = compiled();
    if (!rules)
        return rules.error();
    QList<const Compiled *> timeRules;
    for (const Compiled &rule : **rules) {
        if (isTimeRule(rule.rule) && rule.condition.ok())
            timeRules.append(&rule);
    }
    report.rules = int(timeRules.size());
    LeadScoreKeeper scores(m_store);
    const ScoreWeights scoring = scores.weights();

    // What the decisions of the last sweep rest on: the time rules and the weights.
    QStringList parts{QString::fromUtf8(QJsonDocument(scoring.toJson()).toJson(
        QJsonDocument::Compact))};
    for (const Compiled *rule : std::as_const(timeRules)) {
        parts.append(rule->rule.id + QLatin1Char('\n') + RuleTrigger::name(rule->rule.trigger.kind)
                     + QLatin1Char('\n') + rule->rule.condition);
    }
    const QString signature = QString::fromLatin1(
        QCryptographicHash::hash(parts.join(QChar(0)).toUtf8(), QCryptographicHash::Sha1).toHex());
    qint64 dirtyMark = 0;
    auto candidates = sweepCandidates(timeRules, signature, now, &dirtyMark);
    if (!candidates)
        return candidates.error();
    report.full = !candidates->has_value();

    // For the whole pass: the rules as compiled now, the signed-in user's permissions and the
    // weights (read once, not for each write), and the agents' loads as they stand before it.
    m_sweeping = true;
    m_permissions.emplace(Permissions(m_store).snapshot());
    m_weights = scoring;
    const auto ended = qScopeGuard([this] {
        m_sweeping = false;
        m_permissions.reset();
        m_weights.reset();
    });
    Planning planning;
    planning.countLoads
        = std::any_of(timeRules.cbegin(), timeRules.cend(),
                      [](const Compiled *rule) { return assignsLeastLoaded(rule->rule.actions); });
    if (std::any_of(timeRules.cbegin(), timeRules.cend(),
                    [](const Compiled *rule) { return hasPlanningAction(rule->rule.actions); })) {
        planning.load(m_store);
    }
    // Stopped: nothing is marked swept, so the next sweep decides these customers again (what
    // was applied is recorded and not applied twice).
    const auto stopped = [this] { return m_stop && m_stop->load(); };
    const Error stoppedError{tr("The rules' sweep was stopped; the next one goes on from here.")};
    if (report.full) {
        if (auto cleared = keepScoreDue({}, {}, true); !cleared)
            return cleared.error();
    }

    // A chunk of customers at a time: decided, rescored (the lead scores decay with time, and
    // each customer decided is rescored in the same pass, with when its score next changes by
    // itself) and its runs applied, so memory stays flat whatever the workspace's size.
    QList<CustomerFacts> rescoring;
    QList<std::pair<QString, qint64>> scoreDue;
    QStringList scoreSettled;
    QSet<QString> decided; // an incremental sweep's candidates that were read
    const auto visit = [&](const CustomerFacts &facts) {
        ++report.customers;
        if (!report.full)
            decided.insert(facts.customer.id);
        if (LeadScoreKeeper::isStale(facts, now, scoring))
            rescoring.append(facts);
        if (const auto next = LeadScoreKeeper::nextChangeAt(facts, now, scoring))
            scoreDue.append({facts.customer.id, *next});
        else if (!report.full)
            scoreSettled.append(facts.customer.id);
    };
    std::optional<Error> failure;
    const auto chunkDecided = [&](QList<RulePlan> &plans) {
        if (stopped())
            return false;
        Status step;
        if (auto rescored = scores.store(rescoring, now, scoring); !rescored)
            step = rescored.error();
        else
            report.rescored += *rescored;
        if (step)
            step = keepScoreDue(scoreDue, scoreSettled, false);
        if (step)
            step = applyChunk(plans, report.lateMs, report);
        rescoring.clear();
        scoreDue.clear();
        scoreSettled.clear();
        if (!step)
            failure = step.error();
        return step.ok() && !stopped();
    };
    auto swept = decideChunks(timeRules, now, planning, report.full ? nullptr : &**candidates,
                              scoring.callHorizonMs(), visit, chunkDecided);
    if (failure)
        return *failure;
    if (!swept)
        return swept.error();
    if (stopped())
        return stoppedError;
    if (!report.full) {
        // Candidates deleted since, or never decided: nothing of theirs is due.
        QStringList forgotten;
        for (const QString &id : std::as_const(**candidates)) {
            if (!decided.contains(id))
                forgotten.append(id);
        }
        if (auto kept = keepScoreDue({}, forgotten, false); !kept)
            return kept.error();
    }
    // The changes this pass covered; its own actions and rescores are the next pass's.
    QSqlQuery done(m_store.database());
    done.prepare(QStringLiteral("DELETE FROM rule_dirty WHERE rowid <= ?"));
    done.addBindValue(dirtyMark);
    if (!done.exec())
        return Error{tr("The changes since the last sweep could not be cleared: %1")
                         .arg(done.lastError().text())};
    for (const auto &[key, value] : {std::pair{dueKey, QString::number(now + sweepIntervalMs)},
                                     std::pair{lateKey, QString::number(report.lateMs)},
                                     std::pair{lastKey, QString::number(now)},
                                     std::pair{sweptKey, signature}}) {
        if (auto stored = m_store.setStateValue(key, value); !stored)
            return stored.error();
    }
    report.elapsedMs = timer.elapsed();
    return report;
}

Result<QList<RulePlan>> RuleRunner::backtest(const Rule &rule, int days) const
{
    const Compiled compiledRule = compile(rule);
    if (!compiledRule.condition.ok())
        return Error{compiledRule.condition.error()->message};
    const qint64 now = m_store.clock().nowMs();
    const qint64 start = now - qint64(days) * dayMs;
    const qint64 window = compiledRule.condition.callWindowMs();
    const CustomerFactsReader reader(m_store, window < 0 ? 0 : start - window);
    Planning planning;
    planning.runsLoaded = true; // what it would have done, whatever ran since
    QList<RulePlan> plans;
    QSet<QString> decided;
    const auto decideAt = [&](const CustomerFacts &facts, qint64 instant, const QString &cause) {
        const auto past = asOf(facts, instant);
        if (!past)
            return;
        const FixedInstant clock(instant);
        const QString why = cause.isEmpty() ? causeFor(compiledRule, *past, instant) : cause;
        if (why.isEmpty())
            return;
        auto planned = plan(compiledRule, *past, why, clock, planning);
        if (!planned || decided.contains(planned->runId))
            return;
        decided.insert(planned->runId);
        planned->cause += QStringLiteral("@") + QString::number(instant);
        plans.append(std::move(*planned));
    };
    auto scanned = reader.forEach([&](const CustomerFacts &facts) {
        switch (compiledRule.rule.trigger.kind) {
        case RuleTriggerKind::Schedule:
        case RuleTriggerKind::TodoOverdue:
            for (qint64 instant = start + dayMs; instant <= now; instant += dayMs)
                decideAt(facts, instant, {});
            break;
        case RuleTriggerKind::CustomerCreated:
        case RuleTriggerKind::LeadImported:
            if (facts.customer.createdAt >= start)
                decideAt(facts, facts.customer.createdAt, QStringLiteral("customer_created"));
            break;
        case RuleTriggerKind::CallLogged:
            for (const CallFact &call : facts.calls) {
                if (call.at >= start
                    && (compiledRule.rule.trigger.value.isEmpty()
                        || compiledRule.rule.trigger.value == call.disposition)) {
                    decideAt(facts, call.at,
                             QStringLiteral("call_logged:") + QString::number(call.at));
                }
            }
            break;
        default:
            break; // field and to-do events leave no history to replay
        }
        return true;
    });
    if (!scanned)
        return scanned.error();
    return plans;
}

Result<QList<RulePlan>> RuleRunner::dryRun(const Rule &rule) const
{
    const Compiled compiledRule = compile(rule);
    if (!compiledRule.condition.ok())
        return Error{compiledRule.condition.error()->message};
    Planning planning;
    QList<RulePlan> plans;
    auto decided = decideChunks({&compiledRule}, m_store.clock().nowMs(), planning, nullptr, 0, {},
                                [&plans](QList<RulePlan> &chunk) {
                                    plans.append(std::move(chunk));
                                    return true;
                                });
    if (!decided)
        return decided.error();
    return plans;
}

} // namespace Leadline
