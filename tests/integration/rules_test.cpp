// Time rules run on every client that sees the customer: two clients deciding the same thing
// write the same rows, and the server keeps only the first of each; the assignment carries the
// owner it was decided on, so the second one is refused as stale. Rules and their runs are
// written only as the write path allows, by each role's own login.
#include "syncfixture.h"

#include "core/customers/customerrepository.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

constexpr qint64 hour = 60 * 60 * 1000;
constexpr qint64 day = 24 * hour;

Rule defaultRule(const QString &id)
{
    for (const Rule &rule : DefaultRules::all()) {
        if (rule.id == id)
            return rule;
    }
    FAIL("no default rule " << id.toStdString());
    return {};
}

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

} // namespace

TEST_CASE("two clients running the same time rules keep only one of each action", "[rules][sync]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient supervisor(server, QStringLiteral("li"), li);
    SyncClient agent(server, QStringLiteral("wang"), wang);
    syncOk(supervisor);

    // GIVEN the supervisor's two time rules on every client, and a high-intent lead of wang's
    RuleRepository rules(supervisor.store());
    REQUIRE(rules.save(defaultRule(QStringLiteral("default-high-intent-silent-3d"))).message()
            == QString());
    REQUIRE(rules.save(defaultRule(QStringLiteral("default-no-follow-up-24h"))).message()
            == QString());
    syncOk(supervisor);
    Customer customer;
    customer.name = QStringLiteral("星河科技");
    customer.ownerId = wang;
    customer.intent = QStringLiteral("高");
    const auto created = CustomerRepository(agent.store()).create(customer); // assigned now
    REQUIRE(created.message() == QString());
    const QString lead = *created;
    syncOk(agent);
    syncOk(supervisor);
    REQUIRE(agent.value(QStringLiteral("SELECT count(*) FROM rules")) == QStringLiteral("2"));
    REQUIRE(supervisor.value(QStringLiteral("SELECT owner_id FROM customers WHERE id = ?"), {lead})
            == wang);

    // WHEN three days pass and both clients sweep offline
    for (SyncClient *client : {&supervisor, &agent}) {
        client->workspace().clock().advanceMs(3 * day + hour);
        RuleRunner runner(client->store());
        runner.install();
        auto swept = runner.sweep();
        REQUIRE(swept.message() == QString());
        CHECK(swept->applied == 2);
    }
    // ... and both come back online
    syncOk(agent);
    syncOk(supervisor);
    syncOk(agent);

    // THEN the server holds one run, one timeline entry and one reminder per person of each
    CHECK(
        server.value(QStringLiteral("SELECT count(*) FROM rule_runs WHERE customer_id = ?"), {lead})
        == QStringLiteral("2"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM stage_changes WHERE kind = 'rule' "
                                      "AND customer_id = ?"),
                       {lead})
          == QStringLiteral("2"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM todos WHERE customer_id = ?"), {lead})
          == QStringLiteral("2"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM todos WHERE customer_id = ? "
                                      "AND agent_id = ?"),
                       {lead, li})
          == QStringLiteral("1"));
    INFO("agent refused: " << agent.value(QStringLiteral(
        "SELECT group_concat(table_name || ': ' || reason, ' | ') FROM outbox_rejected")).toStdString());
    INFO("supervisor refused: " << supervisor.value(QStringLiteral(
        "SELECT group_concat(table_name || ': ' || reason, ' | ') FROM outbox_rejected")).toStdString());
    // ... one release to the pool: the second client's was decided on an owner that had gone
    CHECK(
        server.value(QStringLiteral("SELECT owner_id IS NULL FROM customers WHERE id = ?"), {lead})
        == QStringLiteral("true"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'release' "
                                      "AND row_id = ?"),
                       {lead})
          == QStringLiteral("1"));
    CHECK(supervisor.value(QStringLiteral("SELECT count(*) FROM outbox_rejected WHERE "
                                          "table_name = 'customers' AND reason LIKE '%changed%'"))
          == QStringLiteral("1"));
    // Both clients end with the server's rows.
    for (SyncClient *client : {&supervisor, &agent}) {
        CHECK(client->outboxCount() == 0);
        CHECK(client->value(QStringLiteral("SELECT owner_id IS NULL FROM customers WHERE id = ?"),
                            {lead})
              == QStringLiteral("1"));
        CHECK(client->value(QStringLiteral("SELECT count(*) FROM rule_runs"))
              == QStringLiteral("2"));
    }
}

