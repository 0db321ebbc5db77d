#pragma once

#include "changeset.h"
#include "core/domain/result.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace Leadline {

class ChangeBus;
class Clock;

/// One open connection to a workspace: the local SQLite cache. Not thread-safe; a thread that
/// needs the workspace opens its own LocalStore on the same file.
class LocalStore final
{
public:
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    /// Opens (creating if needed) and migrates the workspace at path. A damaged file, a newer
    /// schema or an unwritable location gives an Error that says so.
    static Result<std::unique_ptr<LocalStore>> open(const QString &path);
    /// Opens an existing workspace only; never creates a file.
    static Result<std::unique_ptr<LocalStore>> openExisting(const QString &path);

    QSqlDatabase database() const { return m_db; }
    QString path() const { return m_path; }

    /// This installation's id, generated once per workspace; the sync protocol keys on it.
    QString clientId() const;
    /// The agent this workspace works as (empty until set by demo, login or first sync).
    QString currentAgentId() const;
    void setCurrentAgentId(const QString &agentId);

    QString stateValue(const QString &key, const QString &fallback = {}) const;
    Status setStateValue(const QString &key, const QString &value);

    /// Column names of a table, in declaration order (cached).
    QStringList columns(const QString &table) const;
    /// Whether the table has the column (a set lookup: every write checks its fields).
    bool hasColumn(const QString &table, const QString &column) const;

    const Clock &clock() const { return *m_clock; }
    /// Replaces the clock used for timestamps (tests); the store does not own it.
    void setClock(const Clock *clock);

    /// Nesting depth of open Transaction guards (0: none).
    int transactionDepth() const { return m_transactionDepth; }

    /// Announces what each commit on this connection changed; lives in the opening thread.
    ChangeBus &changeBus() const { return *m_changeBus; }
    /// Records that a row of table (of this customer, when known) changed in the current write;
    /// announced on the change bus when the outermost transaction commits, or at once outside one.
    void noteChange(const QString &table, const QString &customerId = {});
    /// Records a whole change set for the current write (a pull page, a bulk load).
    void noteChanges(const ChangeSet &changes);

private:
    friend class Transaction;
    LocalStore() = default;
    static Result<std::unique_ptr<LocalStore>> openImpl(const QString &path, bool create);
    void publishPendingChanges();
    void discardPendingChanges();

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    /// The file's key among this process's open workspaces (empty: not counted).
    QString m_openerKey;
    /// This connection marked the workspace open and marks it closed if it closes last.
    bool m_markedOpen = false;
    const Clock *m_clock = nullptr;
    int m_transactionDepth = 0;
    /// Counts outermost transactions begun: the signed-in agent read inside one holds until it
    /// ends (no other connection can write meanwhile), so a batch of writes reads it once.
    quint64 m_transactionSerial = 0;
    mutable quint64 m_agentIdSerial = 0;
    mutable QString m_agentId;
    std::unique_ptr<ChangeBus> m_changeBus;
    ChangeSet m_pendingChanges;
    mutable QHash<QString, QStringList> m_columns;
    mutable QHash<QString, QSet<QString>> m_columnSets;
};

} // namespace Leadline
