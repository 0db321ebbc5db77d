#include "importdirectwriter.h"

#include "core/domain/clock.h"
#include "core/domain/ids.h"
#include "core/storage/domainevent.h"
#include "core/storage/localstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <cmath>

namespace Leadline {

namespace {

// One JSON object written in the order its keys are given, which must be the order
// QJsonObject keeps (sorted), formatted as QJsonDocument::toJson(Compact) formats it.
class JsonObject final
{
public:
    JsonObject() { m_text.reserve(512); m_text.append('{'); }

    JsonObject &text(const char *key, const QString &value)
    {
        name(key);
        appendString(value);
        return *this;
    }
    JsonObject &integer(const char *key, qint64 value)
    {
        name(key);
        m_text.append(QByteArray::number(value));
        return *this;
    }
    JsonObject &null(const char *key)
    {
        name(key);
        m_text.append("null");
        return *this;
    }
    JsonObject &number(const char *key, double value)
    {
        name(key);
        // Doubles as Qt's writer formats them (shortest form, integral values without a point).
        static const QByteArray zero = formatted(0.0);
        m_text.append(value == 0.0 && !std::signbit(value) ? zero : formatted(value));
        return *this;
    }
    QByteArray finish()
    {
        m_text.append('}');
        return std::move(m_text);
    }

private:
    static QByteArray formatted(double value)
    {
        const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    }

    void name(const char *key)
    {
        if (m_text.size() > 1)
            m_text.append(',');
        m_text.append('"');
        m_text.append(key);
        m_text.append("\":");
    }

    // Escaped as QJsonDocument escapes: quote, backslash and control characters; everything
    // else as UTF-8; a lone surrogate as \uXXXX.
    void appendString(const QString &value)
    {
        static const char hex[] = "0123456789abcdef";
        m_text.append('"');
        const char16_t *src = reinterpret_cast<const char16_t *>(value.constData());
        const char16_t *const end = src + value.size();
        while (src != end) {
            const char16_t u = *src++;
            if (u < 0x80) {
                if (u < 0x20 || u == 0x22 || u == 0x5c) {
                    m_text.append('\\');
                    switch (u) {
                    case 0x22: m_text.append('"'); break;
                    case 0x5c: m_text.append('\\'); break;
                    case 0x08: m_text.append('b'); break;
                    case 0x0c: m_text.append('f'); break;
                    case 0x0a: m_text.append('n'); break;
                    case 0x0d: m_text.append('r'); break;
                    case 0x09: m_text.append('t'); break;
                    default:
                        m_text.append("u00");
                        m_text.append(hex[u >> 4]);
                        m_text.append(hex[u & 0xf]);
                    }
                } else {
                    m_text.append(char(u));
                }
            } else if (u < 0x800) {
                m_text.append(char(0xc0 | (u >> 6)));
                m_text.append(char(0x80 | (u & 0x3f)));
            } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
                const char32_t ucs4 = QChar::surrogateToUcs4(u, *src++);
                m_text.append(char(0xf0 | (ucs4 >> 18)));
                m_text.append(char(0x80 | ((ucs4 >> 12) & 0x3f)));
                m_text.append(char(0x80 | ((ucs4 >> 6) & 0x3f)));
                m_text.append(char(0x80 | (ucs4 & 0x3f)));
            } else if (QChar::isSurrogate(u)) {
                m_text.append("\\u");
                m_text.append(hex[(u >> 12) & 0xf]);
                m_text.append(hex[(u >> 8) & 0xf]);
                m_text.append(hex[(u >> 4) & 0xf]);
                m_text.append(hex[u & 0xf]);
            } else {
                m_text.append(char(0xe0 | (u >> 12)));
                m_text.append(char(0x80 | ((u >> 6) & 0x3f)));
                m_text.append(char(0x80 | (u & 0x3f)));
            }
        }
        m_text.append('"');
    }

    QByteArray m_text;
};

// Binds text as the change writer stores it: a null string is '' (never SQL NULL).
void bindText(sqlite3_stmt *statement, int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(statement, index, utf8.isEmpty() ? "" : utf8.constData(), int(utf8.size()),
                      SQLITE_TRANSIENT);
}

void bindBytes(sqlite3_stmt *statement, int index, const QByteArray &utf8)
{
    sqlite3_bind_text(statement, index, utf8.isEmpty() ? "" : utf8.constData(), int(utf8.size()),
                      SQLITE_TRANSIENT);
}

void bindOptional(sqlite3_stmt *statement, int index, const std::optional<qint64> &value)
{
    if (value)
        sqlite3_bind_int64(statement, index, *value);
    else
        sqlite3_bind_null(statement, index);
}

QString customFieldsText(const Customer &customer)
{
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(customer.customFields))
                                 .toJson(QJsonDocument::Compact));
}

} // namespace