TEST_CASE("two clients tagging a customer for the same time rule keep one tag link",
          "[rules][sync][tags]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient supervisor(server, QStringLiteral("li"), li);
    SyncClient agent(server, QStringLiteral("wang"), wang);
    syncOk(supervisor);

    // GIVEN two time rules adding tags: high intent → 重点客户, and a month in needs
    // analysis → the nurture list 长期培育
    Rule tagging;
    tagging.id = QStringLiteral("rule-tag-high");
    tagging.name = QStringLiteral("高意向：标记重点");
    tagging.trigger = {RuleTriggerKind::Schedule, {}, {}};
    tagging.condition = QStringLiteral("intent == \"高\" and not has_tag(\"重点客户\")");
    tagging.actions = {RuleAction{RuleActionKind::AddTag,
                                  {{QStringLiteral("tag"), QStringLiteral("重点客户")}}}};
    Rule nurture;
    nurture.id = QStringLiteral("rule-nurture-needs");
    nurture.name = QStringLiteral("需求沟通：转入培育");
    nurture.trigger = {RuleTriggerKind::Schedule, {}, {}};
    nurture.condition = QStringLiteral("stage == \"需求沟通\" and days_since(created_at) >= 30");
    nurture.actions = {RuleAction{RuleActionKind::AddToNurture,
                                  {{QStringLiteral("list"), QStringLiteral("长期培育")}}}};
    RuleRepository rules(supervisor.store());
    REQUIRE(rules.save(tagging).message() == QString());
    REQUIRE(rules.save(nurture).message() == QString());
    syncOk(supervisor);
    Customer customer;
    customer.name = QStringLiteral("远山制造");
    customer.ownerId = wang;
    customer.intent = QStringLiteral("高");
    customer.stage = QStringLiteral("需求沟通");
    const auto created = CustomerRepository(agent.store()).create(customer);
    REQUIRE(created.message() == QString());
    const QString lead = *created;
    // ... 重点客户 already exists on every client (another customer has it); 长期培育 does not
    Customer tagged;
    tagged.name = QStringLiteral("已标记客户");
    tagged.ownerId = wang;
    tagged.tags = {QStringLiteral("重点客户")};
    REQUIRE(CustomerRepository(agent.store()).create(tagged).message() == QString());
    syncOk(agent);
    syncOk(supervisor);
    REQUIRE(supervisor.value(QStringLiteral("SELECT count(*) FROM tags WHERE name = ?"),
                             {QStringLiteral("重点客户")})
            == QStringLiteral("1"));

    // WHEN a month passes and both clients sweep offline, each adding both tags
    for (SyncClient *client : {&supervisor, &agent}) {
        client->workspace().clock().advanceMs(31 * day);
        RuleRunner runner(client->store());
        runner.install();
        auto swept = runner.sweep();
        REQUIRE(swept.message() == QString());
        CHECK(swept->applied == 2);
        CHECK(client->value(QStringLiteral("SELECT count(*) FROM customer_tags WHERE "
                                           "customer_id = ? AND deleted = 0"),
                            {lead})
              == QStringLiteral("2"));
    }
    // ... and both come back online
    syncOk(agent);
    syncOk(supervisor);
    syncOk(agent);

    // THEN the server holds one link per tag, and one tag of each name
    INFO("agent refused: " << agent.value(QStringLiteral(
        "SELECT group_concat(table_name || ': ' || reason, ' | ') FROM outbox_rejected")).toStdString());
    INFO("supervisor refused: " << supervisor.value(QStringLiteral(
        "SELECT group_concat(table_name || ': ' || reason, ' | ') FROM outbox_rejected")).toStdString());
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM customer_tags WHERE customer_id = ? "
                                      "AND deleted = 0"),
                       {lead})
          == QStringLiteral("2"));
    for (const QString &name : {QStringLiteral("重点客户"), QStringLiteral("长期培育")}) {
        CHECK(server.value(QStringLiteral("SELECT count(*) FROM tags WHERE name = ?"), {name})
              == QStringLiteral("1"));
    }
    // ... and both clients end with the server's rows, nothing refused.
    for (SyncClient *client : {&supervisor, &agent}) {
        CHECK(client->outboxCount() == 0);
        CHECK(client->value(QStringLiteral("SELECT count(*) FROM outbox_rejected"))
              == QStringLiteral("0"));
        CHECK(client->value(QStringLiteral("SELECT count(*) FROM customer_tags WHERE "
                                           "customer_id = ? AND deleted = 0"),
                            {lead})
              == QStringLiteral("2"));
    }
}

