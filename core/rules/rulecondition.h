#pragma once

#include "ruleast.h"
#include "rulecheckcontext.h"
#include "ruledecision.h"
#include "ruleerror.h"

#include <QString>

#include <optional>

namespace Leadline {

class RuleEvaluator;
struct CustomerFacts;

/// A rule's condition, parsed and checked: what the rule editor saves, the CLI checks, and the
/// real run, the dry run and the backtest all decide with.
class RuleCondition final
{
public:
    /// Parses and checks source against the workspace's vocabularies.
    static RuleCondition compile(const QString &source, const RuleCheckContext &context);

    /// True when the condition parsed and passed the checker.
    bool ok() const { return !m_error.has_value(); }
    /// The first mistake, when not ok().
    const std::optional<RuleError> &error() const { return m_error; }
    const RuleAst &ast() const { return m_ast; }
    const QString &source() const { return m_ast.source; }

    /// How far back calls must be read for count_calls/count_calls_with (ms); 0 when the
    /// condition counts no calls, -1 when a window is not a literal (read every call).
    qint64 callWindowMs() const;

    /// The decision for one customer; never matches when not ok().
    RuleDecision decide(const CustomerFacts &facts, const RuleEvaluator &evaluator) const;

private:
    RuleAst m_ast;
    std::optional<RuleError> m_error;
};

} // namespace Leadline