ImportDirectWriter::ImportDirectWriter(LocalStore &store, QString batchId)
    : m_store(store)
    , m_batchId(std::move(batchId))
    , m_batchIdUtf8(m_batchId.toUtf8())
    , m_agentId(store.currentAgentId())
    , m_agentIdUtf8(m_agentId.toUtf8())
{}

ImportDirectWriter::~ImportDirectWriter()
{
    for (sqlite3_stmt *statement : m_statements)
        sqlite3_finalize(statement);
}

bool ImportDirectWriter::fits(const Customer &customer, const QList<PhoneNumber> &phones)
{
    if (customer.contacts.size() != 1 || customer.contacts.first().phones.size() != phones.size())
        return false;
    for (qsizetype i = 0; i < phones.size(); ++i) {
        const ContactPhone &phone = customer.contacts.first().phones.at(i);
        if (!phone.id.isEmpty() || phone.e164 != phones.at(i).e164)
            return false;
    }
    return customer.contacts.first().id.isEmpty();
}

Result<std::unique_ptr<ImportDirectWriter>> ImportDirectWriter::prepare(LocalStore &store,
                                                                        const QString &batchId)
{
    const QVariant handle = store.database().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error{tr("The workspace is not an SQLite database.")};
    std::unique_ptr<ImportDirectWriter> writer(new ImportDirectWriter(store, batchId));
    writer->m_db = *static_cast<sqlite3 *const *>(handle.constData());
    static const char *const sql[StatementCount] = {
        "INSERT INTO customers(id, name, company, title, email, industry, region, source, intent, "
        "stage, customer_type, owner_id, score, score_reasons, custom_fields, amount, created_at, "
        "assigned_at, last_contact_at, row_version, updated_at, updated_by, deleted) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, 0, ?20, ?21, 0)",
        "INSERT INTO contacts(id, customer_id, name, title, email, is_primary, row_version, "
        "updated_at, updated_by, deleted) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, 0)",
        "INSERT INTO phones(id, contact_id, customer_id, e164, e164_digits, national, "
        "national_rev, label, row_version, updated_at, updated_by, deleted) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, 0)",
        "SELECT id FROM tags WHERE name = ?1",
        "INSERT INTO tags(id, name, row_version, updated_at, updated_by, deleted) "
        "VALUES(?1, ?2, 0, ?3, ?4, 0)",
        "INSERT INTO customer_tags(id, customer_id, tag_id, row_version, updated_at, updated_by, "
        "deleted) VALUES(?1, ?2, ?3, 0, ?4, ?5, 0)",
        "INSERT INTO notes(id, customer_id, agent_id, body, created_at, row_version, updated_at, "
        "updated_by, deleted) VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, 0)",
        "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, fields, "
        "created_at, expect, import_batch) VALUES(?1, ?2, ?3, 'insert', 0, ?4, ?5, NULL, ?6)",
        nullptr, // OutboxMany: built below
        "INSERT INTO import_batch_rows(batch_id, row_number, customer_id, action, before_image, "
        "after_image) VALUES(?1, ?2, ?3, 'created', '{}', ?4)",
    };
    QByteArray many = "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, "
                      "fields, created_at, expect, import_batch) VALUES";
    for (int i = 0; i < outboxRowsPerStatement; ++i)
        many += i == 0 ? "(?, ?, ?, 'insert', 0, ?, ?, NULL, ?)"
                       : ",(?, ?, ?, 'insert', 0, ?, ?, NULL, ?)";
    for (int i = 0; i < StatementCount; ++i) {
        if (sqlite3_prepare_v3(writer->m_db, i == OutboxMany ? many.constData() : sql[i], -1,
                               SQLITE_PREPARE_PERSISTENT,
                               &writer->m_statements[i], nullptr)
            != SQLITE_OK) {
            return Error{tr("The workspace could not save the change: %1")
                             .arg(QString::fromUtf8(sqlite3_errmsg(writer->m_db)))};
        }
    }
    return writer;
}