TEST_CASE("only supervisors and admins write rules; rule runs are append-only and checked",
          "[rules][roles][security]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient agent(server, QStringLiteral("wang"), wang);
    const QString lead = agent.addCustomer(QStringLiteral("星河科技"));
    syncOk(agent);

    const QJsonObject rule{
        {QStringLiteral("mutation_id"), QStringLiteral("m-rule")},
        {QStringLiteral("table"), QStringLiteral("rules")},
        {QStringLiteral("row_id"), QStringLiteral("r1")},
        {QStringLiteral("op"), QStringLiteral("insert")},
        {QStringLiteral("base_row_version"), 0},
        {QStringLiteral("fields"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("测试规则")},
                     {QStringLiteral("trigger_kind"), QStringLiteral("schedule")},
                     {QStringLiteral("condition"), QStringLiteral("intent == \"高\"")},
                     {QStringLiteral("actions"),
                      QStringLiteral("[{\"kind\":\"add_tag\",\"params\":{\"tag\":\"x\"}}]")}}}};
    const auto pushAs = [&](const QString &login, QJsonObject mutation) {
        auto connection = ServerConnection::open(server.urlFor(login));
        REQUIRE(connection.message() == QString());
        ServerGateway gateway(**connection);
        auto results = gateway.push(QStringLiteral("client-") + login, QJsonArray{mutation});
        REQUIRE(results.message() == QString());
        return results->at(0).toObject();
    };
    const auto status = [](const QJsonObject &answer) {
        return answer.value(QStringLiteral("status")).toString();
    };

    // An agent's own login may not write a rule; a supervisor's may, and it is audited.
    CHECK(status(pushAs(QStringLiteral("wang"), rule)) == QStringLiteral("rejected"));
    CHECK(status(pushAs(QStringLiteral("li"), rule)) == QStringLiteral("applied"));
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'rule'"))
          == QStringLiteral("1"));
    // The write path checks a rule's shape: an unknown action is refused.
    QJsonObject broken = rule;
    broken[QStringLiteral("mutation_id")] = QStringLiteral("m-broken");
    broken[QStringLiteral("row_id")] = QStringLiteral("r2");
    QJsonObject fields = rule.value(QStringLiteral("fields")).toObject();
    fields[QStringLiteral("actions")] = QStringLiteral("[{\"kind\":\"run_sql\"}]");
    broken[QStringLiteral("fields")] = fields;
    CHECK(status(pushAs(QStringLiteral("li"), broken)) == QStringLiteral("rejected"));

    // A run is recorded by whoever ran it, and never changed or deleted afterwards.
    QJsonObject run{{QStringLiteral("mutation_id"), QStringLiteral("m-run")},
                    {QStringLiteral("table"), QStringLiteral("rule_runs")},
                    {QStringLiteral("row_id"), QStringLiteral("run1")},
                    {QStringLiteral("op"), QStringLiteral("insert")},
                    {QStringLiteral("base_row_version"), 0},
                    {QStringLiteral("fields"),
                     QJsonObject{{QStringLiteral("rule_id"), QStringLiteral("r1")},
                                 {QStringLiteral("customer_id"), lead},
                                 {QStringLiteral("cause"), QStringLiteral("schedule:x")},
                                 {QStringLiteral("decision"), QStringLiteral("applied")},
                                 {QStringLiteral("at"), 1}}}};
    CHECK(status(pushAs(QStringLiteral("wang"), run)) == QStringLiteral("applied"));
    CHECK(server.value(QStringLiteral("SELECT agent_id FROM rule_runs WHERE id = 'run1'")) == wang);
    QJsonObject edit = run;
    edit[QStringLiteral("mutation_id")] = QStringLiteral("m-edit");
    edit[QStringLiteral("op")] = QStringLiteral("update");
    edit[QStringLiteral("fields")]
        = QJsonObject{{QStringLiteral("decision"), QStringLiteral("failed")}};
    for (const QString &login : {QStringLiteral("wang"), QStringLiteral("li")})
        CHECK(status(pushAs(login, edit)) == QStringLiteral("rejected"));
    // The same run pushed again by another client is kept once.
    run[QStringLiteral("mutation_id")] = QStringLiteral("m-run-again");
    CHECK(status(pushAs(QStringLiteral("li"), run)) == QStringLiteral("duplicate"));
    // No direct writes under a user's own login.
    auto own = ServerConnection::open(server.urlFor(QStringLiteral("li")));
    REQUIRE(own.message() == QString());
    CHECK_FALSE((*own)->execScript(
        QStringLiteral("INSERT INTO public.rules(id, name, actions) VALUES ('r3', 'x', '[]')")));
    CHECK_FALSE((*own)->execScript(QStringLiteral("DELETE FROM public.rule_runs")));
}

