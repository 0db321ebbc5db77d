#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// A customer an undo left alone because it was edited after the import.
struct UndoSkip
{
    QString customerId;
    QString name;
    int row = 0; ///< its row in the imported file
};

/// An import batch as the import history lists it.
struct ImportBatch
{
    QString id;
    QString fileName;
    QString tag;
    qint64 createdAt = 0;   ///< ms since the epoch
    QString createdBy;      ///< the importing user's name (or login)
    int imported = 0;
    int updated = 0;
    int skipped = 0;
    int failed = 0;
    qint64 undoneAt = 0;    ///< 0 while not undone
};

struct UndoReport
{
    int removed = 0;  ///< customers the batch created, now deleted
    int restored = 0; ///< customers the batch updated, their fields put back
    QList<UndoSkip> editedSince;
};

/// Undoes an import batch: deletes the customers it created and restores the fields it updated
/// from their before-images, except for records edited since the import, which are listed and
/// left as they are. Supervisors and admins only; a batch is undone once.
class ImportUndo final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ImportUndo)

public:
    explicit ImportUndo(LocalStore &store);
    Result<UndoReport> undo(const QString &batchId);
    /// What undo() would do now, without doing it: the counts and the records edited since.
    Result<UndoReport> preview(const QString &batchId);
    /// The import batches of this workspace, newest first.
    Result<QList<ImportBatch>> batches() const;

private:
    Result<UndoReport> run(const QString &batchId, bool write);

    LocalStore &m_store;
};

} // namespace Leadline
