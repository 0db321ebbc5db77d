#pragma once

#include "importmapping.h"

#include "core/domain/customer.h"
#include "core/domain/phonenumber.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <functional>
#include <vector>

namespace Leadline {

class ChangeWriter;
class CustomerRepository;
class LocalStore;
class TableReader;

/// What an import does with a row whose phone or e-mail matches an existing customer.
enum class DuplicatePolicy { Skip, Update, Create };

/// Who gets the customers an import creates.
struct ImportAssignment
{
    enum class Mode {
        FromFile,   ///< the owner column when mapped, else the pool
        Owner,      ///< one agent (value: login)
        RoundRobin, ///< the active agents of a team in turn (value: team name)
        Pool,       ///< nobody: the lead pool
    };
    Mode mode = Mode::FromFile;
    QString value;
};

struct ImportOptions
{
    int headerRow = 1;           ///< the row holding the column headers (1 = first)
    ImportMapping mapping;       ///< empty: the mapping remembered for the headers, else guessed
    DuplicatePolicy onDuplicate = DuplicatePolicy::Skip;
    ImportAssignment assignment;
    QString tag;                 ///< tag put on every created or updated customer
    bool dryRun = false;         ///< count and validate only, write nothing
    QString fileName;            ///< shown in the batch list
    /// Rows per transaction. Each commit writes every page the batch touched, and new rows land
    /// all over the id indexes, so fewer, larger batches write far less.
    int batchSize = 5000;
    /// A large list: pause the search index and secondary indexes while writing and build them
    /// once at the end (BulkLoad), instead of row by row.
    bool bulk = false;
    /// Created customers written by statements bound directly (ImportDirectWriter), batch by
    /// batch. false: each through CustomerRepository like a customer typed in, the path the
    /// direct one must match row for row (the tests compare the two).
    bool directInsert = true;
};

/// A row that could not be imported: its number in the file, why, and its cells.
struct ImportRowError
{
    int row = 0;
    QString message;
    QStringList cells;
};

/// What an import found (dry run) or did.
struct ImportReport
{
    QString batchId;           ///< empty for a dry run
    QStringList headers;
    ImportMapping mapping;
    QList<int> newRows;            ///< rows that create (or would create) a customer
    QList<int> updateRows;         ///< rows that update an existing customer
    QList<int> duplicateInFile;    ///< rows repeating an earlier row's phone or e-mail
    QList<int> duplicateExisting;  ///< rows matching an existing customer
    QList<int> invalidRows;
    int imported = 0;
    int updated = 0;
    int skipped = 0;
    int failed = 0;
    QList<ImportRowError> errors;
    bool cancelled = false;
};

/// Imports a lead list: maps, validates and de-duplicates every row, then writes the valid rows
/// through the customer repository (rows and outbox entries) in batches of batchSize rows, one
/// transaction each with no savepoint per row (a batch with a failing row is written again row
/// by row), recording each created or updated customer with its before-image so the batch can
/// be undone (ImportUndo). Each created customer is announced as "lead_imported" (the rule
/// trigger) in its batch's transaction. Only supervisors and admins may import: every outbox
/// entry a batch writes carries the batch id, so the server refuses the batch to an agent (by
/// the role the server knows), and the batch ends with an "import" audit entry. Runs in the
/// calling thread; a GUI runs it in a worker with its own LocalStore.
class Importer final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::Importer)

public:
    /// Called after each batch with progress 0–1000; returning false cancels (what was written
    /// stays, as a batch that can be undone).
    using Progress = std::function<bool(int permille)>;

    explicit Importer(LocalStore &store);

    Result<ImportReport> run(TableReader &reader, const ImportOptions &options,
                             const Progress &progress = {});

    /// Writes the rows that failed, with their header and an error column, as CSV (UTF-8 with
    /// BOM, so Excel shows Chinese correctly).
    static Status saveFailedRows(const ImportReport &report, const QString &path);

private:
    enum class RowOutcome { Created, Updated, Unchanged, Failed };
    /// A valid row decided on, waiting for its batch to be written.
    struct PendingRow
    {
        int rowNumber = 0;
        bool create = false;
        QString match; ///< the existing customer an update goes to
        Customer customer;
        QString note;
        QList<PhoneNumber> phones; ///< the first contact's phones as parsed
        QStringList cells;
        RowOutcome outcome = RowOutcome::Failed;
        QString error;
    };
    using RowFailure = std::function<void(int row, const QString &message, const QStringList &cells)>;

    Status writeBatch(std::vector<PendingRow> &rows, ImportReport &report, const RowFailure &fail,
                      bool direct);
    /// The batch's audit entry (who, file, counts), sent to the server after its rows.
    Status recordBatch(const ImportReport &report, const ImportOptions &options);
    static Status countBatch(const std::vector<PendingRow> &rows, ImportReport &report);
    Result<RowOutcome> writeRow(const PendingRow &row, const QString &batchId,
                                const ImportMapping &mapping, CustomerRepository &repository,
                                ChangeWriter &writer);

    LocalStore &m_store;
};

} // namespace Leadline
