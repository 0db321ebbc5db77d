#pragma once

#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace Leadline {

class LocalStore;

/// A field conflict this client lost: a colleague's later change (theirs) replaced mine.
struct Conflict
{
    qint64 id = 0;
    QString table;
    QString rowId;
    QString field;
    QString mine;
    QString theirs;
    QString theirAgentId;
    QString theirAgentName;
    qint64 at = 0;
};

/// A local change the server refused, set aside; the row was restored from the server.
struct RejectedChange
{
    QString table;
    QString rowId;
    QString op;
    QString reason;
    qint64 rejectedAt = 0;
};

/// The conflicts waiting for the user ("keep mine / keep theirs") and the refused changes.
class ConflictLog final
{
public:
    explicit ConflictLog(LocalStore &store);

    /// A failed read (a damaged workspace) is an error, never "no conflicts".
    Result<QList<Conflict>> open() const;
    /// Refused changes, newest first.
    Result<QList<RejectedChange>> rejected() const;
    /// Writes my value back (a normal change that syncs); the entry is closed.
    Status keepMine(qint64 id);
    /// Accepts their value, which the record already has; the entry is closed.
    Status keepTheirs(qint64 id);

private:
    Status close(qint64 id);

    LocalStore &m_store;
};

} // namespace Leadline
