#include "vocabulary.h"

#include <QCoreApplication>
#include <QHash>

namespace Leadline {

namespace {

// Stored value → English source text; the zh_CN translation gives the value back.
const QHash<QString, const char *> &englishTerms()
{
    static const QHash<QString, const char *> terms = {
        {QStringLiteral("首次联系"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "First contact")},
        {QStringLiteral("需求沟通"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Needs analysis")},
        {QStringLiteral("方案提供"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Proposal")},
        {QStringLiteral("报价阶段"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Quotation")},
        {QStringLiteral("待签约"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Contract pending")},
        {QStringLiteral("成交"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Won")},
        {QStringLiteral("流失"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Lost")},
        {QStringLiteral("高"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "High")},
        {QStringLiteral("中"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Medium")},
        {QStringLiteral("低"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Low")},
        {QStringLiteral("无"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "None")},
        {QStringLiteral("价格敏感型"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Price-sensitive")},
        {QStringLiteral("技术导向型"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Technical")},
        {QStringLiteral("决策谨慎型"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Cautious")},
        {QStringLiteral("关系导向型"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Relationship-driven")},
        {QStringLiteral("效率优先型"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Efficiency-first")},
        {QStringLiteral("官网注册"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Website sign-up")},
        {QStringLiteral("展会名片"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Trade show")},
        {QStringLiteral("代理商推荐"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Reseller referral")},
        {QStringLiteral("老客户转介绍"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Customer referral")},
        {QStringLiteral("搜索引擎"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Search engine")},
        {QStringLiteral("电话陌拜"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Cold call")},
        {QStringLiteral("线上广告"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Online ads")},
        {QStringLiteral("有意向"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Interested")},
        {QStringLiteral("无意向"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Not interested")},
        {QStringLiteral("未接通"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "No answer")},
        {QStringLiteral("忙线"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Busy")},
        {QStringLiteral("空号/错号"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Wrong number")},
        {QStringLiteral("语音信箱"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Voicemail")},
        {QStringLiteral("要求回电"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Call back")},
        {QStringLiteral("已成交"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Closed won")},
        // Phone types.
        {QStringLiteral("手机"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Mobile")},
        {QStringLiteral("办公"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Office")},
        {QStringLiteral("座机"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Landline")},
        {QStringLiteral("家庭"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Home")},
        {QStringLiteral("传真"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Fax")},
        // The shipped tags (a team's own tags are shown as entered).
        {QStringLiteral("重点客户"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Key account")},
        {QStringLiteral("中期培育"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Nurturing")},
        {QStringLiteral("预算已批"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Budget approved")},
        {QStringLiteral("需要演示"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Needs a demo")},
        {QStringLiteral("竞品在用"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Uses a competitor")},
        {QStringLiteral("决策人已接触"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Decision maker reached")},
        {QStringLiteral("年底采购"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Year-end purchase")},
        {QStringLiteral("试用中"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "On trial")},
        {QStringLiteral("多分支机构"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Many branches")},
        {QStringLiteral("续费关注"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Renewal watch")},
        // The shipped todo titles.
        {QStringLiteral("回电"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Callback")},
        // The same title as an English-speaking agent's follow-up stores it.
        {QStringLiteral("Call back"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Callback")},
        {QStringLiteral("回访试用情况"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Follow up on the trial")},
        {QStringLiteral("发送报价单"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Send the quote")},
        {QStringLiteral("确认演示时间"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Confirm the demo time")},
        {QStringLiteral("跟进合同审批"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Follow the contract approval")},
        {QStringLiteral("回电：客户要求再联系"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Call back: the customer asked")},
        {QStringLiteral("邀约参加产品发布会"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Invite to the product launch")},
        {QStringLiteral("确认预算审批进度"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Check the budget approval")},
        {QStringLiteral("发送同行业成功案例"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Send a case study from the industry")},
        {QStringLiteral("安排售前技术交流"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Arrange a technical session")},
        // Knowledge-base categories.
        {QStringLiteral("产品介绍"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Product")},
        {QStringLiteral("常见问题"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "FAQ")},
        {QStringLiteral("异议处理"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Objections")},
        {QStringLiteral("成功案例"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Case studies")},
        {QStringLiteral("竞品分析"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Competitors")},
        {QStringLiteral("行业方案"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Industry solutions")},
        {QStringLiteral("通话话术"), QT_TRANSLATE_NOOP("Leadline::Vocabulary", "Call scripts")},
    };
    return terms;
}

} // namespace

const QStringList &Vocabulary::stages()
{
    static const QStringList values = {
        QStringLiteral("首次联系"), QStringLiteral("需求沟通"), QStringLiteral("方案提供"),
        QStringLiteral("报价阶段"), QStringLiteral("待签约"),  QStringLiteral("成交"),
        QStringLiteral("流失")};
    return values;
}

const QStringList &Vocabulary::intents()
{
    static const QStringList values = {QStringLiteral("高"), QStringLiteral("中"),
                                       QStringLiteral("低"), QStringLiteral("无")};
    return values;
}

const QStringList &Vocabulary::customerTypes()
{
    static const QStringList values = {QStringLiteral("价格敏感型"), QStringLiteral("技术导向型"),
                                       QStringLiteral("决策谨慎型"), QStringLiteral("关系导向型"),
                                       QStringLiteral("效率优先型")};
    return values;
}

QString Vocabulary::label(const QString &value)
{
    const auto it = englishTerms().constFind(value);
    if (it == englishTerms().cend())
        return value;
    return QCoreApplication::translate("Leadline::Vocabulary", *it);
}

} // namespace Leadline
