#pragma once

#include "reminder.h"
#include "waketimer.h"

#include <QList>
#include <QObject>

#include <memory>

namespace Leadline {

class Clock;
class LocalStore;

/// Fires the current agent's todo reminders: each todo once per due time, whoever created it
/// (by hand, the dial panel, a rule, or a pull from the server while the app runs). What fired is
/// kept in the workspace (reminders_fired), so a restart never repeats a reminder; todos whose
/// due time passed while the app was closed or the computer slept are reported once, together.
class ReminderScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReminderScheduler)

public:
    /// A reminder found later than this after its due time counts as missed.
    static constexpr qint64 lateToleranceMs = 2 * 60 * 1000;
    /// Longest sleep between two scans, so todos that arrive by sync are noticed.
    static constexpr qint64 rescanIntervalMs = 30 * 1000;

    /// timer: null for a QTimer-based one.
    ReminderScheduler(LocalStore &store, const Clock &clock, std::unique_ptr<WakeTimer> timer = {},
                      QObject *parent = nullptr);
    ~ReminderScheduler() override;

    /// Starts scanning: reports what was missed since the last run, then follows due times.
    void start();
    void stop();
    /// Scans now (also the slot for "todos changed" hints) and arms the timer for the next due.
    void check();
    /// The delay the timer was last armed with (for the view and tests).
    qint64 nextWakeInMs() const { return m_nextWakeMs; }

signals:
    /// A todo is due now.
    void reminderDue(const Leadline::Reminder &reminder);
    /// Todos fell due while nobody was watching (app closed, computer asleep); reported once.
    void remindersMissed(const QList<Leadline::Reminder> &reminders);

private:
    QList<Reminder> dueUnfired(const QString &agentId, qint64 nowMs) const;
    bool markFired(const QList<Reminder> &onTime, const QList<Reminder> &missed, qint64 nowMs);
    void armNext(const QString &agentId, qint64 nowMs);

    LocalStore &m_store;
    const Clock &m_clock;
    std::unique_ptr<WakeTimer> m_timer;
    bool m_running = false;
    qint64 m_nextWakeMs = -1;
};

} // namespace Leadline
