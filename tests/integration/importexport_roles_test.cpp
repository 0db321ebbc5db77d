// Imports and exports are supervisors' and admins' work (SPEC §2.8), decided by the server by the
// role it knows for the login: through the client's own services (whatever role its cache
// holds) and with plain SQL under an agent's own login.
#include "rolesworld.h"

#include "core/importexport/csvreader.h"
#include "core/importexport/exporter.h"
#include "core/importexport/importer.h"
#include "core/sync/refusalreason.h"
#include "core/sync/serverexportclearance.h"
#include "core/sync/servergateway.h"

#include <catch2/catch.hpp>

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

Result<ImportReport> import(SyncClient &client, const QString &csv, ImportOptions options)
{
    auto device = std::make_unique<QBuffer>();
    device->setData(csv.toUtf8());
    REQUIRE(device->open(QIODevice::ReadOnly));
    auto reader = CsvReader::fromDevice(std::move(device), CsvFormat{QStringLiteral("UTF-8")});
    REQUIRE(reader.ok());
    return Importer(client.store()).run(*reader.value(), options);
}

// What the server shows of a customer found by its phone (as the superuser).
QString serverCustomer(SyncServer &server, const QString &e164, const QString &column)
{
    return server.value(QStringLiteral("SELECT c.%1 FROM customers c JOIN phones p ON "
                                       "p.customer_id = c.id WHERE p.e164 = ?")
                            .arg(column),
                        {e164});
}

// The reasons of the client's refused changes, each once.
QStringList refusals(SyncClient &client)
{
    QStringList reasons;
    QSqlQuery query(client.store().database());
    REQUIRE(query.exec(QStringLiteral("SELECT DISTINCT reason FROM outbox_rejected ORDER BY 1")));
    while (query.next())
        reasons.append(query.value(0).toString());
    return reasons;
}

// The local cache of a client that believes its user may import and export: a supervisor
// demoted on the server whose cache has not pulled the change yet, or a cache edited by hand.
void believeSupervisor(SyncClient &client, const QString &agentId)
{
    QSqlQuery query(client.store().database());
    query.prepare(QStringLiteral("UPDATE agents SET role = 'supervisor' WHERE id = ?"));
    query.addBindValue(agentId);
    REQUIRE(query.exec());
}

QJsonObject pushOne(ServerConnection &connection, const QString &clientId, const QString &json)
{
    ServerGateway gateway(connection);
    auto results = gateway.push(clientId, QJsonArray{QJsonDocument::fromJson(json.toUtf8()).object()});
    REQUIRE(results.message() == QString());
    return results->at(0).toObject();
}

QString importRefused()
{
    return RefusalReason::explain(QStringLiteral("import_role"), QString());
}

QString exportRefused()
{
    return RefusalReason::explain(QStringLiteral("export_role"), QString());
}

} // namespace

