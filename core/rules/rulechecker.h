#pragma once

#include "ruleast.h"
#include "rulecheckcontext.h"
#include "ruleerror.h"

#include <optional>

namespace Leadline {

/// Checks a parsed condition before the rule is saved, so a rule that would fail when it runs
/// cannot be saved: names resolve to fields or functions, functions get the right number and
/// types of arguments, operands have matching types, stage, intent, customer type, disposition
/// and todo kind literals are known values, and the whole condition is true/false. Fills in
/// each node's type, key and domain and marks the tree checked.
class RuleChecker final
{
public:
    explicit RuleChecker(RuleCheckContext context)
        : m_context(std::move(context))
    {}

    /// Checks ast in place; returns the first error, if any.
    std::optional<RuleError> check(RuleAst &ast) const;

private:
    RuleCheckContext m_context;
};

} // namespace Leadline
