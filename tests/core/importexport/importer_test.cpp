#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"
#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/importexport/csvreader.h"
#include "core/importexport/exporter.h"
#include "core/importexport/importer.h"
#include "core/importexport/importmapping.h"
#include "core/importexport/importrowbuilder.h"
#include "core/importexport/importundo.h"
#include "core/importexport/tablereader.h"
#include "core/reference/referencerepository.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"

#include <QBuffer>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

struct Office
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    QString teamId;

    Office()
    {
        ReferenceRepository reference(store);
        teamId = *reference.addTeam(QStringLiteral("华东一组"));
        for (const auto &[id, login, role, team] :
             {std::tuple{"s1", "boss", "supervisor", true}, std::tuple{"a1", "wangfang", "agent", true},
              std::tuple{"a2", "lina", "agent", true}, std::tuple{"a3", "other", "agent", false}}) {
            REQUIRE(reference.addAgent({QLatin1String(id), QLatin1String(login), QLatin1String(login),
                                        QLatin1String(role), team ? teamId : QString(), true}));
        }
        store.setCurrentAgentId(QStringLiteral("s1"));
    }

    Result<ImportReport> import(const QString &csv, ImportOptions options = {})
    {
        auto device = std::make_unique<QBuffer>();
        device->setData(csv.toUtf8());
        REQUIRE(device->open(QIODevice::ReadOnly));
        auto reader = CsvReader::fromDevice(std::move(device), CsvFormat{QStringLiteral("UTF-8")});
        REQUIRE(reader.ok());
        auto report = Importer(store).run(*reader.value(), options);
        if (!report)
            WARN(report.message().toStdString());
        return report;
    }

    int customers(const QString &where = QStringLiteral("1")) const
    {
        return workspace.rowCount(QStringLiteral("customers"), QStringLiteral("deleted = 0 AND ") + where);
    }

    QString idOfPhone(const QString &e164) const
    {
        QSqlQuery query(store.database());
        query.prepare(QStringLiteral("SELECT customer_id FROM phones WHERE e164 = ? AND deleted = 0"));
        query.addBindValue(e164);
        return query.exec() && query.next() ? query.value(0).toString() : QString();
    }
};

const QString list = QStringLiteral(
    "客户名称,手机号,公司,职位,邮箱,行业,省份,来源,备注\n"
    "张三,13800138000,北京甲公司,经理,zs@example.com,制造,北京,展会,老客户\n"
    "李四,139 0013 9000,上海乙公司,,,,,,\n");

} // namespace

TEST_CASE("Headers map to fields by the catalogue's Chinese and English synonyms", "[import]")
{
    const QStringList headers = {QStringLiteral("客户名称"), QStringLiteral("手机号"),
                                 QStringLiteral("Company Name"), QStringLiteral("职务"),
                                 QStringLiteral("E-mail"), QStringLiteral("所属行业"),
                                 QStringLiteral("城市"), QStringLiteral("来源"), QStringLiteral("备注"),
                                 QStringLiteral("电话"), QStringLiteral("姓名"), QStringLiteral("无关列")};
    const ImportMapping mapping = ImportMapping::guess(headers);
    CHECK(mapping.fields
          == QStringList{QStringLiteral("name"), QStringLiteral("phone"), QStringLiteral("company"),
                         QStringLiteral("title"), QStringLiteral("email"), QStringLiteral("industry"),
                         QStringLiteral("region"), QStringLiteral("source"), QStringLiteral("notes"),
                         QStringLiteral("phone"), QString(), QString()});
}

TEST_CASE("A mapping chosen for a set of headers is remembered for the next file", "[import]")
{
    TestWorkspace workspace;
    const QStringList headers = {QStringLiteral("姓名"), QStringLiteral("号码")};
    CHECK(ImportMapping::recall(workspace.store(), headers).fields == QStringList{QStringLiteral("name"), QString()});
    REQUIRE(ImportMapping::remember(workspace.store(), headers,
                                    {{QStringLiteral("name"), QStringLiteral("phone")}}).ok());
    CHECK(ImportMapping::recall(workspace.store(), headers).fields
          == QStringList{QStringLiteral("name"), QStringLiteral("phone")});
    CHECK(ImportMapping::recall(workspace.store(), {QStringLiteral("号码"), QStringLiteral("姓名")}).fields
          == QStringList{QString(), QStringLiteral("name")});
}