TEST_CASE("the server keeps a supervisor's import with one audit entry, and refuses an "
          "agent's on both write paths, creates and updates, whatever the agent's cache says",
          "[importexport][roles][security]")
{
    RolesWorld world;
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(li);
    syncOk(wang);

    // GIVEN a supervisor's import of two leads for wang
    ImportOptions forWang;
    forWang.assignment = {ImportAssignment::Mode::Owner, QStringLiteral("wang")};
    forWang.tag = QStringLiteral("Expo");
    forWang.fileName = QStringLiteral("expo.csv");
    auto first = import(li,
                        QStringLiteral("name,phone,company\n"
                                       "Alpha,13800138001,Alpha Co\n"
                                       "Beta,13800138002,Beta Co\n"),
                        forWang);
    REQUIRE(first.message() == QString());
    REQUIRE(first->imported == 2);

    // WHEN it syncs
    auto report = li.sync();
    REQUIRE(report.message() == QString());

    // THEN the server keeps the customers, their phones and tags, and one audit entry with the
    // batch's counts as li's
    CHECK(report->rejected == 0);
    CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138001"), QStringLiteral("company"))
          == QStringLiteral("Alpha Co"));
    CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138002"), QStringLiteral("owner_id"))
          == world.id(QStringLiteral("wang")));
    CHECK(world.server().value(QStringLiteral(
              "SELECT count(*) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
              "WHERE t.name = 'Expo'"))
          == QStringLiteral("2"));
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(login || '/' || row_id, ',') FROM audit_log WHERE action = 'import'"))
          == QStringLiteral("li/") + first->batchId);
    const QJsonObject detail = QJsonDocument::fromJson(
        world.server()
            .value(QStringLiteral("SELECT detail FROM audit_log WHERE action = 'import'"))
            .toUtf8()).object();
    CHECK(detail.value(QStringLiteral("imported")).toInt() == 2);
    CHECK(detail.value(QStringLiteral("file")).toString() == QStringLiteral("expo.csv"));
    // AND the server knows which customers the batch made, so they are told from typed ones
    const auto importRows = [&world] {
        return world.server().value(QStringLiteral(
            "SELECT coalesce(string_agg(r.login || '/' || r.op || '/' || c.name, ',' "
            "ORDER BY c.name, r.op), '') FROM sync.import_rows r "
            "JOIN customers c ON c.id = r.customer_id"));
    };
    CHECK(importRows() == QStringLiteral("li/insert/Alpha,li/insert/Beta"));

    SECTION("an agent whose cache says supervisor: a create (direct writer) and an update "
            "(repository) of his own customer")
    {
        syncOk(wang); // he now holds Alpha and Beta, his own customers
        believeSupervisor(wang, world.id(QStringLiteral("wang")));
        ImportOptions update;
        update.onDuplicate = DuplicatePolicy::Update;
        update.assignment = {ImportAssignment::Mode::Owner, QStringLiteral("wang")}; // his own
        auto second = import(wang,
                             QStringLiteral("name,phone,company\n"
                                            "Alpha,13800138001,Alpha Renamed\n"
                                            "Gamma,13800138003,Gamma Co\n"),
                             update);
        REQUIRE(second.message() == QString());
        REQUIRE(second->imported == 1);
        REQUIRE(second->updated == 1);

        report = wang.sync();
        REQUIRE(report.message() == QString());

        // Nothing of it lands: not the new lead, not the change to his own customer, not the
        // batch's audit entry; and he is told why.
        CHECK(report->rejected > 0);
        CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138003"),
                             QStringLiteral("id")) == QString());
        CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138001"),
                             QStringLiteral("company")) == QStringLiteral("Alpha Co"));
        CHECK(world.server().value(QStringLiteral(
                  "SELECT count(*) FROM audit_log WHERE action = 'import'")) == QStringLiteral("1"));
        CHECK(refusals(wang) == QStringList{importRefused()});
        CHECK(wang.outboxCount() == 0);
        CHECK(importRows() == QStringLiteral("li/insert/Alpha,li/insert/Beta"));

        // An edit by hand of the same customer is his to make.
        REQUIRE(wang.writer()
                    .update(QStringLiteral("customers"),
                            serverCustomer(world.server(), QStringLiteral("+8613800138001"),
                                           QStringLiteral("id")),
                            {{QStringLiteral("company"), QStringLiteral("By Hand")}})
                    .message() == QString());
        syncOk(wang);
        CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138001"),
                             QStringLiteral("company")) == QStringLiteral("By Hand"));
    }

    SECTION("a supervisor demoted on the server before his cache knows it: creates through the "
            "repository path")
    {
        REQUIRE(world.server().admin().exec(
            QStringLiteral("SELECT sync.user_set_role('li', 'agent')")));
        ImportOptions slow;
        slow.directInsert = false;
        slow.assignment = {ImportAssignment::Mode::Owner, QStringLiteral("li")}; // his own
        auto second = import(li, QStringLiteral("name,phone\nDelta,13800138004\n"), slow);
        REQUIRE(second.message() == QString());
        REQUIRE(second->imported == 1);

        report = li.sync();
        REQUIRE(report.message() == QString());

        CHECK(report->rejected > 0);
        CHECK(serverCustomer(world.server(), QStringLiteral("+8613800138004"),
                             QStringLiteral("id")) == QString());
        CHECK(world.server().value(QStringLiteral(
                  "SELECT count(*) FROM audit_log WHERE action = 'import'")) == QStringLiteral("1"));
        CHECK(refusals(li) == QStringList{importRefused()});
        CHECK(importRows() == QStringLiteral("li/insert/Alpha,li/insert/Beta"));
    }
}

