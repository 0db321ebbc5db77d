#include "conflictlog.h"

#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ConflictLog", text);
}

} // namespace

ConflictLog::ConflictLog(LocalStore &store)
    : m_store(store)
{}

Result<QList<Conflict>> ConflictLog::open() const
{
    QList<Conflict> result;
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT c.id, c.table_name, c.row_id, c.field, c.mine, c.theirs, c.their_agent_id, "
        "coalesce(a.name, ''), c.at FROM conflicts c LEFT JOIN agents a ON a.id = c.their_agent_id "
        "WHERE c.resolved = 0 ORDER BY c.at DESC, c.id DESC"));
    if (!query.exec())
        return readError(query, tr("The conflicts"));
    while (query.next()) {
        result.append({query.value(0).toLongLong(), query.value(1).toString(),
                       query.value(2).toString(), query.value(3).toString(),
                       query.value(4).toString(), query.value(5).toString(),
                       query.value(6).toString(), query.value(7).toString(),
                       query.value(8).toLongLong()});
    }
    if (query.lastError().isValid())
        return readError(query, tr("The conflicts"));
    return result;
}

Result<QList<RejectedChange>> ConflictLog::rejected() const
{
    QList<RejectedChange> result;
    QSqlQuery query(m_store.database());
    if (!query.exec(QStringLiteral("SELECT table_name, row_id, op, reason, rejected_at "
                                   "FROM outbox_rejected ORDER BY rejected_at DESC, seq DESC"))) {
        return readError(query, tr("The refused changes"));
    }
    while (query.next()) {
        result.append({query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toString(), query.value(3).toString(),
                       query.value(4).toLongLong()});
    }
    if (query.lastError().isValid())
        return readError(query, tr("The refused changes"));
    return result;
}

Status ConflictLog::close(qint64 id)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral("UPDATE conflicts SET resolved = 1 WHERE id = ? AND resolved = 0"));
    query.addBindValue(id);
    if (!query.exec())
        return Error{tr("Cannot close the conflict: %1").arg(query.lastError().text())};
    if (query.numRowsAffected() == 0)
        return Error{tr("This conflict was already resolved.")};
    return {};
}

Status ConflictLog::keepTheirs(qint64 id)
{
    return close(id);
}

Status ConflictLog::keepMine(qint64 id)
{
    const auto conflicts = open();
    if (!conflicts)
        return conflicts.error();
    Conflict conflict;
    for (const Conflict &candidate : *conflicts) {
        if (candidate.id == id)
            conflict = candidate;
    }
    if (conflict.id == 0)
        return Error{tr("This conflict was already resolved.")};
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    ChangeWriter writer(m_store);
    if (auto written = writer.update(conflict.table, conflict.rowId,
                                     {{conflict.field, conflict.mine}});
        !written) {
        return written;
    }
    if (auto closed = close(id); !closed)
        return closed;
    return transaction.commit();
}

} // namespace Leadline
