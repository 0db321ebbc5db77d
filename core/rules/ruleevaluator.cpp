#include "ruleevaluator.h"

#include "core/domain/clock.h"
#include "core/domain/fieldcatalogue.h"
#include "rulevalue.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

#include <cmath>

namespace Leadline {

namespace {

constexpr qint64 hourMs = 60 * 60 * 1000;
constexpr qint64 dayMs = 24 * hourMs;

QString formatNumber(double value)
{
    if (std::abs(value) < 1e15 && value == std::floor(value))
        return QString::number(qint64(value));
    return QString::number(value, 'f', 2);
}

QString formatDuration(qint64 ms)
{
    QString sign = ms < 0 ? QStringLiteral("-") : QString();
    ms = std::abs(ms);
    QStringList parts;
    if (ms >= dayMs)
        parts.append(QStringLiteral("%1d").arg(ms / dayMs));
    if (ms % dayMs >= hourMs)
        parts.append(QStringLiteral("%1h").arg((ms % dayMs) / hourMs));
    if (ms % hourMs >= 60000 || parts.isEmpty())
        parts.append(QStringLiteral("%1m").arg((ms % hourMs) / 60000));
    return sign + parts.join(QLatin1Char(' '));
}

// One evaluation of one tree for one customer.
class Run final
{
public:
    Run(const RuleAst &ast, const CustomerFacts &facts, qint64 now, const QTimeZone &zone)
        : m_ast(ast)
        , m_facts(facts)
        , m_now(now)
        , m_zone(zone)
    {
        for (const CallFact &call : facts.calls) {
            if (!m_lastCall || call.at > m_lastCall->at)
                m_lastCall = &call;
        }
    }

    RuleValue eval(int index);
    QList<RuleObservation> seen() const { return m_seen; }
    bool truthy(int index)
    {
        const RuleValue v = eval(index);
        return v.type == RuleType::Bool && v.boolean;
    }

private:
    RuleValue literal(const RuleNode &node) const;
    RuleValue field(const RuleNode &node) const;
    RuleValue call(const RuleNode &node);
    RuleValue compare(const RuleNode &node);
    RuleValue arithmetic(const RuleNode &node);
    int countCalls(const RuleValue &window, const QString *disposition) const;
    void observe(int index, const RuleValue &value);
    QString display(const RuleValue &value) const;

