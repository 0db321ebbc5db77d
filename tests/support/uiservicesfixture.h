#pragma once

#include "testworkspace.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/customers/customersearch.h"
#include "core/customers/duplicatefinder.h"
#include "core/customers/timelinequery.h"
#include "core/knowledge/articlerepository.h"
#include "core/knowledge/articlesearch.h"
#include "core/queue/leadpool.h"
#include "core/queue/queuequery.h"
#include "core/queue/todoservice.h"
#include "core/reference/auditquery.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"
#include "core/sync/conflictlog.h"
#include "ui/services.h"

#include <QSqlQuery>

#include <catch2/catch.hpp>

namespace Leadline::Test {

/// Every service the windows use, on one workspace, wired into Ui::Services the way the
/// composition root wires them.
struct UiServiceSet
{
    Permissions permissions;
    CustomerRepository customers;
    CustomerSearch customerSearch;
    TimelineQuery timeline;
    DuplicateFinder duplicates;
    CustomerMerger merger;
    ActivityRepository activities;
    ReferenceRepository reference;
    TodoService todos;
    QueueQuery queue;
    LeadPool pool;
    ArticleRepository articles;
    ArticleSearch articleSearch;
    ConflictLog conflicts;
    AuditQuery audit;
    Ui::Services services;

    UiServiceSet(LocalStore &store, const Clock &clock)
        : permissions(store)
        , customers(store)
        , customerSearch(store)
        , timeline(store)
        , duplicates(store)
        , merger(store)
        , activities(store)
        , reference(store)
        , todos(store)
        , queue(store)
        , pool(store)
        , articles(store)
        , articleSearch(store)
        , conflicts(store)
        , audit(store)
    {
        services.changes = &store.changeBus();
        services.permissions = &permissions;
        services.customers = &customers;
        services.customerSearch = &customerSearch;
        services.timeline = &timeline;
        services.duplicates = &duplicates;
        services.activities = &activities;
        services.reference = &reference;
        services.todos = &todos;
        services.queue = &queue;
        services.pool = &pool;
        services.articles = &articles;
        services.articleSearch = &articleSearch;
        services.conflicts = &conflicts;
        services.audit = &audit;
        services.clock = &clock;
        services.workspacePath = store.path();
    }
};

/// The workspace of a UiServicesFixture, built before the services that use it.
struct FixtureWorkspace
{
    TestWorkspace workspace;
};

/// A fresh workspace (with its fake clock) and every service the windows use, signed in as
/// agent-me, an active agent.
struct UiServicesFixture : FixtureWorkspace, UiServiceSet
{
    UiServicesFixture()
        : UiServiceSet(workspace.store(), workspace.clock())
    {
        Agent me;
        me.id = workspace.store().currentAgentId();
        me.login = QStringLiteral("me");
        me.name = QStringLiteral("张伟");
        REQUIRE(reference.addAgent(me));
    }

    /// Gives the signed-in user another role (agent, supervisor or admin).
    void setRole(const QString &role)
    {
        QSqlQuery query(workspace.store().database());
        query.prepare(QStringLiteral("UPDATE agents SET role = ? WHERE id = ?"));
        query.addBindValue(role);
        query.addBindValue(workspace.store().currentAgentId());
        REQUIRE(query.exec());
    }
};

} // namespace Leadline::Test
