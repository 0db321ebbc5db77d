#pragma once

#include "changeset.h"

#include <QObject>

namespace Leadline {

/// Announces "these tables changed" after every local commit and every applied pull page.
/// Models and views subscribe to the tables they show; nobody relays another class's signal.
class ChangeBus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeBus)

public:
    explicit ChangeBus(QObject *parent = nullptr);

    /// Announces a change; an empty set is not announced.
    void publish(const Leadline::ChangeSet &changes);

signals:
    /// Rows of these tables changed and are committed.
    void changed(const Leadline::ChangeSet &changes);
};

} // namespace Leadline
