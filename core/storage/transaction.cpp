#include "transaction.h"

#include "localstore.h"
#include "workspacecheck.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString savepointName(int level)
{
    return QStringLiteral("leadline_sp%1").arg(level);
}

} // namespace

Transaction::Transaction(LocalStore &store)
    : m_store(store)
{
    QSqlQuery query(m_store.database());
    m_level = m_store.m_transactionDepth;
    const QString sql = m_level == 0 ? QStringLiteral("BEGIN IMMEDIATE")
                                     : QStringLiteral("SAVEPOINT ") + savepointName(m_level);
    if (!query.exec(sql)) {
        const QSqlError error = query.lastError();
        if (const int code = error.nativeErrorCode().toInt(); WorkspaceCheck::isFileProblem(code)) {
            m_error = WorkspaceCheck::fromSqlite(code, m_store.path(), error.databaseText());
            return;
        }
        m_error = Error{QCoreApplication::translate("Leadline::Transaction",
                                                    "Cannot start a write to the workspace: %1")
                            .arg(query.lastError().text())};
        return;
    }
    m_active = true;
    if (m_level == 0)
        ++m_store.m_transactionSerial;
    ++m_store.m_transactionDepth;
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Status Transaction::commit()
{
    if (!m_active)
        return m_error.message.isEmpty()
                   ? Error{QCoreApplication::translate("Leadline::Transaction",
                                                       "The write was already finished.")}
                   : m_error;
    QSqlQuery query(m_store.database());
    const QString sql = m_level == 0 ? QStringLiteral("COMMIT")
                                     : QStringLiteral("RELEASE ") + savepointName(m_level);
    if (!query.exec(sql)) {
        const QSqlError error = query.lastError();
        const QString reason = error.text();
        rollback();
        if (const int code = error.nativeErrorCode().toInt(); WorkspaceCheck::isFileProblem(code))
            return WorkspaceCheck::fromSqlite(code, m_store.path(), error.databaseText());
        return Error{QCoreApplication::translate("Leadline::Transaction",
                                                 "The workspace could not save the change: %1")
                         .arg(reason)};
    }
    m_active = false;
    --m_store.m_transactionDepth;
    if (m_level == 0)
        m_store.publishPendingChanges();
    return {};
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    QSqlQuery query(m_store.database());
    if (m_level == 0) {
        query.exec(QStringLiteral("ROLLBACK"));
    } else {
        query.exec(QStringLiteral("ROLLBACK TO ") + savepointName(m_level));
        query.exec(QStringLiteral("RELEASE ") + savepointName(m_level));
    }
    m_active = false;
    --m_store.m_transactionDepth;
    if (m_level == 0)
        m_store.discardPendingChanges();
}

} // namespace Leadline