TEST_CASE("with plain SQL under an agent's own login, an import-origin change, an import or "
          "export audit entry and the export function are refused; a supervisor's pass until "
          "he is demoted",
          "[importexport][roles][security]")
{
    RolesWorld world;
    auto wang = world.connect(QStringLiteral("wang"));
    const QString wangId = world.id(QStringLiteral("wang"));

    // An agent creating a customer by hand is allowed; the same change marked as an import's
    // is not, nor an import's update of his own customer.
    const QString create = QStringLiteral(
        R"({"mutation_id":"m-%1","table":"customers","row_id":"c-%1","op":"insert",%2)"
        R"("fields":{"name":"Hand","owner_id":"%3","created_at":1}})");
    CHECK(pushOne(*wang, QStringLiteral("wang-pc"), create.arg(QStringLiteral("1"), QString(), wangId))
              .value(QStringLiteral("status")).toString() == QStringLiteral("applied"));
    const QJsonObject imported = pushOne(
        *wang, QStringLiteral("wang-pc"),
        create.arg(QStringLiteral("2"), QStringLiteral(R"("import_batch":"b1",)"), wangId));
    CHECK(imported.value(QStringLiteral("status")).toString() == QStringLiteral("rejected"));
    CHECK(imported.value(QStringLiteral("code")).toString() == QStringLiteral("import_role"));
    const QJsonObject updated = pushOne(
        *wang, QStringLiteral("wang-pc"),
        QStringLiteral(R"({"mutation_id":"m-3","table":"customers","row_id":"w1","op":"update",)"
                       R"("import_batch":"b1","fields":{"company":"Imported"}})"));
    CHECK(updated.value(QStringLiteral("code")).toString() == QStringLiteral("import_role"));
    const QJsonObject note = pushOne(
        *wang, QStringLiteral("wang-pc"),
        QStringLiteral(R"({"mutation_id":"m-4","table":"notes","row_id":"n-4","op":"insert",)"
                       R"("import_batch":"b1","fields":{"customer_id":"w1","body":"x","created_at":1}})"));
    CHECK(note.value(QStringLiteral("code")).toString() == QStringLiteral("import_role"));
    const QString audit = QStringLiteral(
        R"({"mutation_id":"a-%1","table":"audit_log","row_id":"a-%1","op":"insert",)"
        R"("fields":{"action":"%2","table_name":"customers","detail":"{}"}})");
    CHECK(pushOne(*wang, QStringLiteral("wang-pc"), audit.arg(QStringLiteral("1"), QStringLiteral("import")))
              .value(QStringLiteral("code")).toString() == QStringLiteral("import_role"));
    CHECK(pushOne(*wang, QStringLiteral("wang-pc"), audit.arg(QStringLiteral("2"), QStringLiteral("export")))
              .value(QStringLiteral("code")).toString() == QStringLiteral("export_role"));
    CHECK(wang->exec(QStringLiteral("SELECT count(*) FROM sync.import_rows"))
              .message()
              .startsWith(QLatin1String("permission denied")));
    auto cleared = wang->exec(
        QStringLiteral("SELECT sync.export_clearance('customers', '{\"rows\": 3}')"));
    CHECK(cleared.message() == QStringLiteral("Exports are for supervisors and administrators."));
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'c-2'"))
          == QStringLiteral("0"));
    CHECK(world.server().value(QStringLiteral("SELECT coalesce(company, '') FROM customers WHERE id = 'w1'"))
          == QString());
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM notes WHERE id = 'n-4'"))
          == QStringLiteral("0"));
    CHECK(world.server().value(QStringLiteral(
              "SELECT count(*) FROM audit_log WHERE action IN ('import', 'export')"))
          == QStringLiteral("0"));

    // A supervisor's import-origin change, audit entries and export are kept, as his.
    auto li = world.connect(QStringLiteral("li"));
    REQUIRE(li->exec(QStringLiteral("SELECT set_config('leadline.client_id', 'li-pc', false)")));
    CHECK(pushOne(*li, QStringLiteral("li-pc"),
                  create.arg(QStringLiteral("5"), QStringLiteral(R"("import_batch":"b2",)"), wangId))
              .value(QStringLiteral("status")).toString() == QStringLiteral("applied"));
    CHECK(pushOne(*li, QStringLiteral("li-pc"), audit.arg(QStringLiteral("5"), QStringLiteral("import")))
              .value(QStringLiteral("status")).toString() == QStringLiteral("applied"));
    REQUIRE(li->exec(QStringLiteral("SELECT sync.export_clearance('customers', '{\"rows\": 3}')")));
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(action || '/' || login || '/' || agent_id || '/' || workstation, "
              "',' ORDER BY action) FROM audit_log WHERE action IN ('import', 'export')"))
          == QStringLiteral("export/li/%1/li-pc,import/li/%1/li-pc").arg(world.id(QStringLiteral("li"))));

    // Demoted on the server, he is refused at once, on his open session too.
    REQUIRE(world.server().admin().exec(QStringLiteral("SELECT sync.user_set_role('li', 'agent')")));
    CHECK(li->exec(QStringLiteral("SELECT sync.export_clearance('customers', '{}')")).message()
          == QStringLiteral("Exports are for supervisors and administrators."));
    CHECK(pushOne(*li, QStringLiteral("li-pc"),
                  create.arg(QStringLiteral("6"), QStringLiteral(R"("import_batch":"b3",)"), wangId))
              .value(QStringLiteral("code")).toString() == QStringLiteral("import_role"));
    CHECK(world.server().value(QStringLiteral(
              "SELECT count(*) FROM audit_log WHERE action IN ('import', 'export')"))
          == QStringLiteral("2"));
}