TEST_CASE("Phone cells: Excel's exponent form is rebuilt only when exact", "[import]")
{
    CHECK(*ImportRowBuilder::phoneText(QStringLiteral("1.3800138005E+10")) == QStringLiteral("13800138005"));
    CHECK_FALSE(ImportRowBuilder::phoneText(QStringLiteral("1.38001380005E+10")).ok());
    CHECK_FALSE(ImportRowBuilder::phoneText(QStringLiteral("1.38001E+10")).ok());
    CHECK(*ImportRowBuilder::phoneText(QStringLiteral(" 010-8888 6666 ")) == QStringLiteral("010-8888 6666"));
}

TEST_CASE("An import creates customers with contacts, phones, notes and the batch tag", "[import]")
{
    Office office;
    ImportOptions options;
    options.tag = QStringLiteral("展会2026");
    const auto report = office.import(list, options);
    REQUIRE(report.ok());
    CHECK(report->imported == 2);
    CHECK(report->failed == 0);
    CHECK_FALSE(report->batchId.isEmpty());
    const auto customer = CustomerRepository(office.store).load(office.idOfPhone(QStringLiteral("+8613800138000")));
    REQUIRE(customer);
    CHECK(customer->name == QStringLiteral("张三"));
    CHECK(customer->company == QStringLiteral("北京甲公司"));
    CHECK(customer->region == QStringLiteral("北京"));
    CHECK(customer->tags == QStringList{QStringLiteral("展会2026")});
    CHECK(customer->ownerId.isEmpty()); // no owner column, no assignment: the pool
    CHECK(office.workspace.rowCount(QStringLiteral("notes"), QStringLiteral("body = '老客户'")) == 1);
    CHECK(office.workspace.rowCount(QStringLiteral("outbox"), QStringLiteral("table_name = 'customers'")) == 2);
    CHECK(office.workspace.rowCount(QStringLiteral("import_batch_rows"), QStringLiteral("action = 'created'")) == 2);
}

TEST_CASE("Bad rows are reported with their row numbers and saved with an error column", "[import]")
{
    Office office;
    const QString csv = QStringLiteral("姓名,手机,邮箱,意向\n"
                                       "好人,13800138000,,高\n"
                                       ",13800138001,,\n"
                                       "坏号,12345,,\n"
                                       "坏邮箱,13800138002,not-an-email,\n"
                                       "截断,1.38001E+10,,\n"
                                       "意向错,13800138003,,非常高\n"
                                       ",,,\n"
                                       "无联系方式,,,\n");
    ImportOptions dry;
    dry.dryRun = true;
    const auto preview = office.import(csv, dry);
    REQUIRE(preview.ok());
    CHECK(preview->newRows == QList<int>{2});
    CHECK(preview->invalidRows == QList<int>{3, 4, 5, 6, 7, 9});
    CHECK(office.customers() == 0);
    const auto report = office.import(csv);
    REQUIRE(report.ok());
    CHECK(report->imported == 1);
    CHECK(report->failed == 6);
    REQUIRE(report->errors.size() == 6);
    CHECK(report->errors.at(1).row == 4);
    CHECK(report->errors.at(1).message.contains(QStringLiteral("12345")));
    CHECK(report->errors.at(3).message.contains(QStringLiteral("shortened")));
    CHECK(report->errors.at(4).message.contains(QStringLiteral("非常高")));

    QTemporaryDir dir;
    const QString failed = dir.filePath(QStringLiteral("failed.csv"));
    REQUIRE(Importer::saveFailedRows(*report, failed).ok());
    auto reader = CsvReader::open(failed);
    REQUIRE(reader.ok());
    QStringList cells;
    REQUIRE(reader.value()->next(cells));
    CHECK(cells.first() == QStringLiteral("Row"));
    CHECK(cells.last() == QStringLiteral("Error"));
    REQUIRE(reader.value()->next(cells));
    CHECK(cells.at(0) == QStringLiteral("3"));
    CHECK(cells.at(2) == QStringLiteral("13800138001"));
    CHECK(cells.last().contains(QStringLiteral("no name")));
}