    const RuleAst &m_ast;
    const CustomerFacts &m_facts;
    qint64 m_now;
    const QTimeZone &m_zone;
    const CallFact *m_lastCall = nullptr;
    QList<RuleObservation> m_seen;
    QSet<QString> m_seenExpressions;
};

RuleValue Run::eval(int index)
{
    const RuleNode &node = m_ast.node(index);
    switch (node.kind) {
    case RuleNodeKind::Literal:
        return literal(node);
    case RuleNodeKind::List: {
        RuleValue list;
        list.type = node.type;
        for (const int child : node.children) {
            const RuleValue element = eval(child);
            if (element.type == RuleType::Text)
                list.texts.append(element.text);
            else if (element.type == RuleType::Number)
                list.numbers.append(element.number);
        }
        return list;
    }
    case RuleNodeKind::Field: {
        const RuleValue value = field(node);
        observe(index, value);
        return value;
    }
    case RuleNodeKind::Call: {
        const RuleValue value = call(node);
        if (node.name != QLatin1String("now"))
            observe(index, value);
        return value;
    }
    case RuleNodeKind::Not:
        return RuleValue::ofBool(!truthy(node.children.at(0)));
    case RuleNodeKind::And:
        for (const int child : node.children) {
            if (!truthy(child))
                return RuleValue::ofBool(false);
        }
        return RuleValue::ofBool(true);
    case RuleNodeKind::Or:
        for (const int child : node.children) {
            if (truthy(child))
                return RuleValue::ofBool(true);
        }
        return RuleValue::ofBool(false);
    case RuleNodeKind::Negate: {
        RuleValue value = eval(node.children.at(0));
        value.number = -value.number;
        value.ms = -value.ms;
        return value;
    }
    case RuleNodeKind::Compare:
        return compare(node);
    case RuleNodeKind::In: {
        const RuleValue needle = eval(node.children.at(0));
        const RuleValue list = eval(node.children.at(1));
        if (needle.isNull() || list.isNull())
            return RuleValue::ofBool(false);
        const bool member = needle.type == RuleType::Text ? list.texts.contains(needle.text)
                                                          : list.numbers.contains(needle.number);
        return RuleValue::ofBool(member != node.negated);
    }
    case RuleNodeKind::Add:
    case RuleNodeKind::Subtract:
        return arithmetic(node);
    }
    return {};
}

RuleValue Run::literal(const RuleNode &node) const
{
    switch (node.type) {
    case RuleType::Bool:
        return RuleValue::ofBool(node.literal.toBool());
    case RuleType::Number:
        return RuleValue::ofNumber(node.literal.toDouble());
    case RuleType::Text:
        return RuleValue::ofText(node.literal.toString());
    case RuleType::Duration:
        return RuleValue::ofDuration(node.literal.toLongLong());
    case RuleType::DateTime: {
        QDateTime local = node.literal.toDateTime();
        local.setTimeZone(m_zone);
        return RuleValue::ofDateTime(local.toMSecsSinceEpoch());
    }
    default:
        return {};
    }
}

RuleValue Run::field(const RuleNode &node) const
{
    const QString &key = node.key;
    if (key.startsWith(QLatin1String("last_call."))) {
        if (!m_lastCall)
            return {};
        const CallFact &c = *m_lastCall;
        if (key == QLatin1String("last_call.at"))
            return RuleValue::ofDateTime(c.at);
        if (key == QLatin1String("last_call.disposition"))
            return RuleValue::ofText(c.disposition);
        if (key == QLatin1String("last_call.outcome"))
            return RuleValue::ofText(c.outcome);
        if (key == QLatin1String("last_call.connected"))
            return RuleValue::ofBool(c.connected);
        if (key == QLatin1String("last_call.duration"))
            return RuleValue::ofDuration(qint64(c.durationSeconds) * 1000);
        if (key == QLatin1String("last_call.note"))
            return RuleValue::ofText(c.note);
        return {};
    }
    if (key.startsWith(QLatin1String("last_todo."))) {
        if (!m_facts.lastTodo)
            return {};
        const TodoFact &t = *m_facts.lastTodo;
        if (key == QLatin1String("last_todo.title"))
            return RuleValue::ofText(t.title);
        if (key == QLatin1String("last_todo.kind"))
            return RuleValue::ofText(t.kind);
        if (key == QLatin1String("last_todo.due"))
            return RuleValue::ofDateTime(t.dueAt);
        if (key == QLatin1String("last_todo.priority"))
            return RuleValue::ofNumber(t.priority);
        if (key == QLatin1String("last_todo.completed"))
            return RuleValue::ofBool(t.completedAt.has_value());
        if (key == QLatin1String("last_todo.completed_at"))
            return t.completedAt ? RuleValue::ofDateTime(*t.completedAt) : RuleValue{};
        if (key == QLatin1String("last_todo.overdue"))
            return RuleValue::ofBool(!t.completedAt && t.dueAt < m_now);
        return {};
    }
    const QVariant value = FieldCatalogue::customerValue(m_facts.customer, key);
    if (value.isNull())
        return {};
    switch (node.type) {
    case RuleType::Number:
        return RuleValue::ofNumber(value.toDouble());
    case RuleType::DateTime:
        return RuleValue::ofDateTime(value.toLongLong());
    case RuleType::TextList:
        return RuleValue::ofTexts(value.toStringList());
    case RuleType::Bool:
        return RuleValue::ofBool(value.toBool());
    default:
        return RuleValue::ofText(value.toString());
    }
}

int Run::countCalls(const RuleValue &window, const QString *disposition) const
{
    // In doubles: a window of a trillion days must not overflow; it simply counts every call.
    const double span
        = window.type == RuleType::Duration ? double(window.ms) : window.number * double(dayMs);
    const double since = double(m_now) - span;
    int count = 0;
    for (const CallFact &call : m_facts.calls) {
        if (double(call.at) >= since && call.at <= m_now
            && (!disposition || call.disposition == *disposition))
            ++count;
    }
    return count;
}

RuleValue Run::call(const RuleNode &node)
{
    const QString &name = node.name;
    if (name == QLatin1String("now"))
        return RuleValue::ofDateTime(m_now);
    QList<RuleValue> args;
    for (const int child : node.children)
        args.append(eval(child));
    for (const RuleValue &arg : std::as_const(args)) {
        if (arg.isNull())
            return name == QLatin1String("has_tag") || name == QLatin1String("contains")
                       ? RuleValue::ofBool(false)
                       : RuleValue{};
    }
    if (name == QLatin1String("days_since"))
        return RuleValue::ofNumber(
            std::floor((double(m_now) - double(args.at(0).ms)) / double(dayMs)));
    if (name == QLatin1String("hours_since"))
        return RuleValue::ofNumber(
            std::floor((double(m_now) - double(args.at(0).ms)) / double(hourMs)));
    if (name == QLatin1String("has_tag"))
        return RuleValue::ofBool(m_facts.customer.tags.contains(args.at(0).text));
    if (name == QLatin1String("count_calls"))
        return RuleValue::ofNumber(countCalls(args.at(0), nullptr));
    if (name == QLatin1String("count_calls_with"))
        return RuleValue::ofNumber(countCalls(args.at(1), &args.at(0).text));
    if (name == QLatin1String("lower"))
        return RuleValue::ofText(args.at(0).text.toLower());
    if (name == QLatin1String("contains")) {
        const RuleValue &haystack = args.at(0);
        return RuleValue::ofBool(haystack.type == RuleType::TextList
                                     ? haystack.texts.contains(args.at(1).text)
                                     : haystack.text.contains(args.at(1).text));
    }
    return {};
}

RuleValue Run::compare(const RuleNode &node)
{
    const RuleValue left = eval(node.children.at(0));
    const RuleValue right = eval(node.children.at(1));
    const bool equality = node.op == RuleCompareOp::Equal || node.op == RuleCompareOp::NotEqual;
    if (left.isNull() || right.isNull()) {
        if (!equality)
            return RuleValue::ofBool(false);
        const bool same = left.isNull() && right.isNull();
        return RuleValue::ofBool(same == (node.op == RuleCompareOp::Equal));
    }
    int order = 0;
    switch (left.type) {
    case RuleType::Number:
        order = left.number < right.number ? -1 : left.number > right.number ? 1 : 0;
        break;
    case RuleType::DateTime:
    case RuleType::Duration:
        order = left.ms < right.ms ? -1 : left.ms > right.ms ? 1 : 0;
        break;
    case RuleType::Bool:
        order = left.boolean == right.boolean ? 0 : 1;
        break;
    default:
        order = left.text == right.text ? 0 : 1;
        break;
    }
    switch (node.op) {
    case RuleCompareOp::Equal:
        return RuleValue::ofBool(order == 0);
    case RuleCompareOp::NotEqual:
        return RuleValue::ofBool(order != 0);
    case RuleCompareOp::Less:
        return RuleValue::ofBool(order < 0);
    case RuleCompareOp::LessEqual:
        return RuleValue::ofBool(order <= 0);
    case RuleCompareOp::Greater:
        return RuleValue::ofBool(order > 0);
    case RuleCompareOp::GreaterEqual:
        return RuleValue::ofBool(order >= 0);
    }
    return RuleValue::ofBool(false);
}

RuleValue Run::arithmetic(const RuleNode &node)
{
    const RuleValue left = eval(node.children.at(0));
    const RuleValue right = eval(node.children.at(1));
    if (left.isNull() || right.isNull())
        return {};
    const int sign = node.kind == RuleNodeKind::Add ? 1 : -1;
    if (node.type == RuleType::Number)
        return RuleValue::ofNumber(left.number + sign * right.number);
    if (node.type == RuleType::Duration && left.type == RuleType::DateTime)
        return RuleValue::ofDuration(left.ms - right.ms);
    if (node.type == RuleType::Duration)
        return RuleValue::ofDuration(left.ms + sign * right.ms);
    return RuleValue::ofDateTime(left.ms + sign * right.ms);
}

QString Run::display(const RuleValue &value) const
{
    switch (value.type) {
    case RuleType::Null:
        return QCoreApplication::translate("Leadline::Rules", "(none)");
    case RuleType::Bool:
        return value.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case RuleType::Number:
        return formatNumber(value.number);
    case RuleType::DateTime:
        return QDateTime::fromMSecsSinceEpoch(value.ms, m_zone)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case RuleType::Duration:
        return formatDuration(value.ms);
    case RuleType::TextList:
        return QStringLiteral("[%1]").arg(value.texts.join(QStringLiteral(", ")));
    default:
        return value.text;
    }
}

void Run::observe(int index, const RuleValue &value)
{
    const QString expression = m_ast.text(index).simplified();
    if (m_seenExpressions.contains(expression))
        return;
    m_seenExpressions.insert(expression);
    m_seen.append(RuleObservation{expression, display(value), value.type});
}

} // namespace

RuleEvaluator::RuleEvaluator(const Clock &clock, QTimeZone zone)
    : m_clock(clock)
    , m_zone(std::move(zone))
{}

RuleDecision RuleEvaluator::evaluate(const RuleAst &ast, const CustomerFacts &facts) const
{
    RuleDecision decision;
    if (!ast.checked || ast.root < 0)
        return decision;
    Run run(ast, facts, m_clock.nowMs(), m_zone);
    decision.matched = run.truthy(ast.root);
    decision.seen = run.seen();
    return decision;
}

} // namespace Leadline
