#include "rulecondition.h"

#include "customerfacts.h"
#include "rulechecker.h"
#include "ruleevaluator.h"
#include "ruleparser.h"

#include <algorithm>

namespace Leadline {

RuleCondition RuleCondition::compile(const QString &source, const RuleCheckContext &context)
{
    RuleCondition condition;
    condition.m_error = RuleParser::parse(source, condition.m_ast);
    if (!condition.m_error)
        condition.m_error = RuleChecker(context).check(condition.m_ast);
    return condition;
}

qint64 RuleCondition::callWindowMs() const
{
    if (!ok())
        return 0;
    qint64 window = 0;
    for (const RuleNode &node : m_ast.nodes) {
        if (node.kind != RuleNodeKind::Call
            || (node.name != QLatin1String("count_calls")
                && node.name != QLatin1String("count_calls_with")))
            continue;
        const RuleNode &days = m_ast.node(node.children.last());
        if (days.kind != RuleNodeKind::Literal)
            return -1;
        const qint64 ms = days.type == RuleType::Duration
                              ? days.literal.toLongLong()
                              : qint64(days.literal.toDouble() * 24 * 3600 * 1000);
        window = std::max(window, ms);
    }
    return window;
}

RuleDecision RuleCondition::decide(const CustomerFacts &facts, const RuleEvaluator &evaluator) const
{
    if (!ok())
        return {};
    return evaluator.evaluate(m_ast, facts);
}

} // namespace Leadline
