#pragma once

namespace Leadline {
class LocalStore;
class CustomerRepository;
class CustomerMerger;
class ActivityRepository;
class ReferenceRepository;
class Clock;
} // namespace Leadline

namespace Leadline::Ui {

/// The core services the windows use, created and owned by the composition root.
struct Services
{
    LocalStore *store = nullptr;
    CustomerRepository *customers = nullptr;
    CustomerMerger *merger = nullptr; ///< may be null: no merge action
    ActivityRepository *activities = nullptr;
    ReferenceRepository *reference = nullptr;
    const Clock *clock = nullptr;
};

} // namespace Leadline::Ui
