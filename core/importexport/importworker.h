#pragma once

#include "importer.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace Leadline {

class Clock;
class LocalStore;

/// One import (or dry run) asked of the worker: the file, how to read it, and the options.
struct ImportRequest
{
    QString path;
    QString sheet;    ///< XLSX: the sheet (empty: the first)
    QString encoding; ///< CSV: the encoding (empty: detected)
    ImportOptions options;
};

/// Runs imports for a window on a thread of their own, with their own connection to the
/// workspace (as the command line does), so a list of 100,000 rows never blocks the window.
/// Live on that thread; call run() and recall() through queued invocations; cancel() from any
/// thread stops a run after its current batch (what was written stays, as a batch to undo).
class ImportWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportWorker)

public:
    ImportWorker(QString workspacePath, const Clock *clock);
    ~ImportWorker() override;

    /// Reads, checks and (unless a dry run) writes the rows; emits progress, then finished or
    /// failed.
    void run(const Leadline::ImportRequest &request);
    /// Looks up the mapping this workspace last used for these headers (else the guess); emits
    /// mappingRecalled.
    void recall(const QStringList &headers);
    /// Asks the running import (or the next one, when none runs yet) to stop after its current
    /// batch.
    void cancel() { m_cancel = true; }

signals:
    void progress(int permille);
    void finished(const Leadline::ImportReport &report);
    void failed(const QString &message);
    void mappingRecalled(const QStringList &headers, const QStringList &fields);

private:
    Result<LocalStore *> store();

    QString m_path;
    const Clock *m_clock;
    std::unique_ptr<LocalStore> m_store;
    std::atomic<bool> m_cancel{false};
};

} // namespace Leadline

Q_DECLARE_METATYPE(Leadline::ImportRequest)
Q_DECLARE_METATYPE(Leadline::ImportReport)
