// What a rule's actions write when the sweep applies them: only the change each makes (with
// its outbox entry, timeline event and the events it announces), never the customer's other
// fields, contacts or phones; a failed run rolled back alone; a stopped sweep applying each run
// once.
#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/storage/changebus.h"
#include "core/storage/changeset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

// A team North: supervisor li, agents wang and zhao; li is signed in.
struct Floor
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    RuleRunner runner{store};

    Floor()
    {
        exec("INSERT INTO teams(id, name, supervisor_id) VALUES('north', '北区', 'li')");
        exec("INSERT INTO agents(id, login, name, role, team_id, active) VALUES"
             "('li', 'li', '李主管', 'supervisor', 'north', 1),"
             "('wang', 'wang', '王伟', 'agent', 'north', 1),"
             "('zhao', 'zhao', '赵静', 'agent', 'north', 1)");
        store.setCurrentAgentId(QStringLiteral("li"));
        REQUIRE(ReferenceRepository(store).ensureDefaultDispositions());
        runner.install();
    }

    void exec(const char *sql) { exec(QString::fromUtf8(sql)); }
    void exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(store.database());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        INFO(sql.toStdString() << " → " << query.lastError().text().toStdString());
        REQUIRE(query.exec());
    }

    QString value(const QString &sql)
    {
        QSqlQuery query(store.database());
        REQUIRE(query.exec(sql));
        return query.next() ? query.value(0).toString() : QString();
    }

    int count(const QString &table, const QString &where = QStringLiteral("1"))
    {
        return value(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, where)).toInt();
    }

    void save(Rule rule)
    {
        auto saved = RuleRepository(store).save(rule);
        REQUIRE(saved.message() == QString());
    }

    // The outbox entries after rowid mark: table, op, the fields' names, what they expect.
    QStringList outboxAfter(qint64 mark)
    {
        QStringList lines;
        QSqlQuery query(store.database());
        query.prepare(QStringLiteral("SELECT table_name, op, fields, COALESCE(expect, '') "
                                     "FROM outbox WHERE rowid > ? ORDER BY rowid"));
        query.addBindValue(mark);
        REQUIRE(query.exec());
        while (query.next()) {
            QStringList keys
                = QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object().keys();
            keys.sort();
            lines.append(QStringLiteral("%1 %2 [%3] %4")
                             .arg(query.value(0).toString(), query.value(1).toString(),
                                  keys.join(QLatin1Char(',')), query.value(3).toString()));
        }
        return lines;
    }

    QJsonObject outboxFields(qint64 mark, const QString &table, int nth = 0)
    {
        QSqlQuery query(store.database());
        query.prepare(QStringLiteral("SELECT fields FROM outbox WHERE rowid > ? AND table_name = ? "
                                     "ORDER BY rowid LIMIT 1 OFFSET ?"));
        query.addBindValue(mark);
        query.addBindValue(table);
        query.addBindValue(nth);
        REQUIRE(query.exec());
        REQUIRE(query.next());
        return QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
    }
};

RuleAction action(RuleActionKind kind, QVariantMap params)
{
    return RuleAction{kind, std::move(params)};
}

Rule scheduled(const char *id, const char *condition, QList<RuleAction> actions)
{
    Rule rule;
    rule.id = QString::fromLatin1(id);
    rule.name = rule.id;
    rule.trigger = {RuleTriggerKind::Schedule, {}, {}};
    rule.condition = QString::fromUtf8(condition);
    rule.actions = std::move(actions);
    return rule;
}

RuleAction todo(const char *title)
{
    return action(RuleActionKind::CreateTodo, {{QStringLiteral("title"), QString::fromUtf8(title)},
                                               {QStringLiteral("due"), QStringLiteral("1d")}});
}

} // namespace

