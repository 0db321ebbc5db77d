#include "defaultrules.h"

namespace Leadline {

namespace {

RuleAction action(RuleActionKind kind, QVariantMap params)
{
    return RuleAction{kind, std::move(params)};
}

QVariantMap todo(const char *title, const char *kind, const char *due, int priority)
{
    return {{QStringLiteral("title"), QString::fromUtf8(title)},
            {QStringLiteral("kind"), QString::fromUtf8(kind)},
            {QStringLiteral("due"), QString::fromUtf8(due)},
            {QStringLiteral("priority"), priority}};
}

} // namespace

QList<Rule> DefaultRules::all()
{
    QList<Rule> rules;

    Rule newLead;
    newLead.id = QStringLiteral("default-new-web-lead");
    newLead.name = QStringLiteral("官网新线索：分配并跟进");
    newLead.trigger = {RuleTriggerKind::CustomerCreated, {}, {}};
    newLead.condition = QStringLiteral("source == \"官网注册\" and owner == null");
    newLead.actions = {
        action(RuleActionKind::Assign, {{QStringLiteral("mode"), QStringLiteral("least_loaded")}}),
        action(RuleActionKind::CreateTodo,
               todo("跟进新线索：{name}（{company}）", "callback", "1h", 1))};
    rules.append(newLead);

    Rule highIntent;
    highIntent.id = QStringLiteral("default-high-intent-meeting");
    highIntent.name = QStringLiteral("高意向：安排见面");
    highIntent.trigger
        = {RuleTriggerKind::FieldChanged, QStringLiteral("intent"), QStringLiteral("高")};
    highIntent.condition = QStringLiteral("stage not in [\"成交\", \"流失\"]");
    highIntent.actions
        = {action(RuleActionKind::CreateTodo, todo("约见{name}，演示方案", "meeting", "2d", 1))};
    rules.append(highIntent);

    Rule silentHigh;
    silentHigh.id = QStringLiteral("default-high-intent-silent-3d");
    silentHigh.name = QStringLiteral("高意向 3 天未联系：提醒负责人和主管");
    silentHigh.trigger = {RuleTriggerKind::Schedule, {}, {}};
    silentHigh.condition = QStringLiteral("intent == \"高\" and stage not in [\"成交\", \"流失\"]\n"
                                          "and (days_since(last_contact) >= 3 or (last_contact == "
                                          "null and days_since(created_at) >= 3))");
    silentHigh.actions = {action(
        RuleActionKind::Notify,
        {{QStringLiteral("to"), QStringList{QStringLiteral("owner"), QStringLiteral("supervisor")}},
         {QStringLiteral("message"),
          QStringLiteral("高意向客户{name}（{company}）已 3 天未联系")}})};
    rules.append(silentHigh);

    Rule backToPool;
    backToPool.id = QStringLiteral("default-no-follow-up-24h");
    backToPool.name = QStringLiteral("分配后 24 小时未跟进：退回公海");
    backToPool.trigger = {RuleTriggerKind::Schedule, {}, {}};
    backToPool.condition
        = QStringLiteral("owner != null and hours_since(assigned_at) >= 24\n"
                         "and (last_contact == null or last_contact < assigned_at)");
    backToPool.actions
        = {action(RuleActionKind::Assign, {{QStringLiteral("mode"), QStringLiteral("pool")}})};
    rules.append(backToPool);

    Rule nurture;
    nurture.id = QStringLiteral("default-silent-30d-nurture");
    nurture.name = QStringLiteral("需求沟通 30 天无联系：转入培育");
    nurture.trigger = {RuleTriggerKind::Schedule, {}, {}};
    nurture.condition = QStringLiteral("stage == \"需求沟通\" and days_since(last_contact) >= 30");
    nurture.actions = {action(RuleActionKind::AddToNurture,
                              {{QStringLiteral("list"), QStringLiteral("长期培育")}})};
    rules.append(nurture);

    Rule unanswered;
    unanswered.id = QStringLiteral("default-two-unanswered");
    unanswered.name = QStringLiteral("两次邀约未接通：电话任务并标记中期培育");
    unanswered.trigger = {RuleTriggerKind::CallLogged, {}, QStringLiteral("未接通")};
    unanswered.condition
        = QStringLiteral("count_calls_with(\"未接通\", 14) >= 2 and not has_tag(\"中期培育\")");
    unanswered.actions = {
        action(RuleActionKind::CreateTodo, todo("再次致电{name}：两次邀约未接通", "task", "1d", 2)),
        action(RuleActionKind::AddTag, {{QStringLiteral("tag"), QStringLiteral("中期培育")}})};
    rules.append(unanswered);

    return rules;
}

} // namespace Leadline
