// The import's direct path (created customers bound by prepared statements, outbox JSON written
// directly) must leave the workspace exactly as the path through CustomerRepository does: the
// same rows in every table the import touches, the same outbox entries byte for byte, the same
// rule_dirty and pool_watch rows, the same search index, the same KPI rollups, the same report.
#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/importexport/csvreader.h"
#include "core/importexport/importer.h"
#include "core/importexport/importundo.h"
#include "core/reference/referencerepository.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <algorithm>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

const QStringList comparedTables = {
    QStringLiteral("customers"), QStringLiteral("contacts"), QStringLiteral("phones"),
    QStringLiteral("tags"), QStringLiteral("customer_tags"), QStringLiteral("notes"),
    QStringLiteral("stage_changes"), QStringLiteral("outbox"), QStringLiteral("import_batches"),
    QStringLiteral("import_batch_rows"), QStringLiteral("import_mappings"),
    QStringLiteral("rule_dirty"), QStringLiteral("pool_watch"),
    QStringLiteral("customer_search_dirty"), QStringLiteral("customer_fts"),
    QStringLiteral("customer_grams"), QStringLiteral("sync_state"),
};

struct Workspace
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();

    Workspace()
    {
        ReferenceRepository reference(store);
        const QString team = *reference.addTeam(QStringLiteral("华东一组"));
        for (const auto &[id, login, role] : {std::tuple{"s1", "boss", "supervisor"},
                                              std::tuple{"a1", "wangfang", "agent"},
                                              std::tuple{"a2", "lina", "agent"}}) {
            REQUIRE(reference.addAgent({QLatin1String(id), QLatin1String(login), QLatin1String(login),
                                        QLatin1String(role), team, true}));
        }
        store.setCurrentAgentId(QStringLiteral("s1"));
        // An existing customer, for the "update" and "skip" policies.
        Customer existing;
        existing.name = QStringLiteral("老客户");
        existing.company = QStringLiteral("旧公司");
        existing.contacts.append(Contact{{}, existing.name, {}, {}, true,
                                         {ContactPhone{{}, QStringLiteral("13900000001"), {}}}});
        REQUIRE(CustomerRepository(store).create(existing));
    }

    Result<ImportReport> import(const QString &csv, const ImportOptions &options)
    {
        auto device = std::make_unique<QBuffer>();
        device->setData(csv.toUtf8());
        REQUIRE(device->open(QIODevice::ReadOnly));
        auto reader = CsvReader::fromDevice(std::move(device), CsvFormat{QStringLiteral("UTF-8")});
        REQUIRE(reader.ok());
        return Importer(store).run(*reader.value(), options);
    }

    // Every id in the workspace, in the order it was made (ids sort by time, ties by a counter),
    // named by its rank: two workspaces written by the same steps name their rows alike.
    QHash<QString, QString> idNames() const
    {
        static const QRegularExpression uuid(
            QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        QStringList ids;
        for (const QString &table : comparedTables + QStringList{QStringLiteral("teams")}) {
            QSqlQuery query(store.database());
            REQUIRE(query.exec(QStringLiteral("SELECT * FROM %1").arg(table)));
            while (query.next()) {
                for (int i = 0; i < query.record().count(); ++i) {
                    auto matches = uuid.globalMatch(query.value(i).toString());
                    while (matches.hasNext())
                        ids.append(matches.next().captured());
                }
            }
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        QHash<QString, QString> names;
        for (qsizetype i = 0; i < ids.size(); ++i)
            names.insert(ids.at(i), QStringLiteral("<id %1>").arg(i));
        return names;
    }

    // Each compared table as lines of text, in rowid order where the table has one, ids named.
    QStringList dump() const
    {
        static const QRegularExpression uuid(
            QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        const QHash<QString, QString> names = idNames();
        QStringList lines;
        for (const QString &table : comparedTables) {
            QSqlQuery withRowid(store.database());
            const bool rowids = withRowid.exec(QStringLiteral("SELECT rowid FROM %1 LIMIT 1").arg(table));
            withRowid.finish();
            QSqlQuery query(store.database());
            REQUIRE(query.exec(rowids ? QStringLiteral("SELECT rowid, * FROM %1 ORDER BY rowid").arg(table)
                                      : QStringLiteral("SELECT * FROM %1").arg(table)));
            QStringList rows;
            while (query.next()) {
                QStringList cells;
                for (int i = 0; i < query.record().count(); ++i) {
                    QString text = query.value(i).isNull() ? QStringLiteral("NULL") : query.value(i).toString();
                    auto matches = uuid.globalMatch(text);
                    QStringList found;
                    while (matches.hasNext())
                        found.append(matches.next().captured());
                    for (const QString &id : std::as_const(found))
                        text.replace(id, names.value(id));
                    cells.append(query.record().fieldName(i) + QLatin1Char('=') + text);
                }
                rows.append(table + QStringLiteral(": ") + cells.join(QStringLiteral(" | ")));
            }
            if (!rowids)
                std::sort(rows.begin(), rows.end());
            lines += rows;
        }
        // The search index agrees with its content (the phone index has no copy of its own).
        for (const QString &index : {QStringLiteral("customer_fts"), QStringLiteral("customer_grams"),
                                     QStringLiteral("phone_grams")}) {
            QSqlQuery check(store.database());
            const bool ok = check.exec(QStringLiteral("INSERT INTO %1(%1) VALUES('integrity-check')").arg(index));
            lines.append(index + QStringLiteral(" integrity: ") + (ok ? QStringLiteral("ok") : check.lastError().text()));
        }
        return lines;
    }
};

// Rows of every kind: all the fields, several phones and tags, notes with quotes, a newline,
// control characters and characters outside the BMP, amounts, an owner column, a bad row, a
// duplicate inside the file and one of the existing customer.
const QString csv = QStringLiteral(
    "客户名称,手机号,公司,职位,邮箱,行业,省份,来源,备注,标签,金额,阶段,意向,负责人,联系人,联系人邮箱\n"
    "张三,13800000001,北京甲公司,经理,zs@example.com,制造,北京,展会,\"老客户, 说\"\"你好\"\"\",VIP;重点,12.5,需求沟通,高,wangfang,张先生,zxs@example.com\n"
    "李四,139 0000 0002 / 13800000003,  上海乙公司  ,,,,,,\"第一行\n第二行\t制表\",VIP,1500,,,,,\n"
    "王五,13800000004,,,,,,,\"😀 emoji 𠀀 \\ back\\slash\",,0,,,lina,,\n"
    "坏行,12345,,,not-an-email,,,,,,,,,,,\n"
    "重复,13800000001,,,,,,,,,,,,,,\n"
    "老客户,13900000001,新公司,总监,,,,,,新标签,,,,,,\n"
    "赵六,+86 138-0000-0005,丙公司,,zl@example.com,零售,广东,网站,,,,,中,,,\n");

ImportMapping mapping()
{
    ImportMapping chosen;
    chosen.fields = {QStringLiteral("name"),     QStringLiteral("phone"),        QStringLiteral("company"),
                     QStringLiteral("title"),    QStringLiteral("email"),        QStringLiteral("industry"),
                     QStringLiteral("region"),   QStringLiteral("source"),       QStringLiteral("notes"),
                     QStringLiteral("tags"),     QStringLiteral("amount"),       QStringLiteral("stage"),
                     QStringLiteral("intent"),   QStringLiteral("owner"),        QStringLiteral("contact_name"),
                     QStringLiteral("contact_email")};
    return chosen;
}

void compareBothWays(ImportOptions options, const QString &list = csv)
{
    options.mapping = mapping();
    if (options.batchSize == ImportOptions{}.batchSize)
        options.batchSize = 3;
    Workspace byRepository;
    Workspace direct;
    options.directInsert = false;
    const auto expected = byRepository.import(list, options);
    options.directInsert = true;
    const auto actual = direct.import(list, options);
    REQUIRE(expected.ok());
    REQUIRE(actual.ok());
    CHECK(actual->imported == expected->imported);
    CHECK(actual->updated == expected->updated);
    CHECK(actual->skipped == expected->skipped);
    CHECK(actual->failed == expected->failed);
    CHECK(actual->newRows == expected->newRows);
    CHECK(actual->updateRows == expected->updateRows);
    CHECK(actual->invalidRows == expected->invalidRows);
    CHECK(actual->duplicateInFile == expected->duplicateInFile);
    CHECK(actual->duplicateExisting == expected->duplicateExisting);
    REQUIRE(actual->errors.size() == expected->errors.size());
    for (qsizetype i = 0; i < actual->errors.size(); ++i) {
        CHECK(actual->errors.at(i).row == expected->errors.at(i).row);
        CHECK(actual->errors.at(i).message == expected->errors.at(i).message);
    }
    CHECK(expected->imported >= 4);
    const QStringList want = byRepository.dump();
    const QStringList got = direct.dump();
    CHECK(got.size() == want.size());
    for (qsizetype i = 0; i < qMin(got.size(), want.size()); ++i) {
        INFO("line " << i);
        CHECK(got.at(i) == want.at(i));
    }
    // The batch undoes the same way.
    const auto undoneWant = ImportUndo(byRepository.store).undo(expected->batchId);
    const auto undoneGot = ImportUndo(direct.store).undo(actual->batchId);
    REQUIRE(undoneWant.ok());
    REQUIRE(undoneGot.ok());
    CHECK(direct.dump() == byRepository.dump());
}

} // namespace

TEST_CASE("Created customers written directly leave the workspace as the repository path does",
          "[import][direct]")
{
    ImportOptions options;
    SECTION("row by row, skipping duplicates, owners from the file")
    {
        compareBothWays(options);
    }
    SECTION("bulk load, updating duplicates, a batch tag")
    {
        options.bulk = true;
        options.onDuplicate = DuplicatePolicy::Update;
        options.tag = QStringLiteral("展会2026");
        compareBothWays(options);
    }
    SECTION("creating duplicates, round-robin in a team")
    {
        options.onDuplicate = DuplicatePolicy::Create;
        options.assignment = {ImportAssignment::Mode::RoundRobin, QStringLiteral("华东一组")};
        compareBothWays(options);
    }
    SECTION("batches of many rows: the outbox written many entries to a statement")
    {
        QString longer = csv;
        for (int i = 0; i < 260; ++i) {
            longer += QStringLiteral("客户%1,1380010%2,公司%1,,lead%1@example.com,,,,备注%1,%3,,,,%4,,\n")
                          .arg(i)
                          .arg(i, 4, 10, QLatin1Char('0'))
                          .arg(i % 3 == 0 ? QStringLiteral("甲") : QString())
                          .arg(i % 2 == 0 ? QStringLiteral("lina") : QString());
        }
        options.batchSize = 120;
        options.onDuplicate = DuplicatePolicy::Update;
        compareBothWays(options, longer);
    }
    SECTION("the pool, bulk")
    {
        options.bulk = true;
        options.assignment = {ImportAssignment::Mode::Pool, {}};
        compareBothWays(options);
    }
}