TEST_CASE("Duplicates: inside the file and of existing customers, under each policy", "[import]")
{
    Office office;
    REQUIRE(office.import(QStringLiteral("姓名,手机,邮箱,公司\n老王,13800138000,old@example.com,旧公司\n")).ok());
    const QString existingId = office.idOfPhone(QStringLiteral("+8613800138000"));
    const QString csv = QStringLiteral("姓名,手机,邮箱,公司\n"
                                       "新人,13900139000,,\n"
                                       "新人重复,139-0013-9000,,\n"
                                       "老王,+86 138 0013 8000,,新公司\n"
                                       "老王邮箱,13700137000,OLD@example.com,\n");

    SECTION("dry run counts every kind, with its rows")
    {
        ImportOptions options;
        options.dryRun = true;
        const auto report = office.import(csv, options);
        REQUIRE(report.ok());
        CHECK(report->newRows == QList<int>{2});
        CHECK(report->duplicateInFile == QList<int>{3});
        CHECK(report->duplicateExisting == QList<int>{4, 5});
        options.onDuplicate = DuplicatePolicy::Update;
        const auto updates = office.import(csv, options);
        CHECK(updates->updateRows == QList<int>{4, 5});
    }
    SECTION("skip")
    {
        const auto report = office.import(csv);
        REQUIRE(report.ok());
        CHECK(report->imported == 1);
        CHECK(report->skipped == 3);
        CHECK(office.customers() == 2);
    }
    SECTION("update fills the existing customer and adds the new phone")
    {
        ImportOptions options;
        options.onDuplicate = DuplicatePolicy::Update;
        const auto report = office.import(csv, options);
        REQUIRE(report.ok());
        CHECK(report->imported == 1);
        CHECK(report->updated == 2);
        CHECK(office.customers() == 2);
        const auto updated = CustomerRepository(office.store).load(existingId);
        CHECK(updated->company == QStringLiteral("新公司"));
        CHECK(updated->name == QStringLiteral("老王邮箱"));
        CHECK(updated->allPhones().contains(QStringLiteral("+8613700137000")));
    }
    SECTION("create makes new customers anyway")
    {
        ImportOptions options;
        options.onDuplicate = DuplicatePolicy::Create;
        const auto report = office.import(csv, options);
        REQUIRE(report.ok());
        CHECK(report->imported == 4);
        CHECK(office.customers() == 5);
    }
}

TEST_CASE("Assignment: one owner, round-robin in a team, the pool, or the file's owner column", "[import]")
{
    Office office;
    const QString csv = QStringLiteral("姓名,手机,负责人\nA,13800000001,lina\nB,13800000002,lina\n"
                                       "C,13800000003,\nD,13800000004,nobody\n");
    SECTION("owner")
    {
        ImportOptions options;
        options.assignment = {ImportAssignment::Mode::Owner, QStringLiteral("wangfang")};
        REQUIRE(office.import(csv, options)->imported == 4);
        CHECK(office.customers(QStringLiteral("owner_id = 'a1'")) == 4);
        options.assignment.value = QStringLiteral("ghost");
        CHECK_FALSE(office.import(csv, options).ok());
    }
    SECTION("round-robin over the team's active members")
    {
        ImportOptions options;
        options.assignment = {ImportAssignment::Mode::RoundRobin, QStringLiteral("华东一组")};
        REQUIRE(office.import(csv, options)->imported == 4);
        CHECK(office.customers(QStringLiteral("owner_id = 'a1'")) == 1);
        CHECK(office.customers(QStringLiteral("owner_id = 'a2'")) == 1);
        CHECK(office.customers(QStringLiteral("owner_id = 's1'")) == 2);
    }
    SECTION("pool")
    {
        ImportOptions options;
        options.assignment = {ImportAssignment::Mode::Pool, {}};
        REQUIRE(office.import(csv, options)->imported == 4);
        CHECK(office.customers(QStringLiteral("owner_id IS NULL")) == 4);
    }
    SECTION("from the file: an unknown owner is an error on its row")
    {
        const auto report = office.import(csv);
        REQUIRE(report.ok());
        CHECK(report->imported == 3);
        CHECK(report->invalidRows == QList<int>{5});
        CHECK(office.customers(QStringLiteral("owner_id = 'a2'")) == 2);
    }
}

