#pragma once

#include "testworkspace.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "ui/services.h"

namespace Leadline::Test {

/// A fresh workspace with the repositories the windows use, wired into Ui::Services the way the
/// composition root wires them (the fake clock included).
struct UiServicesFixture
{
    TestWorkspace workspace;
    CustomerRepository customers{workspace.store()};
    ActivityRepository activities{workspace.store()};
    ReferenceRepository reference{workspace.store()};
    Ui::Services services;

    UiServicesFixture()
    {
        services.store = &workspace.store();
        services.customers = &customers;
        services.activities = &activities;
        services.reference = &reference;
        services.clock = &workspace.clock();
    }
};

} // namespace Leadline::Test
