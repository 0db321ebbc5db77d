#pragma once

#include "timers.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace Leadline {

/// Timers on the Qt event loop of the thread that owns this object.
class QtTimers final : public QObject, public Timers
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtTimers)

public:
    explicit QtTimers(QObject *parent = nullptr);
    ~QtTimers() override;

    Id start(qint64 delayMs, std::function<void()> callback) override;
    void cancel(Id id) override;

private:
    QHash<Id, QTimer *> m_timers;
    Id m_nextId = 1;
};

} // namespace Leadline
