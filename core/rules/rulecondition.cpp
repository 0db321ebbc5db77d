#include "rulecondition.h"

#include "customerfacts.h"
#include "rulechecker.h"
#include "ruleevaluator.h"
#include "ruleparser.h"

namespace Leadline {

RuleCondition RuleCondition::compile(const QString &source, const RuleCheckContext &context)
{
    RuleCondition condition;
    condition.m_error = RuleParser::parse(source, condition.m_ast);
    if (!condition.m_error)
        condition.m_error = RuleChecker(context).check(condition.m_ast);
    return condition;
}

RuleDecision RuleCondition::decide(const CustomerFacts &facts, const RuleEvaluator &evaluator) const
{
    if (!ok())
        return {};
    return evaluator.evaluate(m_ast, facts);
}

} // namespace Leadline
