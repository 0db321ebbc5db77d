// The §7 import benchmark: a lead list of 100,000 rows (CSV, UTF-8) imported into a fresh
// workspace through the same Importer the wizard and `leadline import` use, with the peak
// resident memory of the import itself (flat memory: it must not grow with the file).
#include "benchregistry.h"

#include "app/startupprobe.h"

#include "core/domain/ids.h"
#include "core/importexport/importer.h"
#include "core/importexport/tablereader.h"
#include "core/reference/referencerepository.h"
#include "core/storage/bulkload.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <sqlite3.h>
#include <vector>
#include <sys/resource.h>
#include <memory>

namespace Leadline::Cli {

namespace {

constexpr int fullRows = 100000;
constexpr int quickRows = 2000;

// Peak resident set size in MB since the last reset (VmHWM), or -1 where unknown.
double peakRssMb()
{
    return CompositionRoot::StartupProbe::statusMb("VmHWM");
}

// The process's own memory now in MB (RssAnon: the heap, without the workspace file's pages
// that SQLite maps and caches up to its fixed limits), or -1 where unknown.
double anonRssMb()
{
    return CompositionRoot::StartupProbe::statusMb("RssAnon");
}

// CPU seconds the process has used (user and system): wall time says little on a busy machine.
double cpuSeconds()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Lets VmHWM measure from now on (Linux: "5" to clear_refs resets the peak).
void resetPeakRss()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    if (refs.open(QIODevice::WriteOnly))
        refs.write("5");
}

bool writeList(const QString &path, int rows, quint32 seed)
{
    static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰"};
    static const char *const regions[] = {"北京", "上海", "广东", "浙江", "江苏", "四川"};
    static const char *const industries[] = {"制造", "教育", "零售", "医疗", "金融", "物流"};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QRandomGenerator random(seed);
    QByteArray text = "\xEF\xBB\xBF客户名称,手机号,公司,职位,邮箱,行业,省份,来源,备注\r\n";
    for (int i = 0; i < rows; ++i) {
        const QString name = QString::fromUtf8(surnames[random.bounded(10)])
                             + QString::fromUtf8(given[random.bounded(10)]) + QString::number(i);
        static const char *const prefixes[] = {"138", "139", "186", "135", "158", "177"};
        const QString line = QStringLiteral("%1,%2%3,%4公司,经理,lead%5@example.com,%6,%7,展会,\"第%8行, 备注\"\r\n")
                                 .arg(name)
                                 .arg(QLatin1String(prefixes[random.bounded(6)]))
                                 .arg(i, 8, 10, QLatin1Char('0'))
                                 .arg(name)
                                 .arg(i)
                                 .arg(QString::fromUtf8(industries[random.bounded(6)]),
                                      QString::fromUtf8(regions[random.bounded(6)]))
                                 .arg(i + 2);
        text += line.toUtf8();
        if (text.size() > (1 << 20)) {
            file.write(text);
            text.clear();
        }
    }
    file.write(text);
    return file.error() == QFile::NoError;
}

// The floor of an import: each row of the list stored as bare SQLite rows — a customer, its
// contact, its phone, its note, an outbox entry for each (the row's values as JSON, a hundred
// entries to a statement as the import writes them) and the batch's record of the row — by
// statements prepared once and bound directly through SQLite's own interface, 5,000 rows to a
// transaction, with the secondary indexes and the search index built once at the end as the
// import does (BulkLoad). What the import adds on top is its own work: mapping, validating,
// normalizing phones, finding duplicates, the change bus, the rule events.
Status bareInsert(LocalStore &store, TableReader &reader)
{
    if (auto begun = BulkLoad::begin(store); !begun)
        return begun;
    const QVariant handle = store.database().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error{QStringLiteral("not an SQLite workspace")};
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    constexpr int outboxPerStatement = 100;
    QByteArray many = "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, "
                      "fields, created_at) VALUES";
    for (int i = 0; i < outboxPerStatement; ++i)
        many += i == 0 ? "(?, ?, ?, 'insert', 0, ?, ?)" : ",(?, ?, ?, 'insert', 0, ?, ?)";
    const QByteArray sql[] = {
        "INSERT INTO customers(id, name, company, title, email, industry, region, source, intent, "
        "stage, created_at, updated_at, updated_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO contacts(id, customer_id, name, is_primary, updated_at, updated_by) "
        "VALUES(?, ?, ?, 1, ?, ?)",
        "INSERT INTO phones(id, contact_id, customer_id, e164, e164_digits, national, "
        "national_rev, updated_at, updated_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO notes(id, customer_id, agent_id, body, created_at, updated_at, updated_by) "
        "VALUES(?, ?, ?, ?, ?, ?, ?)",
        many,
        "INSERT INTO import_batch_rows(batch_id, row_number, customer_id, action, before_image, "
        "after_image) VALUES(?, ?, ?, 'created', '{}', ?)",
        "INSERT INTO import_batches(id, file_name, tag, created_at, created_by) "
        "VALUES(?, 'floor', '', 0, '')",
    };
    enum { Customer, Contact, Phone, Note, Outbox, BatchRow, Batch, Count };
    sqlite3_stmt *statements[Count] = {};
    const auto finalize = qScopeGuard([&] {
        for (sqlite3_stmt *statement : statements)
            sqlite3_finalize(statement);
    });
    const auto failed = [&] {
        return Error{QCoreApplication::translate("Leadline::Cli", "the floor insert failed: %1")
                         .arg(QString::fromUtf8(sqlite3_errmsg(db)))};
    };
    for (int i = 0; i < Count; ++i) {
        if (sqlite3_prepare_v3(db, sql[i].constData(), int(sql[i].size()), SQLITE_PREPARE_PERSISTENT,
                               &statements[i], nullptr)
            != SQLITE_OK) {
            return failed();
        }
    }
    // Binds text that lives until the statement runs.
    const auto text = [](sqlite3_stmt *statement, int index, const QByteArray &value) {
        sqlite3_bind_text(statement, index, value.constData(), int(value.size()), SQLITE_STATIC);
    };
    const auto run = [](sqlite3_stmt *statement) {
        const int code = sqlite3_step(statement);
        sqlite3_reset(statement);
        return code == SQLITE_DONE;
    };
    const QByteArray batchId = newId().toUtf8();
    text(statements[Batch], 1, batchId);
    if (!run(statements[Batch]))
        return failed();
    struct Entry
    {
        QByteArray mutationId;
        const char *table;
        QByteArray rowId;
        QByteArray fields;
    };
    std::vector<Entry> outbox;
    const QByteArray agent = store.currentAgentId().toUtf8();
    const QByteArray stage = QStringLiteral("首次联系").toUtf8();
    const QByteArray intent = QStringLiteral("无").toUtf8();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray nowText = QByteArray::number(now);
    QStringList cells;
    (void)reader.next(cells); // the header
    bool more = true;
    while (more) {
        if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
            return failed();
        for (int n = 0; n < 5000 && (more = reader.next(cells)); ++n) {
            QByteArray values[9];
            for (int i = 0; i < 9; ++i)
                values[i] = cells.value(i).toUtf8();
            const QByteArray id = newId().toUtf8();
            const QByteArray contactId = newId().toUtf8();
            const QByteArray phoneId = newId().toUtf8();
            const QByteArray noteId = newId().toUtf8();
            const QByteArray &national = values[1];
            QByteArray reversed = national;
            std::reverse(reversed.begin(), reversed.end());
            const QByteArray e164 = "+86" + national;
            // Each row's values as JSON, as the outbox carries them to the server.
            QByteArray customerJson = "{\"company\":\"" + values[2] + "\",\"created_at\":" + nowText
                                      + ",\"email\":\"" + values[4] + "\",\"id\":\"" + id
                                      + "\",\"industry\":\"" + values[5] + "\",\"intent\":\"" + intent
                                      + "\",\"name\":\"" + values[0] + "\",\"region\":\"" + values[6]
                                      + "\",\"source\":\"" + values[7] + "\",\"stage\":\"" + stage
                                      + "\",\"title\":\"" + values[3] + "\",\"updated_at\":" + nowText
                                      + ",\"updated_by\":\"" + agent + "\"}";
            sqlite3_stmt *customer = statements[Customer];
            text(customer, 1, id);
            for (int i = 0; i < 7; ++i)
                text(customer, 2 + i, values[i == 0 ? 0 : i + 1]);
            text(customer, 9, intent);
            text(customer, 10, stage);
            sqlite3_bind_int64(customer, 11, now);
            sqlite3_bind_int64(customer, 12, now);
            text(customer, 13, agent);
            sqlite3_stmt *contact = statements[Contact];
            text(contact, 1, contactId);
            text(contact, 2, id);
            text(contact, 3, values[0]);
            sqlite3_bind_int64(contact, 4, now);
            text(contact, 5, agent);
            sqlite3_stmt *phone = statements[Phone];
            text(phone, 1, phoneId);
            text(phone, 2, contactId);
            text(phone, 3, id);
            text(phone, 4, e164);
            const QByteArray digits = e164.mid(1);
            text(phone, 5, digits);
            text(phone, 6, national);
            text(phone, 7, reversed);
            sqlite3_bind_int64(phone, 8, now);
            text(phone, 9, agent);
            sqlite3_stmt *note = statements[Note];
            text(note, 1, noteId);
            text(note, 2, id);
            text(note, 3, agent);
            text(note, 4, values[8]);
            sqlite3_bind_int64(note, 5, now);
            sqlite3_bind_int64(note, 6, now);
            text(note, 7, agent);
            sqlite3_stmt *batchRow = statements[BatchRow];
            text(batchRow, 1, batchId);
            sqlite3_bind_int(batchRow, 2, reader.rowNumber());
            text(batchRow, 3, id);
            text(batchRow, 4, customerJson);
            if (!run(customer) || !run(contact) || !run(phone) || !run(note) || !run(batchRow)) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                return failed();
            }
            const QByteArray contactJson = "{\"customer_id\":\"" + id + "\",\"id\":\"" + contactId
                                           + "\",\"is_primary\":1,\"name\":\"" + values[0]
                                           + "\",\"updated_at\":" + nowText + "}";
            const QByteArray phoneJson = "{\"contact_id\":\"" + contactId + "\",\"customer_id\":\"" + id
                                         + "\",\"e164\":\"" + e164 + "\",\"id\":\"" + phoneId
                                         + "\",\"national\":\"" + national + "\",\"updated_at\":"
                                         + nowText + "}";
            const QByteArray noteJson = "{\"body\":\"" + values[8] + "\",\"customer_id\":\"" + id
                                        + "\",\"id\":\"" + noteId + "\",\"updated_at\":" + nowText + "}";
            outbox.push_back({newId().toUtf8(), "customers", id, std::move(customerJson)});
            outbox.push_back({newId().toUtf8(), "contacts", contactId, contactJson});
            outbox.push_back({newId().toUtf8(), "phones", phoneId, phoneJson});
            outbox.push_back({newId().toUtf8(), "notes", noteId, noteJson});
        }
        // The batch's outbox entries, a hundred to a statement (the last few one by one).
        size_t next = 0;
        while (next < outbox.size()) {
            const int rows = outbox.size() - next >= size_t(outboxPerStatement) ? outboxPerStatement : 1;
            sqlite3_stmt *statement = rows > 1 ? statements[Outbox] : nullptr;
            if (!statement
                && sqlite3_prepare_v2(db, "INSERT INTO outbox(mutation_id, table_name, row_id, op, "
                                          "base_row_version, fields, created_at) VALUES(?, ?, ?, "
                                          "'insert', 0, ?, ?)",
                                      -1, &statement, nullptr)
                       != SQLITE_OK) {
                return failed();
            }
            for (int i = 0; i < rows; ++i) {
                const Entry &entry = outbox[next + size_t(i)];
                text(statement, 1 + 5 * i, entry.mutationId);
                sqlite3_bind_text(statement, 2 + 5 * i, entry.table, -1, SQLITE_STATIC);
                text(statement, 3 + 5 * i, entry.rowId);
                text(statement, 4 + 5 * i, entry.fields);
                sqlite3_bind_int64(statement, 5 + 5 * i, now);
            }
            const bool ok = run(statement);
            if (rows == 1)
                sqlite3_finalize(statement);
            if (!ok) {
                sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                return failed();
            }
            next += size_t(rows);
        }
        outbox.clear();
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return failed();
    }
    return BulkLoad::finish(store);
}