TEST_CASE("an export asks the server first: a supervisor's is recorded there once, an agent's "
          "(whatever his cache says) writes no file; offline the export is queued and a role "
          "revoked meanwhile is refused at the next sync",
          "[importexport][roles][security]")
{
    RolesWorld world;
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(li);
    syncOk(wang);
    QTemporaryDir folder;
    REQUIRE(folder.isValid());
    const auto exports = [&world] {
        return world.server().value(QStringLiteral(
            "SELECT coalesce(string_agg(login || '/' || table_name || '/' || "
            "(detail::jsonb ->> 'rows'), ',' ORDER BY at), '') FROM audit_log "
            "WHERE action = 'export'"));
    };

    // GIVEN a supervisor online: the server records the export before the file is written
    ServerExportClearance liServer(li.url(), li.store().clientId());
    Exporter liExporter(li.store());
    liExporter.setClearance(&liServer);
    const QString liFile = folder.filePath(QStringLiteral("li.csv"));
    auto written = liExporter.exportCustomers(liFile, TableWriter::Format::Csv);
    REQUIRE(written.message() == QString());
    CHECK(QFile::exists(liFile));
    CHECK(exports() == QStringLiteral("li/customers/%1").arg(*written));
    CHECK(li.outboxCount() == 0); // not recorded twice

    // AND an agent whose cache says supervisor: refused, no file, nothing recorded
    believeSupervisor(wang, world.id(QStringLiteral("wang")));
    ServerExportClearance wangServer(wang.url(), wang.store().clientId());
    Exporter wangExporter(wang.store());
    wangExporter.setClearance(&wangServer);
    const QString wangFile = folder.filePath(QStringLiteral("wang.xlsx"));
    CHECK(wangExporter.exportCalls(wangFile, TableWriter::Format::Xlsx).message() == exportRefused());
    ExportedTable kpis;
    kpis.kind = QStringLiteral("team_kpis");
    kpis.sheet = QStringLiteral("KPIs");
    kpis.header = QStringList{QStringLiteral("Agent")};
    kpis.rows.append(QVariantList{QStringLiteral("wang")});
    CHECK(wangExporter.exportTable(wangFile, TableWriter::Format::Csv, kpis).message()
          == exportRefused());
    CHECK_FALSE(QFile::exists(wangFile));
    CHECK(wang.outboxCount() == 0);

    // WHEN the server cannot be reached: the supervisor's export is written and its entry queued
    ServerUrl nowhere = li.url();
    nowhere.port = 1;
    ServerExportClearance offline(nowhere, li.store().clientId());
    liExporter.setClearance(&offline);
    auto calls = liExporter.exportCalls(folder.filePath(QStringLiteral("calls.csv")),
                                        TableWriter::Format::Csv);
    REQUIRE(calls.message() == QString());
    CHECK(li.outboxCount() == 1);
    syncOk(li);
    const QString recorded = QStringLiteral("li/customers/%1,li/calls/%2").arg(*written).arg(*calls);
    CHECK(exports() == recorded);

    // THEN after he is demoted on the server, an offline export his cache still allows is
    // refused at the next sync, with the reason, and the server records nothing
    REQUIRE(world.server().admin().exec(QStringLiteral("SELECT sync.user_set_role('li', 'agent')")));
    REQUIRE(liExporter.exportCustomers(folder.filePath(QStringLiteral("late.csv")),
                                       TableWriter::Format::Csv).message() == QString());
    auto report = li.sync();
    REQUIRE(report.message() == QString());
    CHECK(report->rejected == 1);
    CHECK(refusals(li) == QStringList{exportRefused()});
    CHECK(exports() == recorded);
}

