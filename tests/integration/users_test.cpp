// Users managed by administrators ("leadline user ..."), the audit log, and addresses that must
// never show a password.
#include "rolesworld.h"

#include "core/sync/servergateway.h"
#include "core/sync/serverurl.h"
#include "core/sync/serverusers.h"
#include "core/sync/useradministration.h"
#include "ui/services.h"
#include "ui/usersmodel.h"
#include "ui/usersview.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTreeView>

#include <catch2/catch.hpp>

using namespace Leadline;
using namespace Leadline::Test;

namespace {

void syncOk(SyncClient &client)
{
    auto report = client.sync();
    REQUIRE(report.message() == QString());
}

} // namespace

TEST_CASE("an administrator manages users with his own login: list, disable, enable, role, team, "
          "password",
          "[users]")
{
    RolesWorld world;
    auto boss = world.connect(QStringLiteral("boss"));

    auto users = ServerUsers::list(*boss);
    REQUIRE(users.message() == QString());
    QStringList rows;
    for (const ServerUserInfo &user : *users)
        rows.append(QStringLiteral("%1:%2:%3:%4")
                        .arg(user.login, user.role, user.team)
                        .arg(user.active ? 1 : 0));
    CHECK(rows.join(QLatin1Char(','))
          == QStringLiteral("boss:admin:HQ:1,li:supervisor:North:1,sun:agent:South:1,"
                            "wang:agent:North:1,zhao:agent:North:1"));

    REQUIRE(ServerUsers::add(*boss, {QStringLiteral("new.hire"), QStringLiteral("first-password"),
                                     QStringLiteral("agent"), QStringLiteral("West"),
                                     QStringLiteral("新人")})
                .message()
            == QString());
    REQUIRE(ServerUsers::setRole(*boss, QStringLiteral("new.hire"), QStringLiteral("supervisor"))
                .message()
            == QString());
    REQUIRE(
        ServerUsers::setTeam(*boss, QStringLiteral("new.hire"), QStringLiteral("North")).message()
        == QString());
    REQUIRE(ServerUsers::setPassword(*boss, QStringLiteral("new.hire"),
                                     QStringLiteral("second-password"))
                .message()
            == QString());
    CHECK(world.server().value(QStringLiteral(
              "SELECT a.role || '/' || t.name FROM agents a JOIN teams t ON t.id = a.team_id "
              "WHERE a.login = 'new.hire'"))
          == QStringLiteral("supervisor/North"));
    ServerUrl url = world.server().urlFor(QStringLiteral("new.hire"));
    CHECK_FALSE(ServerConnection::open(
        url.withLogin(QStringLiteral("new.hire"), QStringLiteral("first-password"))));
    CHECK(ServerConnection::open(
        url.withLogin(QStringLiteral("new.hire"), QStringLiteral("second-password"))));

    // Mistakes and abuse get a one-line reason.
    CHECK(ServerUsers::setRole(*boss, QStringLiteral("boss"), QStringLiteral("agent")).message()
          == QStringLiteral("You cannot take the administrator role from yourself."));
    CHECK(ServerUsers::setActive(*boss, QStringLiteral("boss"), false).message()
          == QStringLiteral("You cannot disable your own account."));
    CHECK(ServerUsers::setActive(*boss, QStringLiteral("nobody"), false).message()
          == QStringLiteral("There is no user nobody."));
    CHECK(ServerUsers::add(*boss, {QStringLiteral("postgres"), QStringLiteral("taken-over"),
                                   QStringLiteral("agent"), QString(), QStringLiteral("X")})
              .message()
          == QStringLiteral("The login postgres is reserved."));
    REQUIRE(world.server().admin().execScript(QStringLiteral("CREATE ROLE maintenance LOGIN")));
    CHECK(ServerUsers::add(*boss, {QStringLiteral("maintenance"), QStringLiteral("taken-over"),
                                   QStringLiteral("agent"), QString(), QStringLiteral("X")})
              .message()
              .contains(QStringLiteral("belongs to a server role that is not a Leadline user")));
    auto li = world.connect(QStringLiteral("li"));
    CHECK(ServerUsers::list(*li).message() == QStringLiteral("Only administrators manage users."));
    CHECK(ServerUsers::setRole(*li, QStringLiteral("li"), QStringLiteral("admin")).message()
          == QStringLiteral("Only administrators manage users."));

    // Every change is in the audit log, with who made it.
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(action, ',' ORDER BY action) FROM audit_log "
              "WHERE login = 'boss' AND row_id = (SELECT id FROM agents WHERE login = 'new.hire')"))
          == QStringLiteral("role,team,user,user"));
}

