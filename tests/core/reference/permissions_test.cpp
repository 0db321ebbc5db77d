#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"

using namespace Leadline;
using Action = Permissions::Action;
using Role = Permissions::Role;
using Leadline::Test::TestWorkspace;

namespace {

struct Staff
{
    TestWorkspace workspace;
    ReferenceRepository reference{workspace.store()};
    Permissions permissions{workspace.store()};

    Staff()
    {
        const auto add = [this](const char *id, const char *role, bool active) {
            REQUIRE(reference.addAgent({QString::fromLatin1(id), QString::fromLatin1(id),
                                        QString::fromLatin1(id), QString::fromLatin1(role),
                                        QString(), active}));
        };
        add("a1", "agent", true);
        add("a2", "agent", true);
        add("s1", "supervisor", true);
        add("ad", "admin", true);
        add("gone", "agent", false);
    }
    void signIn(const char *id) { workspace.store().setCurrentAgentId(QString::fromLatin1(id)); }
};

} // namespace

TEST_CASE("Each role may do what the table says and nothing more", "[permissions]")
{
    Staff staff;
    struct Row
    {
        Action action;
        bool agent, supervisor, admin;
    };
    const Row table[] = {
        {Action::ClaimLeads, true, true, true},
        {Action::AssignLeads, false, true, true},
        {Action::ReassignTodos, false, true, true},
        {Action::ChangeOwner, false, true, true},
        {Action::MergeCustomers, false, true, true},
        {Action::EditKnowledgeBase, false, true, true},
        {Action::EditDispositions, false, true, true},
        {Action::SeeFullPhones, false, true, true},
        {Action::ManagePolicies, false, false, true},
        {Action::ManageUsers, false, false, true},
        {Action::ImportLeads, false, true, true},
        {Action::ExportData, false, true, true},
    };
    for (const Row &row : table) {
        staff.signIn("a1");
        CHECK(staff.permissions.may(row.action) == row.agent);
        CHECK(staff.permissions.check(row.action).ok() == row.agent);
        staff.signIn("s1");
        CHECK(staff.permissions.may(row.action) == row.supervisor);
        staff.signIn("ad");
        CHECK(staff.permissions.may(row.action) == row.admin);
    }
}

TEST_CASE("An unknown, deactivated or absent user gets the least rights", "[permissions]")
{
    Staff staff;
    for (const char *who : {"nobody", "gone", ""}) {
        staff.signIn(who);
        CHECK(staff.permissions.role() == Role::None);
        for (Action action : {Action::ClaimLeads, Action::AssignLeads, Action::CompleteTodo,
                              Action::EditKnowledgeBase, Action::MergeCustomers,
                              Action::SeeFullPhones, Action::ManageUsers}) {
            CHECK_FALSE(staff.permissions.may(action));
        }
        const Status refused = staff.permissions.check(Action::ClaimLeads);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.message().contains(QStringLiteral("not signed in")));
    }
    CHECK(staff.permissions.roleOf(QStringLiteral("gone")) == Role::None);
    CHECK(staff.permissions.roleOf(QStringLiteral("s1")) == Role::Supervisor);
}

TEST_CASE("Records: a todo is the assignee's or a supervisor's, a note only its author's", "[permissions]")
{
    Staff staff;
    staff.signIn("a1");
    CHECK(staff.permissions.may(Action::CompleteTodo, QStringLiteral("a1")));
    CHECK_FALSE(staff.permissions.may(Action::CompleteTodo, QStringLiteral("a2")));
    CHECK(staff.permissions.may(Action::EditActivity, QStringLiteral("a1")));
    CHECK_FALSE(staff.permissions.may(Action::EditActivity, QStringLiteral("a2")));
    staff.signIn("s1");
    CHECK(staff.permissions.may(Action::CompleteTodo, QStringLiteral("a2")));
    CHECK_FALSE(staff.permissions.may(Action::EditActivity, QStringLiteral("a2")));
}

TEST_CASE("Agents see phones in full only when the policy says so", "[permissions]")
{
    Staff staff;
    staff.signIn("a1");
    CHECK_FALSE(staff.permissions.may(Action::SeeFullPhones));
    REQUIRE(staff.reference.setPolicy(QStringLiteral("mask_phones"), QStringLiteral("0")));
    CHECK(staff.permissions.may(Action::SeeFullPhones));
    staff.signIn("nobody");
    CHECK_FALSE(staff.permissions.may(Action::SeeFullPhones));
}
