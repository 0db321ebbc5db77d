#pragma once

#include "core/storage/changeset.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace Leadline {

class LocalStore;
class RuleRunner;

/// The sweep's side of RuleScheduler: lives on the sweep thread, opens its own connection to
/// the workspace on the first sweep and keeps a RuleRunner on it (event rules that the sweep's
/// actions raise run there too, inside the same writes).
class RuleSweepWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleSweepWorker)

public:
    explicit RuleSweepWorker(QString workspacePath);
    ~RuleSweepWorker() override;

    /// One sweep; answers with swept().
    void sweep();
    /// Closes the connection, on the thread that opened it.
    void finish();
    /// From any thread: a running sweep stops at its next customer or action, and a query it
    /// is reading is interrupted (SQLite rolls back what that statement began).
    void requestStop();

signals:
    void swept(int applied, qint64 lateMs, const QString &message);
    void workspaceChanged(const Leadline::ChangeSet &changes);

private:
    QString m_path;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<RuleRunner> m_runner;
    std::atomic<bool> m_stop{false};
    std::atomic<void *> m_connection{nullptr}; ///< the sweep connection's sqlite3 handle
};

} // namespace Leadline