TEST_CASE("A rule's field, tag, stage and owner changes write only themselves, with their "
          "outbox entries, timeline events and announcements",
          "[rules][sweep]")
{
    Floor f;
    Customer customer;
    customer.name = QStringLiteral("王芳");
    customer.company = QStringLiteral("王芳贸易");
    customer.industry = QStringLiteral("制造业");
    customer.stage = QStringLiteral("需求沟通");
    customer.source = QStringLiteral("电话营销");
    customer.tags = {QStringLiteral("老客户")};
    Contact contact;
    contact.name = QStringLiteral("张三");
    contact.isPrimary = true;
    contact.phones = {ContactPhone{{}, QStringLiteral("+8613800138000"), QStringLiteral("手机")}};
    customer.contacts = {contact};
    const auto created = CustomerRepository(f.store).create(customer);
    REQUIRE(created.message() == QString());
    const QString id = *created;
    // As another client wrote them (pulled): untrimmed names, a phone formatted otherwise. The
    // GUI's save would normalise them; a rule changing something else leaves them alone.
    f.exec(QStringLiteral("UPDATE customers SET name = ' 王芳 ' WHERE id = ?"), {id});
    f.exec(QStringLiteral("UPDATE contacts SET name = '张三 ' WHERE customer_id = ?"), {id});
    f.exec(QStringLiteral("UPDATE phones SET national = '138-0013-8000' WHERE customer_id = ?"),
           {id});

    f.save(scheduled(
        "r-move", "stage == \"需求沟通\" and source == \"电话营销\"",
        {action(RuleActionKind::SetField, {{QStringLiteral("field"), QStringLiteral("source")},
                                           {QStringLiteral("value"), QStringLiteral("转介绍")}}),
         action(RuleActionKind::AddTag, {{QStringLiteral("tag"), QStringLiteral("VIP")}}),
         action(RuleActionKind::ChangeStage,
                {{QStringLiteral("stage"), QStringLiteral("方案提供")}}),
         action(RuleActionKind::Assign, {{QStringLiteral("mode"), QStringLiteral("agent")},
                                         {QStringLiteral("agent"), QStringLiteral("wang")}})}));
    // An event rule on the stage change: the change is announced as save() announces it.
    Rule proposal;
    proposal.id = QStringLiteral("r-proposal");
    proposal.name = proposal.id;
    proposal.trigger = {RuleTriggerKind::StageChanged, {}, QStringLiteral("方案提供")};
    proposal.condition = QStringLiteral("true");
    proposal.actions = {todo("准备方案")};
    f.save(proposal);

    const qint64 mark = f.value(QStringLiteral("SELECT max(rowid) FROM outbox")).toLongLong();
    ChangeSet announced;
    QObject context;
    QObject::connect(&f.store.changeBus(), &ChangeBus::changed, &context,
                     [&announced](const ChangeSet &changes) { announced.merge(changes); });
    f.workspace.clock().advanceMs(60 * 1000);
    const qint64 now = f.workspace.clock().nowMs();
    const auto swept = f.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->applied == 1);
    CHECK(swept->failed == 0);

    // By hand: the source, the tag (a new tag and its link), the stage (its timeline event; the
    // event rule's to-do and run; the score the stage moves: 制造业 20 + 方案提供 10), the owner
    // (with assigned_at, and its timeline event), then the run and its timeline entry.
    const QStringList expected = {
        QStringLiteral("customers update [source,updated_at,updated_by] {\"source\":\"电话营销\"}"),
        QStringLiteral("tags insert [deleted,id,name,updated_at,updated_by] "),
        QStringLiteral("customer_tags insert [customer_id,deleted,id,tag_id,updated_at,"
                       "updated_by] "),
        QStringLiteral("customers update [stage,updated_at,updated_by] {\"stage\":\"需求沟通\"}"),
        QStringLiteral("stage_changes insert [agent_id,at,customer_id,deleted,from_value,id,kind,"
                       "to_value,updated_at,updated_by] "),
        QStringLiteral("todos insert [agent_id,completed_at,created_at,created_by_rule,"
                       "customer_id,deleted,due_at,id,kind,priority,title,updated_at,updated_by] "),
        QStringLiteral("rule_runs insert [actions,agent_id,at,cause,customer_id,decision,deleted,"
                       "depth,id,late_ms,message,rule_id,rule_name,seen,updated_at,updated_by] "),
        QStringLiteral("stage_changes insert [agent_id,at,customer_id,deleted,detail,from_value,id,"
                       "kind,to_value,updated_at,updated_by] "),
        QStringLiteral("customers update [score,score_reasons,updated_at,updated_by] "),
        QStringLiteral("customers update [assigned_at,owner_id,updated_at,updated_by] "
                       "{\"owner_id\":null}"),
        QStringLiteral("stage_changes insert [agent_id,at,customer_id,deleted,from_value,id,kind,"
                       "to_value,updated_at,updated_by] "),
        QStringLiteral("rule_runs insert [actions,agent_id,at,cause,customer_id,decision,deleted,"
                       "depth,id,late_ms,message,rule_id,rule_name,seen,updated_at,updated_by] "),
        QStringLiteral("stage_changes insert [agent_id,at,customer_id,deleted,detail,from_value,id,"
                       "kind,to_value,updated_at,updated_by] "),
    };
    const QStringList written = f.outboxAfter(mark);
    CHECK(written == expected);
    CHECK(written.filter(QStringLiteral("contacts ")).isEmpty());
    CHECK(written.filter(QStringLiteral("phones ")).isEmpty());

    // The values written.
    CHECK(f.outboxFields(mark, QStringLiteral("customers")).value(QStringLiteral("source"))
          == QStringLiteral("转介绍"));
    CHECK(f.outboxFields(mark, QStringLiteral("customers"), 1).value(QStringLiteral("stage"))
          == QStringLiteral("方案提供"));
    CHECK(f.outboxFields(mark, QStringLiteral("customers"), 2).value(QStringLiteral("score"))
          == 30);
    const QJsonObject owner = f.outboxFields(mark, QStringLiteral("customers"), 3);
    CHECK(owner.value(QStringLiteral("owner_id")) == QStringLiteral("wang"));
    CHECK(owner.value(QStringLiteral("assigned_at")).toInteger() == now);
    CHECK(f.value(QStringLiteral("SELECT name || '|' || source || '|' || stage || '|' || owner_id "
                                 "FROM customers WHERE id = '%1'")
                      .arg(id))
          == QStringLiteral(" 王芳 |转介绍|方案提供|wang"));
    CHECK(f.value(QStringLiteral("SELECT name FROM contacts WHERE customer_id = '%1'").arg(id))
          == QStringLiteral("张三 "));
    // The tag link's id is the run's (the same on every client deciding the same).
    const QJsonArray actions
        = QJsonDocument::fromJson(
              f.value(QStringLiteral("SELECT actions FROM rule_runs WHERE rule_id = 'r-move'"))
                  .toUtf8())
              .array();
    const QString linkId = actions.at(1)
                               .toObject()
                               .value(QStringLiteral("params"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
    CHECK_FALSE(linkId.isEmpty());
    CHECK(
        f.count(QStringLiteral("customer_tags"),
                QStringLiteral("id = '%1' AND customer_id = '%2' AND deleted = 0").arg(linkId, id))
        == 1);
    CHECK(
        f.count(QStringLiteral("stage_changes"),
                QStringLiteral("customer_id = '%1' AND kind = 'stage' AND from_value = '需求沟通' "
                               "AND to_value = '方案提供'")
                    .arg(id))
        == 1);
    CHECK(f.count(QStringLiteral("stage_changes"),
                  QStringLiteral("customer_id = '%1' AND kind = 'owner' AND from_value = '' "
                                 "AND to_value = 'wang'")
                      .arg(id))
          == 1);
    CHECK(f.count(QStringLiteral("todos"),
                  QStringLiteral("customer_id = '%1' AND created_by_rule = 'r-proposal'").arg(id))
          == 1);
    for (const char *table :
         {"customers", "tags", "customer_tags", "stage_changes", "todos", "rule_runs"}) {
        INFO(table);
        CHECK(announced.tables.contains(QString::fromLatin1(table)));
    }
    CHECK(announced.touchesCustomer(id));
    CHECK_FALSE(announced.tables.contains(QStringLiteral("contacts")));
    CHECK_FALSE(announced.tables.contains(QStringLiteral("phones")));

    // Decided once: the next sweep writes nothing.
    const qint64 after = f.value(QStringLiteral("SELECT max(rowid) FROM outbox")).toLongLong();
    f.workspace.clock().advanceMs(5 * 60 * 1000);
    REQUIRE(f.runner.sweep().message() == QString());
    CHECK(f.outboxAfter(after).isEmpty());
}

TEST_CASE("A customer's failed run is rolled back alone: its other runs keep what they wrote",
          "[rules][sweep]")
{
    Floor f;
    Customer customer;
    customer.name = QStringLiteral("李雷");
    customer.ownerId = QStringLiteral("wang");
    customer.intent = QStringLiteral("高");
    const auto created = CustomerRepository(f.store).create(customer);
    REQUIRE(created.message() == QString());
    const QString id = *created;
    f.save(scheduled("r-a", "intent == \"高\"", {todo("A 回访")}));
    f.save(
        scheduled("r-b", "intent == \"高\"",
                  {todo("B 回访"), action(RuleActionKind::Assign,
                                          {{QStringLiteral("mode"), QStringLiteral("agent")},
                                           {QStringLiteral("agent"), QStringLiteral("zhao")}})}));
    f.save(scheduled(
        "r-c", "intent == \"高\"",
        {action(RuleActionKind::AddTag, {{QStringLiteral("tag"), QStringLiteral("重点")}})}));
    f.store.setCurrentAgentId(QStringLiteral("wang")); // an agent: may not reassign customers

    const auto swept = f.runner.sweep();
    REQUIRE(swept.message() == QString());
    CHECK(swept->applied == 2);
    CHECK(swept->failed == 1);
    CHECK(f.count(QStringLiteral("todos"), QStringLiteral("title = 'A 回访'")) == 1);
    CHECK(f.count(QStringLiteral("todos"), QStringLiteral("title = 'B 回访'")) == 0);
    CHECK(f.value(QStringLiteral("SELECT owner_id FROM customers WHERE id = '%1'").arg(id))
          == QStringLiteral("wang"));
    CHECK(CustomerRepository(f.store).load(id)->tags.contains(QStringLiteral("重点")));
    CHECK(f.value(QStringLiteral("SELECT group_concat(rule_id || ':' || decision, ' ') FROM "
                                 "(SELECT rule_id, decision FROM rule_runs ORDER BY rule_id)"))
          == QStringLiteral("r-a:applied r-b:failed r-c:applied"));
    CHECK_FALSE(
        f.value(QStringLiteral("SELECT message FROM rule_runs WHERE rule_id = 'r-b'")).isEmpty());
    CHECK(f.count(QStringLiteral("stage_changes"),
                  QStringLiteral("kind = 'rule' AND from_value = 'r-b'"))
          == 0);
}

TEST_CASE("A sweep stopped between two chunks applies each run once; the next one finishes",
          "[rules][sweep][scheduler]")
{
    Floor f;
    const qint64 now = f.workspace.clock().nowMs();
    for (int i = 0; i < 30; ++i) {
        f.exec(
            QStringLiteral("INSERT INTO customers(id, name, intent, stage, owner_id, "
                           "created_at, updated_at) VALUES (?, ?, '高', '需求沟通', 'wang', ?, ?)"),
            {QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0')), QStringLiteral("客户%1").arg(i),
             now, now});
    }
    f.save(scheduled("r-call", "intent == \"高\"", {todo("回访{name}")}));
    f.runner.setChunkSize(7);
    std::atomic<bool> stop{false};
    f.runner.setStopFlag(&stop);
    // The window closes as soon as the first runs are committed.
    QObject context;
    QObject::connect(&f.store.changeBus(), &ChangeBus::changed, &context,
                     [&stop](const ChangeSet &changes) {
                         if (changes.tables.contains(QStringLiteral("rule_runs")))
                             stop = true;
                     });
    const auto stopped = f.runner.sweep();
    REQUIRE_FALSE(stopped);
    CHECK(stopped.message().contains(QStringLiteral("stopped")));
    const int first = f.count(QStringLiteral("rule_runs"));
    CHECK(first > 0);
    CHECK(first <= 7);
    CHECK(f.count(QStringLiteral("todos")) == first);

    stop = false;
    QObject::disconnect(&f.store.changeBus(), nullptr, &context, nullptr);
    f.workspace.clock().advanceMs(5 * 60 * 1000);
    const auto resumed = f.runner.sweep();
    REQUIRE(resumed.message() == QString());
    CHECK(resumed->applied == 30 - first);
    CHECK(resumed->alreadyRun == first);
    CHECK(resumed->failed == 0);
    CHECK(f.count(QStringLiteral("rule_runs")) == 30);
    CHECK(f.count(QStringLiteral("rule_runs"), QStringLiteral("decision <> 'applied'")) == 0);
    CHECK(f.count(QStringLiteral("todos")) == 30);
    CHECK(f.count(QStringLiteral("customers"),
                  QStringLiteral("id NOT IN (SELECT customer_id FROM todos)"))
          == 0);
}
