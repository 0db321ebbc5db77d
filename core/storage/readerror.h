#pragma once

#include "core/domain/result.h"

class QSqlQuery;

namespace Leadline {

/// The error a failed read reports instead of an empty result: what could not be read, why,
/// and, when SQLite says the file is damaged or unreadable, that the workspace needs a check.
Error readError(const QSqlQuery &query, const QString &what);

} // namespace Leadline
