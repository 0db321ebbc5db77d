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
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
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
// contact, its phone, its note, an outbox entry for each and the batch's record of the row —
// by prepared statements, 5,000 rows to a transaction, with the secondary indexes and the
// search index built once at the end as the import does. What the import adds on top is its
// own work: mapping, validating, normalizing phones, finding duplicates, the change bus.
Status bareInsert(LocalStore &store, TableReader &reader)
{
    if (auto begun = BulkLoad::begin(store); !begun)
        return begun;
    QSqlDatabase db = store.database();
    const auto prepare = [&](const QString &sql) {
        auto query = std::make_unique<QSqlQuery>(db);
        query->prepare(sql);
        return query;
    };
    auto customer = prepare(QStringLiteral(
        "INSERT INTO customers(id, name, company, title, email, industry, region, source, "
        "created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    auto contact = prepare(QStringLiteral(
        "INSERT INTO contacts(id, customer_id, name, is_primary, updated_at) VALUES(?, ?, ?, 1, ?)"));
    auto phone = prepare(QStringLiteral(
        "INSERT INTO phones(id, contact_id, customer_id, e164, e164_digits, national, "
        "national_rev, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    auto note = prepare(QStringLiteral(
        "INSERT INTO notes(id, customer_id, body, created_at, updated_at) VALUES(?, ?, ?, ?, ?)"));
    auto outbox = prepare(QStringLiteral(
        "INSERT INTO outbox(mutation_id, table_name, row_id, op, base_row_version, fields, "
        "created_at) VALUES(?, ?, ?, 'insert', 0, ?, ?)"));
    auto batchRow = prepare(QStringLiteral(
        "INSERT INTO import_batch_rows(batch_id, row_number, customer_id, action, before_image, "
        "after_image) VALUES(?, ?, ?, 'created', '{}', ?)"));
    const QString batchId = newId();
    QSqlQuery batch(db);
    batch.prepare(QStringLiteral("INSERT INTO import_batches(id, file_name, tag, created_at, "
                                 "created_by) VALUES(?, 'floor', '', 0, '')"));
    batch.addBindValue(batchId);
    if (!batch.exec())
        return Error{batch.lastError().text()};
    const auto exec = [](QSqlQuery &query, const QVariantList &values) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        return query.exec();
    };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QStringList cells;
    (void)reader.next(cells); // the header
    bool more = true;
    while (more) {
        if (!db.transaction())
            return Error{db.lastError().text()};
        for (int n = 0; n < 5000 && (more = reader.next(cells)); ++n) {
            const QString id = newId();
            const QString contactId = newId();
            const QString phoneId = newId();
            const QString noteId = newId();
            const QString national = cells.value(1);
            QString reversed = national;
            std::reverse(reversed.begin(), reversed.end());
            const QString e164 = QStringLiteral("+86") + national;
            const QString fields = QStringLiteral("{\"name\":\"%1\",\"phone\":\"%2\"}").arg(cells.value(0), e164);
            const bool ok
                = exec(*customer, {id, cells.value(0), cells.value(2), cells.value(3), cells.value(4),
                                   cells.value(5), cells.value(6), cells.value(7), now, now})
                  && exec(*contact, {contactId, id, cells.value(0), now})
                  && exec(*phone, {phoneId, contactId, id, e164, e164.mid(1), national, reversed, now})
                  && exec(*note, {noteId, id, cells.value(8), now, now})
                  && exec(*outbox, {newId(), QStringLiteral("customers"), id, fields, now})
                  && exec(*outbox, {newId(), QStringLiteral("contacts"), contactId, fields, now})
                  && exec(*outbox, {newId(), QStringLiteral("phones"), phoneId, fields, now})
                  && exec(*outbox, {newId(), QStringLiteral("notes"), noteId, fields, now})
                  && exec(*batchRow, {batchId, reader.rowNumber(), id, fields});
            if (!ok) {
                db.rollback();
                return Error{QCoreApplication::translate("Leadline::Cli", "the floor insert failed: %1")
                                 .arg(db.lastError().text())};
            }
        }
        if (!db.commit())
            return Error{db.lastError().text()};
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