Status ImportDirectWriter::run(Statement statement, const QString &table)
{
    sqlite3_stmt *query = m_statements[statement];
    const int code = sqlite3_step(query);
    const QString message = code == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(query);
    sqlite3_clear_bindings(query);
    if (code != SQLITE_DONE)
        return Error{tr("The workspace could not save the change: %1 (%2)").arg(message, table)};
    return {};
}

Status ImportDirectWriter::outbox(const char *table, const QString &rowId, QByteArray fields)
{
    m_outbox.push_back(OutboxEntry{newId().toUtf8(), table, rowId.toUtf8(), std::move(fields),
                                   m_store.clock().nowMs()});
    // A few statements' worth at a time: the batch's entries are never all held in memory.
    if (m_outbox.size() >= size_t(4 * outboxRowsPerStatement))
        return flushOutbox();
    return {};
}

Status ImportDirectWriter::flushOutbox()
{
    // Each entry carries its batch: the server refuses an import's work to agents.
    const auto bind = [this](sqlite3_stmt *query, int first, const OutboxEntry &entry) {
        bindBytes(query, first, entry.mutationId);
        sqlite3_bind_text(query, first + 1, entry.table, -1, SQLITE_STATIC);
        bindBytes(query, first + 2, entry.rowId);
        bindBytes(query, first + 3, entry.fields);
        sqlite3_bind_int64(query, first + 4, entry.createdAt);
        bindBytes(query, first + 5, m_batchIdUtf8);
    };
    size_t next = 0;
    Status written;
    for (; written && m_outbox.size() - next >= size_t(outboxRowsPerStatement); next += outboxRowsPerStatement) {
        for (int i = 0; i < outboxRowsPerStatement; ++i)
            bind(m_statements[OutboxMany], 1 + 6 * i, m_outbox[next + size_t(i)]);
        written = run(OutboxMany, QStringLiteral("outbox"));
    }
    for (; written && next < m_outbox.size(); ++next) {
        bind(m_statements[Outbox], 1, m_outbox[next]);
        written = run(Outbox, QStringLiteral("outbox"));
    }
    m_outbox.clear();
    return written;
}

