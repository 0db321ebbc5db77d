#pragma once

#include "core/domain/result.h"

#include <QString>

#include <memory>

namespace Leadline {
class LocalStore;
}

namespace Leadline::CompositionRoot {

/// Whether the GUI should offer to rebuild the workspace: it is damaged, its log is
/// inconsistent, or a recovery of it was started and has not finished.
bool canOfferRecovery(const QString &path, const Error &problem);

/// Tells the user what is wrong with the workspace and offers to rebuild it from the server
/// (SPEC §8): the unsynced changes are saved beside it and sent again, the damaged file is kept.
/// Returns the rebuilt workspace; an Error with an empty message when the user closes instead.
Result<std::unique_ptr<LocalStore>> offerRecovery(const QString &path, const Error &problem);

} // namespace Leadline::CompositionRoot
