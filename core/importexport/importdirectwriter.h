#pragma once

#include "core/domain/customer.h"
#include "core/domain/phonenumber.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace Leadline {

class LocalStore;

/// Writes the customers an import creates by statements prepared once per batch and bound
/// directly: the same rows, outbox entries (the same JSON, byte for byte), change-bus notes,
/// batch records and events as CustomerRepository::create, ChangeWriter and the importer's row
/// path write, without a map of values or a JSON document per row, and without parsing and
/// validating the row again (the row builder did both). Used inside the caller's transaction;
/// the first error stops the batch, which the importer then writes row by row the usual way.
class ImportDirectWriter final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ImportDirectWriter)

public:
    /// A created customer: the row as the builder made it (contacts with their phones as
    /// E.164, stage and intent set, an id), the phones of its first contact as parsed, its note.
    struct Row
    {
        const Customer *customer = nullptr;
        const QList<PhoneNumber> *phones = nullptr;
        const QString *note = nullptr;
        int rowNumber = 0;
    };

    static Result<std::unique_ptr<ImportDirectWriter>> prepare(LocalStore &store,
                                                               const QString &batchId);
    ~ImportDirectWriter();
    ImportDirectWriter(const ImportDirectWriter &) = delete;
    ImportDirectWriter &operator=(const ImportDirectWriter &) = delete;

    /// Writes one created customer with everything that belongs to it.
    Status create(const Row &row);

    /// Writes the outbox entries of the rows created so far, in the order they were made. Due
    /// before anything else writes to the outbox, and before the batch commits.
    Status flushOutbox();

    /// Whether a customer can take this path: one contact whose phones are the parsed ones.
    static bool fits(const Customer &customer, const QList<PhoneNumber> &phones);

private:
    enum Statement { Customers, Contacts, Phones, FindTag, Tags, CustomerTags, Notes, Outbox,
                     OutboxMany, BatchRows, StatementCount };
    /// Outbox entries per multi-row statement: AUTOINCREMENT bumps sqlite_sequence once per
    /// statement, not once per row.
    static constexpr int outboxRowsPerStatement = 100;
    struct OutboxEntry
    {
        QByteArray mutationId;
        const char *table = nullptr;
        QByteArray rowId;
        QByteArray fields;
        qint64 createdAt = 0;
    };

    ImportDirectWriter(LocalStore &store, QString batchId);
    Status run(Statement statement, const QString &table);
    Status outbox(const char *table, const QString &rowId, QByteArray fields);
    Result<QString> tagId(const QString &name, qint64 now);

    LocalStore &m_store;
    QString m_batchId;
    QByteArray m_batchIdUtf8;
    QString m_agentId;
    QByteArray m_agentIdUtf8;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statements[StatementCount] = {};
    std::vector<OutboxEntry> m_outbox;
};

} // namespace Leadline