TEST_CASE("moving an agent to another team moves his customers between the supervisors' caches",
          "[users][sync]")
{
    RolesWorld world;
    world.server().addUser(QStringLiteral("liu"), QStringLiteral("supervisor"),
                           QStringLiteral("South"));
    SyncClient north(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    SyncClient south(world.server(), QStringLiteral("liu"), QString());
    REQUIRE(south.store().setStateValue(QStringLiteral("agent_id"), QStringLiteral("")));
    syncOk(north);
    syncOk(south);
    CHECK(north.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'w1'"))
          == QStringLiteral("1"));
    CHECK(north.value(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = 'w1'"))
          == QStringLiteral("2"));
    CHECK(south.value(QStringLiteral("SELECT count(*) FROM customers WHERE id = 'w1'"))
          == QStringLiteral("0"));

    auto boss = world.connect(QStringLiteral("boss"));
    REQUIRE(ServerUsers::setTeam(*boss, QStringLiteral("wang"), QStringLiteral("South")).message()
            == QString());
    syncOk(north);
    syncOk(south);

    CHECK(north.value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ?"),
                      {world.id(QStringLiteral("wang"))})
          == QStringLiteral("0"));
    CHECK(north.value(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = 'w1'"))
          == QStringLiteral("0"));
    CHECK(south.value(QStringLiteral("SELECT count(*) FROM customers WHERE owner_id = ?"),
                      {world.id(QStringLiteral("wang"))})
          == QStringLiteral("6"));
    CHECK(south.value(QStringLiteral("SELECT count(*) FROM notes WHERE customer_id = 'w1'"))
          == QStringLiteral("2"));
    // The pool and the rest of the old team stay where they were.
    CHECK(north.value(QStringLiteral(
              "SELECT group_concat(id, ',') FROM (SELECT id FROM customers ORDER BY id)"))
          == QStringLiteral("p1,p2,p3,z1"));
}

TEST_CASE("the audit log records sensitive actions and nobody can change or delete it",
          "[users][security]")
{
    RolesWorld world;
    SyncClient li(world.server(), QStringLiteral("li"), world.id(QStringLiteral("li")));
    syncOk(li);
    REQUIRE(li.writer().update(QStringLiteral("customers"), QStringLiteral("z1"),
                               {{QStringLiteral("owner_id"), world.id(QStringLiteral("wang"))}}));
    REQUIRE(li.writer().remove(QStringLiteral("customers"), QStringLiteral("x1")));
    li.disconnect(); // a second session: its sign-in is recorded too
    syncOk(li);

    CHECK(world.server().value(QStringLiteral("SELECT string_agg(action || ':' || row_id, ',' "
                                              "ORDER BY action, row_id) FROM audit_log "
                                              "WHERE login = 'li'"))
          == QStringLiteral("delete:x1,reassign:z1,sign_in:,sign_in:"));
    CHECK(world.server().value(QStringLiteral(
              "SELECT string_agg(DISTINCT workstation, ',') FROM audit_log WHERE login = 'li'"))
          == li.store().clientId());
    // Read under row-level security: the supervisor's own entries, none of them for an agent.
    CHECK(*world.connect(QStringLiteral("li"))
               ->scalar(QStringLiteral("SELECT count(*) FROM audit_log"))
          == QStringLiteral("4"));
    auto wang = world.connect(QStringLiteral("wang"));
    CHECK(*wang->scalar(QStringLiteral("SELECT count(*) FROM audit_log")) == QStringLiteral("0"));

    // Append-only for everyone, the superuser included.
    CHECK(world.server()
              .admin()
              .exec(QStringLiteral("UPDATE audit_log SET action = 'claim'"))
              .message()
          == QStringLiteral(
              "the audit log is append-only: its entries cannot be changed or deleted"));
    CHECK_FALSE(world.server().admin().exec(QStringLiteral("DELETE FROM audit_log")));
    CHECK_FALSE(world.server().admin().execScript(QStringLiteral("TRUNCATE audit_log")));
    CHECK(world.server().value(QStringLiteral("SELECT count(*) FROM audit_log WHERE login = 'li'"))
          == QStringLiteral("4"));
}

TEST_CASE("a malformed server address never shows its password", "[users][security]")
{
    const QString secret = QStringLiteral("s3cr3t-pw");
    const QStringList addresses = {
        QStringLiteral("postgresql://boss:%1@host:99999/leadline"),
        QStringLiteral("postgresql://boss:%1@host:port/leadline"),
        QStringLiteral("postgresql://boss:%1@ho st/leadline"),
        QStringLiteral("postgresql://boss:%1@[::1/leadline"),
        QStringLiteral("postgresql://boss:%1@host"),
        QStringLiteral("mysql://boss:%1@host/leadline"),
        QStringLiteral("postgresql://boss:%1@host/leadline?sslmode=sometimes"),
        QStringLiteral("boss:%1@host/leadline"),
        QStringLiteral("postgresql://boss:%1%@host/leadline"),
    };
    for (const QString &address : addresses) {
        const QString text = address.arg(secret);
        INFO(text.toStdString());
        auto parsed = ServerUrl::parse(text);
        auto opened = ServerConnection::open(text);
        CHECK_FALSE(opened);
        CHECK_FALSE(opened.message().contains(secret));
        if (!parsed)
            CHECK_FALSE(parsed.message().contains(secret));
    }
    // A well-formed address with a wrong password or an unreachable host: no password either.
    auto wrong = ServerConnection::open(
        QStringLiteral("postgresql://nobody:%1@127.0.0.1:%2/leadline?sslmode=disable")
            .arg(secret)
            .arg(ServerEnvironment::server().port()));
    CHECK_FALSE(wrong);
    CHECK_FALSE(wrong.message().contains(secret));
}

TEST_CASE("the admin screen manages users through the same server functions, and never shows a "
          "password",
          "[users][ui]")
{
    RolesWorld world;
    UserAdministration administration;
    administration.setServer(world.server().urlFor(QStringLiteral("boss")));
    Ui::Services services;
    services.users = &administration;
    Ui::UsersView view(services);
    // Each operation asks the server on the view's own thread; this waits for its answer.
    const auto answer = [&view](const std::function<void()> &operation) {
        QSignalSpy finished(&view, &Ui::UsersView::finished);
        operation();
        CHECK(view.isBusy());
        REQUIRE(finished.wait(60000));
        CHECK_FALSE(view.isBusy());
        return finished.at(0).at(0).toString();
    };
    REQUIRE(answer([&] { view.refresh(); }) == QString());
    auto *tree = view.findChild<QTreeView *>(QStringLiteral("usersTree"));
    auto *status = view.findChild<QLabel *>(QStringLiteral("usersStatus"));
    REQUIRE(tree);
    REQUIRE(status);
    QAbstractItemModelTester tester(tree->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(tree->model()->rowCount() == 5);

    const QString secret = QStringLiteral("first-secret-pw");
    REQUIRE(answer([&] {
                view.addUser({QStringLiteral("new.hire"), secret, QStringLiteral("agent"),
                              QStringLiteral("North"), QStringLiteral("新人")});
            })
            == QString());
    CHECK(tree->model()->rowCount() == 6);
    CHECK(view.currentLogin() == QStringLiteral("new.hire"));
    REQUIRE(answer([&] { view.setCurrentRole(QStringLiteral("supervisor")); }) == QString());
    REQUIRE(answer([&] { view.setCurrentTeam(QStringLiteral("South")); }) == QString());
    REQUIRE(answer([&] { view.setCurrentPassword(QStringLiteral("second-secret-pw")); }) == QString());
    CHECK(world.server().value(QStringLiteral(
              "SELECT a.role || '/' || t.name || '/' || a.active FROM agents a "
              "JOIN teams t ON t.id = a.team_id WHERE a.login = 'new.hire'"))
          == QStringLiteral("supervisor/South/1"));
    CHECK(ServerConnection::open(world.server().urlFor(QStringLiteral("new.hire"))
                                     .withLogin(QStringLiteral("new.hire"),
                                                QStringLiteral("second-secret-pw"))));

    // Disabled: the server ends the sign-in, and the user's client says why.
    REQUIRE(answer([&] { view.setCurrentActive(false); }) == QString());
    CHECK(tree->currentIndex().siblingAtColumn(Ui::UsersModel::StatusColumn).data().toString()
          == QStringLiteral("Disabled"));
    CHECK(ServerConnection::open(world.server()
                                     .urlFor(QStringLiteral("new.hire"))
                                     .withLogin(QStringLiteral("new.hire"),
                                                QStringLiteral("second-secret-pw")))
              .message()
          == QStringLiteral("Your account is disabled: ask your administrator."));
    REQUIRE(answer([&] { view.setCurrentActive(true); }) == QString());

    // The server's refusal is shown, not a raw error.
    view.selectLogin(QStringLiteral("boss"));
    CHECK(answer([&] { view.setCurrentActive(false); })
          == QStringLiteral("You cannot disable your own account."));
    CHECK(status->text() == QStringLiteral("You cannot disable your own account."));

    // No password anywhere on the screen.
    for (int row = 0; row < tree->model()->rowCount(); ++row) {
        for (int column = 0; column < tree->model()->columnCount(); ++column) {
            const QString text = tree->model()->index(row, column).data().toString();
            CHECK_FALSE(text.contains(QStringLiteral("secret")));
        }
    }
    CHECK_FALSE(status->text().contains(QStringLiteral("secret")));

    // An agent's own login gets the server's refusal.
    UserAdministration agent;
    agent.setServer(world.server().urlFor(QStringLiteral("wang")));
    CHECK(agent.list().message() == QStringLiteral("Only administrators manage users."));
    CHECK(agent.setRole(QStringLiteral("wang"), QStringLiteral("admin")).message()
          == QStringLiteral("Only administrators manage users."));
}

TEST_CASE("a change of role changes the user's cache: an agent made supervisor receives his "
          "team's customers, made agent again he loses them",
          "[users][sync]")
{
    RolesWorld world;
    SyncClient wang(world.server(), QStringLiteral("wang"), world.id(QStringLiteral("wang")));
    syncOk(wang);
    const QString customers = QStringLiteral(
        "SELECT group_concat(id, ',') FROM (SELECT id FROM customers ORDER BY id)");
    REQUIRE(wang.value(customers) == QStringLiteral("p1,p2,p3,r1,r2,r3,w1,w2,x1"));
    REQUIRE(wang.value(QStringLiteral("SELECT count(*) FROM contacts WHERE id = 'kz1'"))
            == QStringLiteral("0"));

    auto boss = world.connect(QStringLiteral("boss"));
    REQUIRE(ServerUsers::setRole(*boss, QStringLiteral("wang"), QStringLiteral("supervisor"))
                .message()
            == QString());
    syncOk(wang);
    CHECK(wang.value(customers) == QStringLiteral("p1,p2,p3,r1,r2,r3,w1,w2,x1,z1"));
    CHECK(wang.value(QStringLiteral("SELECT count(*) FROM contacts WHERE id = 'kz1'"))
          == QStringLiteral("1"));
    CHECK(wang.value(QStringLiteral("SELECT role FROM agents WHERE login = 'wang'"))
          == QStringLiteral("supervisor"));

    REQUIRE(ServerUsers::setRole(*boss, QStringLiteral("wang"), QStringLiteral("agent")).message()
            == QString());
    syncOk(wang);
    CHECK(wang.value(customers) == QStringLiteral("p1,p2,p3,r1,r2,r3,w1,w2,x1"));
    CHECK(wang.value(QStringLiteral("SELECT count(*) FROM contacts WHERE id = 'kz1'"))
          == QStringLiteral("0"));

    // Made administrator he sees every team's customers.
    REQUIRE(ServerUsers::setRole(*boss, QStringLiteral("wang"), QStringLiteral("admin")).message()
            == QString());
    syncOk(wang);
    CHECK(wang.value(customers) == QStringLiteral("p1,p2,p3,r1,r2,r3,s1,w1,w2,x1,z1"));
}
