#pragma once

#include <QSqlQuery>
#include <QString>

namespace Leadline {

class LocalStore;

/// Statements prepared once per workspace connection and reused, for hot write paths whose SQL
/// (with the triggers SQLite compiles into it) is costly to prepare for every row. A statement
/// is bound and executed at once and never kept active; LocalStore forgets a connection's
/// statements before it closes.
class StatementCache final
{
public:
    /// The statement for this SQL on the store's connection, prepared on first use.
    static QSqlQuery &prepared(const LocalStore &store, const QString &sql);
    /// Drops the statements of a connection (before it closes).
    static void forget(const QString &connectionName);
};

} // namespace Leadline