TEST_CASE("leadline export --db asks the server as the GUI does: an agent whose cache says "
          "supervisor gets the server's refusal and no file, a supervisor's export is recorded",
          "[importexport][roles][security]")
{
    RolesWorld world;
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(li);
    syncOk(wang);
    believeSupervisor(wang, world.id(QStringLiteral("wang")));
    QTemporaryDir folder;
    REQUIRE(folder.isValid());
    const auto run = [](SyncClient &client, const QString &out) {
        QProcess process;
        const ServerUrl url = client.url();
        process.start(QStringLiteral(LEADLINE_BINARY),
                      {QStringLiteral("export"), QStringLiteral("customers"),
                       QStringLiteral("--workspace"), client.workspace().path(),
                       QStringLiteral("--out"), out, QStringLiteral("--db"), url.display(),
                       QStringLiteral("--login"), url.user, QStringLiteral("--password"),
                       url.password});
        REQUIRE(process.waitForFinished(60000));
        return std::pair{process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
    };

    const QString wangFile = folder.filePath(QStringLiteral("wang.csv"));
    const auto [wangExit, wangError] = run(wang, wangFile);
    CHECK(wangExit == 1);
    CHECK(wangError.contains(exportRefused()));
    CHECK_FALSE(QFile::exists(wangFile));

    const QString liFile = folder.filePath(QStringLiteral("li.csv"));
    const auto [liExit, liError] = run(li, liFile);
    CHECK(liExit == 0);
    CHECK(liError == QString());
    CHECK(QFile::exists(liFile));
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(login || '/' || action || '/' || workstation, ',') FROM audit_log "
              "WHERE action IN ('import', 'export')"))
          == QStringLiteral("li/export/") + li.store().clientId());
    CHECK(li.outboxCount() == 0);
}