TEST_CASE("Agents may not import or export; supervisors may", "[import][export]")
{
    Office office;
    office.store.setCurrentAgentId(QStringLiteral("a1"));
    const auto refused = office.import(list);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.message().contains(QStringLiteral("supervisors")));
    QTemporaryDir dir;
    CHECK_FALSE(Exporter(office.store).exportCustomers(dir.filePath(QStringLiteral("x.csv")),
                                                       TableWriter::Format::Csv).ok());
    CHECK(office.customers() == 0);
}

TEST_CASE("A table a view shows is written as given and audited; agents are refused", "[export]")
{
    Office office;
    QTemporaryDir dir;
    ExportedTable table;
    table.kind = QStringLiteral("team_kpis");
    table.sheet = QStringLiteral("团队");
    table.header = {QStringLiteral("坐席"), QStringLiteral("Dials"), QStringLiteral("Connect rate")};
    table.rows = {{QStringLiteral("张伟"), qint64(3), 2.0 / 3.0},
                  {QStringLiteral("李娜, 二组"), 1, QString()}};
    table.detail = {{QStringLiteral("from"), QStringLiteral("2026-03-01")},
                    {QStringLiteral("to"), QStringLiteral("2026-03-31")}};
    Exporter exporter(office.store);
    CHECK(exporter.mayExport());

    const auto written = exporter.exportTable(dir.filePath(QStringLiteral("t.csv")),
                                              TableWriter::Format::Csv, table);
    REQUIRE(written.ok());
    CHECK(*written == 2);
    QFile csv(dir.filePath(QStringLiteral("t.csv")));
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const QByteArray bytes = csv.readAll();
    CHECK(bytes.startsWith("\xEF\xBB\xBF"));
    CHECK(QString::fromUtf8(bytes.mid(3))
          == QStringLiteral("坐席,Dials,Connect rate\r\n张伟,3,0.666666666666667\r\n"
                            "\"李娜, 二组\",1,\r\n"));
    REQUIRE(exporter.exportTable(dir.filePath(QStringLiteral("t.xlsx")), TableWriter::Format::Xlsx,
                                 table).ok());
    auto xlsx = TableReader::open(dir.filePath(QStringLiteral("t.xlsx")));
    REQUIRE(xlsx.ok());
    QStringList cells;
    REQUIRE(xlsx.value()->next(cells));
    CHECK(cells == table.header);
    REQUIRE(xlsx.value()->next(cells));
    CHECK(cells.value(0) == QStringLiteral("张伟"));
    CHECK(cells.value(1) == QStringLiteral("3"));
    REQUIRE(exporter.exportPicture(dir.filePath(QStringLiteral("c.png")), QByteArray("\x89PNG"),
                                   QStringLiteral("team_chart"), table.detail).ok());
    CHECK(QFile(dir.filePath(QStringLiteral("c.png"))).size() == 4);

    QSqlQuery audit(office.store.database());
    REQUIRE(audit.exec(QStringLiteral(
        "SELECT table_name || '|' || json_extract(detail, '$.format') || '|' || "
        "COALESCE(json_extract(detail, '$.rows'), '') || '|' || json_extract(detail, '$.from') || '|' "
        "|| COALESCE(json_extract(detail, '$.columns[2]'), '') || '|' || agent_id "
        "FROM audit_log WHERE action = 'export' ORDER BY rowid")));
    QStringList entries;
    while (audit.next())
        entries.append(audit.value(0).toString());
    CHECK(entries == QStringList{QStringLiteral("team_kpis|csv|2|2026-03-01|Connect rate|s1"),
                                 QStringLiteral("team_kpis|xlsx|2|2026-03-01|Connect rate|s1"),
                                 QStringLiteral("team_chart|png||2026-03-01||s1")});

    office.store.setCurrentAgentId(QStringLiteral("a1"));
    CHECK_FALSE(exporter.mayExport());
    CHECK_FALSE(exporter.exportTable(dir.filePath(QStringLiteral("a.csv")), TableWriter::Format::Csv,
                                     table).ok());
    CHECK_FALSE(exporter.exportPicture(dir.filePath(QStringLiteral("a.png")), QByteArray("\x89PNG"),
                                       QStringLiteral("team_chart")).ok());
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("a.csv"))));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("a.png"))));
    CHECK(office.workspace.rowCount(QStringLiteral("audit_log"), QStringLiteral("action = 'export'")) == 3);
}

