#pragma once

#include <QString>

namespace Leadline {
class ActivityRepository;
class ArticleRepository;
class ArticleSearch;
class AuditQuery;
class ChangeBus;
class Clock;
class ConflictLog;
class CustomerMerger;
class CustomerRepository;
class CustomerSearch;
class DuplicateFinder;
class Exporter;
class ImportUndo;
class LeadPool;
class Permissions;
class QueueQuery;
class ReferenceRepository;
class TimelineQuery;
class TodoService;
class UserAdministration;
} // namespace Leadline

namespace Leadline::Ui {

/// The core services the windows use, created and owned by the composition root. Widgets never
/// open the workspace or construct a repository, query or search themselves.
struct Services
{
    /// Announces every committed change; views subscribe to the tables they show.
    ChangeBus *changes = nullptr;
    const Permissions *permissions = nullptr;
    CustomerRepository *customers = nullptr;
    const CustomerSearch *customerSearch = nullptr;
    const TimelineQuery *timeline = nullptr;
    const DuplicateFinder *duplicates = nullptr;
    CustomerMerger *merger = nullptr; ///< may be null: no merge action
    ActivityRepository *activities = nullptr;
    ReferenceRepository *reference = nullptr;
    TodoService *todos = nullptr;
    const QueueQuery *queue = nullptr;
    LeadPool *pool = nullptr;
    ArticleRepository *articles = nullptr;
    const ArticleSearch *articleSearch = nullptr;
    ConflictLog *conflicts = nullptr;
    const AuditQuery *audit = nullptr; ///< may be null: no audit tab
    UserAdministration *users = nullptr; ///< may be null: no users tab
    const Clock *clock = nullptr;
    Exporter *exporter = nullptr;     ///< may be null: no File → Export
    ImportUndo *importUndo = nullptr; ///< may be null: no File → Import (imports need the path)
    /// The workspace file, for the customer list's own search thread and connection.
    QString workspacePath;
};

} // namespace Leadline::Ui
