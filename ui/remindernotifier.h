#pragma once

#include "core/queue/reminder.h"

#include <QObject>

class QMainWindow;
class QSystemTrayIcon;

namespace Leadline::Ui {

class QueueView;

/// Shows reminders where the agent will see them: a system-tray notification (when the desktop
/// has a tray), the status bar, the taskbar alert, and the queue's banner. Clicking the
/// notification brings the window forward on the customer.
class ReminderNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReminderNotifier)

public:
    ReminderNotifier(QMainWindow &window, QueueView &queue, QObject *parent = nullptr);

    /// A todo is due now.
    void notifyDue(const Leadline::Reminder &reminder);
    /// Todos fell due while the app was closed or the computer slept.
    void notifyMissed(const QList<Leadline::Reminder> &reminders);

signals:
    /// The agent clicked a notification about this customer.
    void customerOpened(const QString &customerId);

private:
    void raiseWindow();

    QMainWindow &m_window;
    QueueView &m_queue;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_lastCustomerId;
};

} // namespace Leadline::Ui