TEST_CASE("Undo removes what a batch created and restores what it updated", "[import][undo]")
{
    Office office;
    REQUIRE(office.import(QStringLiteral("姓名,手机,公司\n老王,13800138000,旧公司\n")).ok());
    const QString oldId = office.idOfPhone(QStringLiteral("+8613800138000"));
    ImportOptions options;
    options.onDuplicate = DuplicatePolicy::Update;
    options.tag = QStringLiteral("第二批");
    const auto report = office.import(QStringLiteral("姓名,手机,公司\n老王,13800138000,新公司\n"
                                                     "新人,13900139000,\n另一个,13700137000,\n"),
                                      options);
    REQUIRE(report.ok());
    REQUIRE(report->updated == 1);
    REQUIRE(report->imported == 2);
    CustomerRepository repository(office.store);

    SECTION("nothing edited since: all undone")
    {
        const auto undone = ImportUndo(office.store).undo(report->batchId);
        REQUIRE(undone.ok());
        CHECK(undone->removed == 2);
        CHECK(undone->restored == 1);
        CHECK(undone->editedSince.isEmpty());
        CHECK(office.customers() == 1);
        const auto restored = repository.load(oldId);
        CHECK(restored->company == QStringLiteral("旧公司"));
        CHECK(restored->tags.isEmpty());
        CHECK_FALSE(ImportUndo(office.store).undo(report->batchId).ok()); // once only
    }
    SECTION("records edited since are listed and left alone")
    {
        Customer edited = *repository.load(office.idOfPhone(QStringLiteral("+8613900139000")));
        edited.company = QStringLiteral("手工改过");
        REQUIRE(repository.save(edited).ok());
        Customer old = *repository.load(oldId);
        old.company = QStringLiteral("又改了");
        REQUIRE(repository.save(old).ok());
        const auto undone = ImportUndo(office.store).undo(report->batchId);
        REQUIRE(undone.ok());
        CHECK(undone->removed == 1);
        CHECK(undone->restored == 0);
        REQUIRE(undone->editedSince.size() == 2);
        CHECK(undone->editedSince.at(0).row == 2);
        CHECK(undone->editedSince.at(1).name == QStringLiteral("新人"));
        CHECK(repository.load(oldId)->company == QStringLiteral("又改了"));
        CHECK(office.customers() == 2);
    }
    SECTION("agents may not undo")
    {
        office.store.setCurrentAgentId(QStringLiteral("a1"));
        CHECK_FALSE(ImportUndo(office.store).undo(report->batchId).ok());
    }
}

TEST_CASE("Export then import into a fresh workspace gives the same customers", "[import][export]")
{
    QTemporaryDir dir;
    for (const auto format : {TableWriter::Format::Csv, TableWriter::Format::Xlsx}) {
        Office source;
        ImportOptions options;
        options.assignment = {ImportAssignment::Mode::Owner, QStringLiteral("lina")};
        REQUIRE(source.import(QStringLiteral("姓名,手机,公司,邮箱,意向,标签,金额\n"
                                             "张三,13800138000,\"甲,公司\",zs@example.com,高,VIP,1200.5\n"
                                             "李四,13900139000;01088886666,乙公司,,中,,0\n"),
                              options)->imported == 2);
        const QString path = dir.filePath(format == TableWriter::Format::Csv ? QStringLiteral("c.csv")
                                                                             : QStringLiteral("c.xlsx"));
        const auto exported = Exporter(source.store).exportCustomers(path, format);
        REQUIRE(exported.ok());
        CHECK(*exported == 2);
        CHECK(source.workspace.rowCount(QStringLiteral("audit_log"), QStringLiteral("action = 'export'")) == 1);

        Office target;
        auto reader = TableReader::open(path);
        REQUIRE(reader.ok());
        const auto imported = Importer(target.store).run(*reader.value(), {});
        REQUIRE(imported.ok());
        CHECK(imported->imported == 2);
        CHECK(imported->failed == 0);
        for (const QString &phone : {QStringLiteral("+8613800138000"), QStringLiteral("+8613900139000")}) {
            const auto a = CustomerRepository(source.store).load(source.idOfPhone(phone));
            const auto b = CustomerRepository(target.store).load(target.idOfPhone(phone));
            REQUIRE(a);
            REQUIRE(b);
            CHECK(a->name == b->name);
            CHECK(a->company == b->company);
            CHECK(a->email == b->email);
            CHECK(a->intent == b->intent);
            CHECK(a->ownerId == b->ownerId);
            CHECK(a->amount == b->amount);
            CHECK(a->tags == b->tags);
            CHECK(a->allPhones() == b->allPhones());
        }
    }
}

