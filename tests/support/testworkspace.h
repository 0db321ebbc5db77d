#pragma once

#include "core/domain/clock.h"
#include "core/storage/localstore.h"

#include <QTemporaryDir>

#include <memory>

namespace Leadline::Test {

/// A fresh workspace file in a temporary folder, removed at the end of the test case.
class TestWorkspace final
{
public:
    /// 2026-03-02 09:00 (Monday, Asia/Shanghai) as the fake clock's start.
    static constexpr qint64 defaultStartMs = 1772413200000LL;

    TestWorkspace();
    LocalStore &store() { return *m_store; }
    FakeClock &clock() { return m_clock; }
    QString path() const { return m_dir.filePath(QStringLiteral("workspace.leadline")); }
    /// Opens a second connection to the same file (as another thread or a restart would).
    std::unique_ptr<LocalStore> reopen() const;
    /// Number of rows in a table (any SQL table name chosen by the test).
    int rowCount(const QString &table, const QString &where = {}) const;
    /// Closes the store (as on quit); reopen() gives it back.
    void close() { m_store.reset(); }
    /// Drops the store as a process that dies does (what was not committed is gone) and opens
    /// the file again, as the next start does.
    void restart();

private:
    QTemporaryDir m_dir;
    FakeClock m_clock{defaultStartMs};
    std::unique_ptr<LocalStore> m_store;
};

} // namespace Leadline::Test
