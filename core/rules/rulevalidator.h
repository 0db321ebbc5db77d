#pragma once

#include "rule.h"
#include "rulecheckcontext.h"

#include "core/domain/result.h"

#include <QList>

#include <optional>

namespace Leadline {

/// Checks a whole rule before it is saved: a name, a trigger that names known fields and values,
/// a condition the checker accepts, and actions whose parameters the services will accept (known
/// stages, fields and merge fields, valid values, due offsets and priorities, assignment modes).
/// Each Error names where it is: "name", "trigger", "condition", "actions/1/title"…
class RuleValidator final
{
public:
    explicit RuleValidator(RuleCheckContext context)
        : m_context(std::move(context))
    {}

    /// Every problem of the rule; empty when it may be saved.
    QList<Error> validate(const Rule &rule) const;
    /// A due offset such as "2h", "3d" or "30m" in milliseconds; nullopt when it is not one.
    static std::optional<qint64> parseDuration(const QString &text);

private:
    QList<Error> validateAction(const RuleAction &action, const QString &where) const;

    RuleCheckContext m_context;
};

} // namespace Leadline
