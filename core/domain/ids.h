#pragma once

#include <QString>
#include <QUuid>

namespace Leadline {

/// A new id in the text form every synced table uses for its id: a UUID (RFC 9562 version 7)
/// whose first 48 bits are the creation time in milliseconds and whose last 74 bits are
/// random. Ids made one after another sort in the order they were made (a counter breaks ties
/// within a millisecond), so a large batch of new rows lands at the end of every id index
/// instead of all over it; the random part keeps ids from different clients apart.
QString newId();

} // namespace Leadline
