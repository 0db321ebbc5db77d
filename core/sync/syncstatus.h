#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace Leadline {

/// What the status bar shows about sync.
struct SyncStatus
{
    enum class State {
        Offline,  ///< the server cannot be reached; retrying with back-off
        Online,   ///< the last round succeeded
        Syncing,  ///< a round is running
        Refused,  ///< the server refused this client (version mismatch, login): needs action
    };

    State state = State::Offline;
    int pending = 0;        ///< local changes not yet on the server
    int conflicts = 0;      ///< conflicts not yet looked at
    int rejected = 0;       ///< changes the server refused, set aside
    QDateTime lastSync;     ///< end of the last successful round (invalid: never)
    qint64 retryInMs = 0;   ///< when offline: the delay before the next attempt
    bool feedWaiting = false; ///< server changes held back by an open transaction
    QString message;        ///< the reason when offline or refused
};

} // namespace Leadline

Q_DECLARE_METATYPE(Leadline::SyncStatus)
