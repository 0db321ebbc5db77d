#pragma once

#include "rule.h"
#include "rulecheckcontext.h"

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace Leadline {

class LocalStore;

/// Reads and writes the workspace's rules (synced like any other row). Saving validates the
/// whole rule first (RuleValidator: a rule that would fail at run time cannot be saved) and is
/// for supervisors and admins; the server checks both again and audits every rule change.
class RuleRepository final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::RuleRepository)
    Q_DISABLE_COPY_MOVE(RuleRepository)

public:
    explicit RuleRepository(LocalStore &store);

    /// Every live rule, in their order, enabled or not. A failed read is an error.
    Result<QList<Rule>> all() const;
    /// The live rule with this id or, failing that, this name.
    Result<std::optional<Rule>> find(const QString &idOrName) const;
    /// What the checker needs to know about this workspace (its dispositions).
    RuleCheckContext checkContext() const;

    /// Validates and saves a rule (a new one when its id is empty or unknown); returns its id.
    /// The one place a rule changes: an audit of rule changes hooks in here.
    Result<QString> save(const Rule &rule);
    /// Removes a rule (a tombstone).
    Status remove(const QString &id);
    /// Adds the shipped default rules that the workspace does not have yet (by id); returns
    /// how many were added. Supervisors and admins only, like any rule change.
    Result<int> installDefaults();

    /// actions as stored: [{"kind": "create_todo", "params": {...}}, ...]
    static QString actionsToJson(const QList<RuleAction> &actions);
    static QList<RuleAction> actionsFromJson(const QString &json);

private:
    LocalStore &m_store;
};

} // namespace Leadline