TEST_CASE("Rows are written in batches; a batch with a row the workspace refuses is written again "
          "row by row, keeping the good rows",
          "[import]")
{
    Office office;
    QSqlQuery trigger(office.store.database());
    REQUIRE(trigger.exec(QStringLiteral(
        "CREATE TEMP TRIGGER refuse_bad BEFORE INSERT ON customers WHEN NEW.name = '拒绝' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the workspace'); END")));
    const QString csv = QStringLiteral("姓名,手机,备注\n"
                                       "甲,13800000001,第一\n"
                                       "乙,13800000002,\n"
                                       "丙,13800000003,\n"
                                       "拒绝,13800000004,坏行\n"
                                       "丁,13800000005,\n");
    ImportOptions options;
    options.batchSize = 2;
    const auto report = office.import(csv, options);
    REQUIRE(report.ok());
    CHECK(report->imported == 4);
    CHECK(report->failed == 1);
    CHECK(report->newRows == QList<int>{2, 3, 4, 6});
    CHECK(report->invalidRows == QList<int>{5});
    REQUIRE(report->errors.size() == 1);
    CHECK(report->errors.first().row == 5);
    CHECK(report->errors.first().message.contains(QStringLiteral("refused by the workspace")));
    CHECK(office.customers() == 4);
    CHECK(office.customers(QStringLiteral("name = '丙'")) == 1); // the refused row's batch-mate
    // Nothing of the refused row is left: no phone, no note, no outbox entry, no batch row.
    CHECK(office.idOfPhone(QStringLiteral("+8613800000004")).isEmpty());
    CHECK(office.workspace.rowCount(QStringLiteral("notes"), QStringLiteral("body = '坏行'")) == 0);
    CHECK(office.workspace.rowCount(QStringLiteral("outbox"), QStringLiteral("table_name = 'customers'")) == 4);
    CHECK(office.workspace.rowCount(QStringLiteral("import_batch_rows"), QStringLiteral("batch_id = '%1'").arg(report->batchId)) == 4);
    // The batch undoes whole.
    auto undone = ImportUndo(office.store).undo(report->batchId);
    REQUIRE(undone.ok());
    CHECK(office.customers() == 0);
}

TEST_CASE("Imported leads fire the \"lead imported\" rule trigger; customers made otherwise do not",
          "[import][rules]")
{
    Office office;
    RuleRunner runner(office.store);
    runner.install();
    Rule rule;
    rule.name = QStringLiteral("导入线索加标签");
    rule.trigger = {RuleTriggerKind::LeadImported, {}, {}};
    rule.condition = QStringLiteral("true");
    rule.actions = {RuleAction{RuleActionKind::AddTag, {{QStringLiteral("tag"), QStringLiteral("新导入")}}}};
    REQUIRE(RuleRepository(office.store).save(rule));

    Customer typed;
    typed.name = QStringLiteral("手工录入");
    typed.contacts.append(Contact{{}, typed.name, {}, {}, true, {ContactPhone{{}, QStringLiteral("13900000009"), {}}}});
    const auto typedId = CustomerRepository(office.store).create(typed);
    REQUIRE(typedId.ok());

    ImportOptions options;
    options.batchSize = 2;
    const auto report = office.import(QStringLiteral("姓名,手机\n甲,13800000001\n乙,13800000002\n丙,13800000003\n"), options);
    REQUIRE(report.ok());
    REQUIRE(report->imported == 3);
    const auto tagged = [&](const QString &id) {
        const auto customer = CustomerRepository(office.store).load(id);
        return customer && customer->tags.contains(QStringLiteral("新导入"));
    };
    CHECK(tagged(office.idOfPhone(QStringLiteral("+8613800000001"))));
    CHECK(tagged(office.idOfPhone(QStringLiteral("+8613800000002"))));
    CHECK(tagged(office.idOfPhone(QStringLiteral("+8613800000003"))));
    CHECK_FALSE(tagged(*typedId));
    CHECK(office.workspace.rowCount(QStringLiteral("rule_runs")) == 3);
}