TEST_CASE("score weights: every client reads them, only supervisors and admins write them",
          "[rules][roles][security][weights]")
{
    SyncServer server;
    const QString li = server.addUser(QStringLiteral("li"), QStringLiteral("supervisor"));
    const QString wang = server.addUser(QStringLiteral("wang"));
    SyncClient supervisor(server, QStringLiteral("li"), li);
    SyncClient agent(server, QStringLiteral("wang"), wang);
    Customer customer;
    customer.name = QStringLiteral("远山制造");
    customer.ownerId = wang;
    customer.industry = QStringLiteral("制造业");
    const auto created = CustomerRepository(agent.store()).create(customer);
    REQUIRE(created.message() == QString());
    syncOk(agent);
    syncOk(supervisor);

    // The supervisor's client saves new weights; they reach the agent's client, whose sweep
    // rescores his customer with them.
    RuleRunner supervising(supervisor.store());
    ScoreWeights weights = ScoreWeights::defaults();
    weights.industry.insert(QStringLiteral("制造业"), 45);
    auto saved = supervising.saveWeights(weights);
    REQUIRE(saved.message() == QString());
    syncOk(supervisor);
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'policy' "
                                      "AND detail LIKE '%score_weights%'"))
          == QStringLiteral("1"));
    syncOk(agent);
    RuleRunner agents(agent.store());
    CHECK(agents.weights() == weights);
    REQUIRE(agents.sweep().message() == QString());
    CHECK(agent.value(QStringLiteral("SELECT score FROM customers WHERE id = ?"), {*created})
          == QStringLiteral("45"));

    const auto pushAs = [&](const QString &login, const QString &mutationId,
                            const QString &text) {
        auto connection = ServerConnection::open(server.urlFor(login));
        REQUIRE(connection.message() == QString());
        ServerGateway gateway(**connection);
        const QJsonObject mutation{
            {QStringLiteral("mutation_id"), mutationId},
            {QStringLiteral("table"), QStringLiteral("score_weights")},
            {QStringLiteral("row_id"), QStringLiteral("workspace")},
            {QStringLiteral("op"), QStringLiteral("update")},
            {QStringLiteral("base_row_version"), 0},
            {QStringLiteral("fields"), QJsonObject{{QStringLiteral("weights"), text}}}};
        auto results = gateway.push(QStringLiteral("client-") + login, QJsonArray{mutation});
        REQUIRE(results.message() == QString());
        return results->at(0).toObject().value(QStringLiteral("status")).toString();
    };
    // Through the write path: an agent's own login is refused, a supervisor's applied, and
    // weights out of bounds refused for anyone.
    CHECK(pushAs(QStringLiteral("wang"), QStringLiteral("m-w1"),
                 QStringLiteral("{\"industry\": {\"制造业\": 100}}"))
          == QStringLiteral("rejected"));
    CHECK(pushAs(QStringLiteral("li"), QStringLiteral("m-w2"),
                 QStringLiteral("{\"industry\": {\"制造业\": 30}}"))
          == QStringLiteral("applied"));
    CHECK(pushAs(QStringLiteral("li"), QStringLiteral("m-w3"),
                 QStringLiteral("{\"warm_from\": 80, \"hot_from\": 50}"))
          == QStringLiteral("rejected"));
    CHECK(pushAs(QStringLiteral("li"), QStringLiteral("m-w4"),
                 QStringLiteral("{\"region\": {\"上海\": 500}}"))
          == QStringLiteral("rejected"));
    CHECK(pushAs(QStringLiteral("li"), QStringLiteral("m-w5"), QStringLiteral("not json"))
          == QStringLiteral("rejected"));
    CHECK(server.value(QStringLiteral("SELECT weights FROM score_weights WHERE id = 'workspace'"))
          == QStringLiteral("{\"industry\": {\"制造业\": 30}}"));
    // Plain SQL under each role's own login: the agent reads them but writes nothing, and so
    // does the supervisor (every write goes through the write path).
    for (const QString &login : {QStringLiteral("wang"), QStringLiteral("li")}) {
        auto own = ServerConnection::open(server.urlFor(login));
        REQUIRE(own.message() == QString());
        INFO(login.toStdString());
        CHECK((*own)->execScript(QStringLiteral("SELECT weights FROM public.score_weights")));
        CHECK_FALSE((*own)->execScript(
            QStringLiteral("UPDATE public.score_weights SET weights = '{}'")));
        CHECK_FALSE((*own)->execScript(QStringLiteral(
            "INSERT INTO public.score_weights(id, weights) VALUES ('mine', '{}')")));
        CHECK_FALSE((*own)->execScript(QStringLiteral("DELETE FROM public.score_weights")));
    }
    CHECK(server.value(QStringLiteral("SELECT count(*) FROM score_weights"))
          == QStringLiteral("1"));
}