Result<BenchSamples> importCsv(BenchInput &input)
{
    const int rows = input.quick ? quickRows : fullRows;
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("import.csv"));
    if (!writeList(csv, rows, input.seed))
        return Error{QCoreApplication::translate("Leadline::Cli", "cannot write the benchmark's lead list")};
    BenchSamples samples;
    samples.size = rows;
    for (int run = 0; run < qMax(1, qMin(input.runs, 3)); ++run) {
        auto store = LocalStore::open(dir.filePath(QStringLiteral("import-%1.leadline").arg(run)));
        if (!store)
            return store.error();
        ReferenceRepository reference(*store.value());
        const auto admin = reference.addAgent({newId(), QStringLiteral("admin"), QStringLiteral("Admin"),
                                               QStringLiteral("admin"), QString(), true});
        if (!admin)
            return admin.error();
        store.value()->setCurrentAgentId(*admin);

        // The floor: the same rows written bare into a second fresh workspace with the same
        // indexes, built the same way (BulkLoad), by prepared statements in the same batches.
        // Closed before the import runs, so its cache and pages do not count in the import's memory.
        const double floorCpuBefore = cpuSeconds();
        {
            auto bare = LocalStore::open(dir.filePath(QStringLiteral("floor-%1.leadline").arg(run)));
            if (!bare)
                return bare.error();
            auto floorReader = TableReader::open(csv);
            if (!floorReader)
                return floorReader.error();
            Status floorWritten;
            samples.floorMs.append(
                timeMs([&] { floorWritten = bareInsert(*bare.value(), *floorReader.value()); }));
            if (!floorWritten)
                return floorWritten.error();
        }
        samples.extra.insert(QStringLiteral("floor_cpu_s"), cpuSeconds() - floorCpuBefore);

        auto reader = TableReader::open(csv);
        if (!reader)
            return reader.error();
        const double before = peakRssMb();
        resetPeakRss();
        Result<ImportReport> report = Error{};
        ImportOptions options;
        options.bulk = true;
        // The heap after each batch: flat when nothing grows with the file.
        const double anonBefore = anonRssMb();
        double anonPeak = anonBefore;
        double anonAtTenth = -1;
        const auto sample = [&](int permille) {
            const double now = anonRssMb();
            anonPeak = qMax(anonPeak, now);
            if (anonAtTenth < 0 && permille >= 100)
                anonAtTenth = now;
            return true;
        };
        const double importCpuBefore = cpuSeconds();
        samples.appMs.append(timeMs([&] { report = Importer(*store.value()).run(*reader.value(), options, sample); }));
        samples.extra.insert(QStringLiteral("import_cpu_s"), cpuSeconds() - importCpuBefore);
        if (!report)
            return report.error();
        if (report->imported != rows) {
            return Error{QCoreApplication::translate("Leadline::Cli", "the import bench imported %1 of %2 rows (%3)")
                             .arg(report->imported)
                             .arg(rows)
                             .arg(report->errors.isEmpty() ? QString() : report->errors.first().message)};
        }
        samples.extra.insert(QStringLiteral("rss_before_mb"), before);
        samples.extra.insert(QStringLiteral("peak_rss_mb"), peakRssMb());
        samples.extra.insert(QStringLiteral("anon_before_mb"), anonBefore);
        samples.extra.insert(QStringLiteral("anon_at_10pct_mb"), anonAtTenth);
        samples.extra.insert(QStringLiteral("anon_peak_mb"), anonPeak);
        samples.extra.insert(QStringLiteral("rows_per_s"), rows / (samples.appMs.last() / 1000.0));
    }
    return samples;
}

} // namespace

const bool registeredImport = BenchRegistry::add({QStringLiteral("import.csv"), 15000, importCsv});

} // namespace Leadline::Cli