Result<QString> ImportDirectWriter::tagId(const QString &name, qint64 now)
{
    sqlite3_stmt *find = m_statements[FindTag];
    bindText(find, 1, name);
    QString id;
    const int code = sqlite3_step(find);
    if (code == SQLITE_ROW) {
        id = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(find, 0)),
                               sqlite3_column_bytes(find, 0));
    }
    sqlite3_reset(find);
    sqlite3_clear_bindings(find);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return Error{tr("The workspace could not save the change: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)))};
    if (!id.isEmpty())
        return id;
    id = newId();
    sqlite3_stmt *insert = m_statements[Tags];
    bindText(insert, 1, id);
    bindText(insert, 2, name);
    sqlite3_bind_int64(insert, 3, now);
    bindBytes(insert, 4, m_agentIdUtf8);
    if (auto done = run(Tags, QStringLiteral("tags")); !done)
        return done.error();
    QByteArray fields = JsonObject()
                                  .integer("deleted", 0)
                                  .text("id", id)
                                  .text("name", name)
                                  .integer("updated_at", now)
                                  .text("updated_by", m_agentId)
                                  .finish();
    if (auto queued = outbox("tags", id, std::move(fields)); !queued)
        return queued.error();
    m_store.noteChange(QStringLiteral("tags"), QString());
    return id;
}

Status ImportDirectWriter::create(const Row &row)
{
    static const QString customersTable = QStringLiteral("customers");
    static const QString contactsTable = QStringLiteral("contacts");
    static const QString phonesTable = QStringLiteral("phones");
    static const QString tagLinksTable = QStringLiteral("customer_tags");
    static const QString notesTable = QStringLiteral("notes");
    const Customer &c = *row.customer;
    const qint64 now = m_store.clock().nowMs();
    const QString id = c.id.isEmpty() ? newId() : c.id;
    const qint64 createdAt = c.createdAt ? c.createdAt : now;
    const std::optional<qint64> assignedAt = !c.ownerId.isEmpty() && !c.assignedAt ? now : c.assignedAt;
    const QString name = c.name.trimmed();
    const QString company = c.company.trimmed();
    const QString title = c.title.trimmed();
    const QString email = c.email.trimmed();
    const QString scoreReasons = c.scoreReasons.isEmpty() ? QStringLiteral("[]") : c.scoreReasons;
    static const QString noCustomFields = QStringLiteral("{}");
    const QString customFields = c.customFields.isEmpty() ? noCustomFields : customFieldsText(c);

    // The customer (CustomerRepository::create through ChangeWriter::insert).
    sqlite3_stmt *customer = m_statements[Customers];
    bindText(customer, 1, id);
    bindText(customer, 2, name);
    bindText(customer, 3, company);
    bindText(customer, 4, title);
    bindText(customer, 5, email);
    bindText(customer, 6, c.industry);
    bindText(customer, 7, c.region);
    bindText(customer, 8, c.source);
    bindText(customer, 9, c.intent);
    bindText(customer, 10, c.stage);
    bindText(customer, 11, c.customerType);
    if (c.ownerId.isEmpty())
        sqlite3_bind_null(customer, 12);
    else
        bindText(customer, 12, c.ownerId);
    sqlite3_bind_int64(customer, 13, c.score);
    bindText(customer, 14, scoreReasons);
    bindText(customer, 15, customFields);
    sqlite3_bind_double(customer, 16, c.amount);
    sqlite3_bind_int64(customer, 17, createdAt);
    bindOptional(customer, 18, assignedAt);
    bindOptional(customer, 19, c.lastContactAt);
    sqlite3_bind_int64(customer, 20, now);
    bindBytes(customer, 21, m_agentIdUtf8);
    if (auto done = run(Customers, customersTable); !done)
        return done;
    {
        JsonObject fields;
        fields.number("amount", c.amount);
        assignedAt ? fields.integer("assigned_at", *assignedAt) : fields.null("assigned_at");
        fields.text("company", company)
            .integer("created_at", createdAt)
            .text("custom_fields", customFields)
            .text("customer_type", c.customerType)
            .integer("deleted", 0)
            .text("email", email)
            .text("id", id)
            .text("industry", c.industry)
            .text("intent", c.intent);
        c.lastContactAt ? fields.integer("last_contact_at", *c.lastContactAt)
                        : fields.null("last_contact_at");
        fields.text("name", name);
        c.ownerId.isEmpty() ? fields.null("owner_id") : fields.text("owner_id", c.ownerId);
        fields.text("region", c.region)
            .integer("score", c.score)
            .text("score_reasons", scoreReasons)
            .text("source", c.source)
            .text("stage", c.stage)
            .text("title", title)
            .integer("updated_at", now)
            .text("updated_by", m_agentId);
        if (auto queued = outbox("customers", id, fields.finish()); !queued)
            return queued;
    }
    m_store.noteChange(customersTable, id);

    // Its contact and the contact's phones (CustomerRepository::writeContacts, writePhones).
    const Contact &contact = c.contacts.first();
    const QString contactId = newId();
    const QString contactName = contact.name.trimmed();
    const QString contactTitle = contact.title.trimmed();
    const QString contactEmail = contact.email.trimmed();
    sqlite3_stmt *contactRow = m_statements[Contacts];
    bindText(contactRow, 1, contactId);
    bindText(contactRow, 2, id);
    bindText(contactRow, 3, contactName);
    bindText(contactRow, 4, contactTitle);
    bindText(contactRow, 5, contactEmail);
    sqlite3_bind_int(contactRow, 6, contact.isPrimary ? 1 : 0);
    sqlite3_bind_int64(contactRow, 7, now);
    bindBytes(contactRow, 8, m_agentIdUtf8);
    if (auto done = run(Contacts, contactsTable); !done)
        return done;
    if (auto queued = outbox("contacts", contactId,
                             JsonObject()
                                 .text("customer_id", id)
                                 .integer("deleted", 0)
                                 .text("email", contactEmail)
                                 .text("id", contactId)
                                 .integer("is_primary", contact.isPrimary ? 1 : 0)
                                 .text("name", contactName)
                                 .text("title", contactTitle)
                                 .integer("updated_at", now)
                                 .text("updated_by", m_agentId)
                                 .finish());
        !queued) {
        return queued;
    }
    m_store.noteChange(contactsTable, id);
    for (qsizetype i = 0; i < row.phones->size(); ++i) {
        const PhoneNumber &parsed = row.phones->at(i);
        const QString &label = contact.phones.at(i).label;
        const QString phoneId = newId();
        sqlite3_stmt *phone = m_statements[Phones];
        bindText(phone, 1, phoneId);
        bindText(phone, 2, contactId);
        bindText(phone, 3, id);
        bindText(phone, 4, parsed.e164);
        bindText(phone, 5, parsed.e164Digits);
        bindText(phone, 6, parsed.national);
        bindText(phone, 7, parsed.nationalRev);
        bindText(phone, 8, label);
        sqlite3_bind_int64(phone, 9, now);
        bindBytes(phone, 10, m_agentIdUtf8);
        if (auto done = run(Phones, phonesTable); !done)
            return done;
        if (auto queued = outbox("phones", phoneId,
                                 JsonObject()
                                     .text("contact_id", contactId)
                                     .text("customer_id", id)
                                     .integer("deleted", 0)
                                     .text("e164", parsed.e164)
                                     .text("e164_digits", parsed.e164Digits)
                                     .text("id", phoneId)
                                     .text("label", label)
                                     .text("national", parsed.national)
                                     .text("national_rev", parsed.nationalRev)
                                     .integer("updated_at", now)
                                     .text("updated_by", m_agentId)
                                     .finish());
            !queued) {
            return queued;
        }
        m_store.noteChange(phonesTable, id);
    }

    // Its tags (CustomerRepository::writeTags).
    for (const QString &rawName : c.tags) {
        const QString tagName = rawName.trimmed();
        if (tagName.isEmpty())
            continue;
        const auto tag = tagId(tagName, now);
        if (!tag)
            return tag.error();
        const QString linkId = newId();
        sqlite3_stmt *link = m_statements[CustomerTags];
        bindText(link, 1, linkId);
        bindText(link, 2, id);
        bindText(link, 3, *tag);
        sqlite3_bind_int64(link, 4, now);
        bindBytes(link, 5, m_agentIdUtf8);
        if (auto done = run(CustomerTags, tagLinksTable); !done)
            return done;
        if (auto queued = outbox("customer_tags", linkId,
                                 JsonObject()
                                     .text("customer_id", id)
                                     .integer("deleted", 0)
                                     .text("id", linkId)
                                     .text("tag_id", *tag)
                                     .integer("updated_at", now)
                                     .text("updated_by", m_agentId)
                                     .finish());
            !queued) {
            return queued;
        }
        m_store.noteChange(tagLinksTable, id);
    }
    DomainEvents::announce(m_store, DomainEvent{QStringLiteral("customer_created"), id, {}, {}, id});

    // The row's note and the batch's record of the row (Importer::writeRow).
    if (!row.note->isEmpty()) {
        const QString noteId = newId();
        sqlite3_stmt *note = m_statements[Notes];
        bindText(note, 1, noteId);
        bindText(note, 2, id);
        bindBytes(note, 3, m_agentIdUtf8);
        bindText(note, 4, *row.note);
        sqlite3_bind_int64(note, 5, now);
        sqlite3_bind_int64(note, 6, now);
        bindBytes(note, 7, m_agentIdUtf8);
        if (auto done = run(Notes, notesTable); !done)
            return done;
        if (auto queued = outbox("notes", noteId,
                                 JsonObject()
                                     .text("agent_id", m_agentId)
                                     .text("body", *row.note)
                                     .integer("created_at", now)
                                     .text("customer_id", id)
                                     .integer("deleted", 0)
                                     .text("id", noteId)
                                     .integer("updated_at", now)
                                     .text("updated_by", m_agentId)
                                     .finish());
            !queued) {
            return queued;
        }
        m_store.noteChange(notesTable, id);
    }
    sqlite3_stmt *record = m_statements[BatchRows];
    bindBytes(record, 1, m_batchIdUtf8);
    sqlite3_bind_int(record, 2, row.rowNumber);
    bindText(record, 3, id);
    bindBytes(record, 4, JsonObject()
                             .number("amount", c.amount)
                             .text("company", c.company)
                             .text("customer_type", c.customerType)
                             .text("email", c.email)
                             .text("industry", c.industry)
                             .text("intent", c.intent)
                             .text("name", c.name)
                             .text("owner_id", c.ownerId)
                             .text("region", c.region)
                             .text("source", c.source)
                             .text("stage", c.stage)
                             .text("title", c.title)
                             .finish());
    if (auto done = run(BatchRows, QStringLiteral("import_batch_rows")); !done)
        return done;
    // The rule trigger "lead imported", in the same transaction as the customer.
    DomainEvents::announce(m_store, DomainEvent{QStringLiteral("lead_imported"), id, {}, m_batchId, id});
    return {};
}

} // namespace Leadline
