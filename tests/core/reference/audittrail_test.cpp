#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/reference/audittrail.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

TEST_CASE("An export is recorded in the audit log and queued for the server with its details",
          "[audit]")
{
    GIVEN("a signed-in workspace")
    {
        TestWorkspace workspace;
        workspace.store().setCurrentAgentId(QStringLiteral("a1"));
        AuditTrail trail(workspace.store());

        WHEN("an export is recorded")
        {
            REQUIRE(trail.record(QStringLiteral("export"), QStringLiteral("customers"), QString(),
                                 {{QStringLiteral("format"), QStringLiteral("xlsx")},
                                  {QStringLiteral("rows"), 40}})
                        .message()
                    == QString());

            THEN("the entry and its outbox entry are written together")
            {
                QSqlQuery row(workspace.store().database());
                REQUIRE(row.exec(QStringLiteral(
                    "SELECT action, table_name, agent_id, detail, workstation FROM audit_log")));
                REQUIRE(row.next());
                CHECK(row.value(0).toString() == QStringLiteral("export"));
                CHECK(row.value(1).toString() == QStringLiteral("customers"));
                CHECK(row.value(2).toString() == QStringLiteral("a1"));
                const QJsonObject detail
                    = QJsonDocument::fromJson(row.value(3).toString().toUtf8()).object();
                CHECK(detail.value(QStringLiteral("format")).toString() == QStringLiteral("xlsx"));
                CHECK(detail.value(QStringLiteral("rows")).toInt() == 40);
                CHECK(row.value(4).toString() == workspace.store().clientId());
                CHECK(workspace.rowCount(QStringLiteral("outbox"),
                                         QStringLiteral("table_name = 'audit_log' AND op = 'insert'"))
                      == 1);
            }
        }
        WHEN("an action the server records itself is given")
        {
            const Status refused
                = trail.record(QStringLiteral("reassign"), QStringLiteral("customers"),
                               QStringLiteral("c1"));
            THEN("nothing is written and the reason says who records it")
            {
                CHECK(refused.message().contains(QStringLiteral("by the server")));
                CHECK(workspace.rowCount(QStringLiteral("audit_log")) == 0);
                CHECK(workspace.rowCount(QStringLiteral("outbox")) == 0);
            }
        }
        WHEN("an action the log does not know is written directly")
        {
            QSqlQuery bad(workspace.store().database());
            THEN("the workspace refuses it as the server would")
            {
                CHECK_FALSE(bad.exec(QStringLiteral(
                    "INSERT INTO audit_log(id, at, action) VALUES ('x', 1, 'coffee')")));
            }
        }
    }
}
