#pragma once

#include <QString>
#include <QUuid>

namespace Leadline {

/// A new random UUID in the text form every synced table uses for its id.
inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Leadline
