#include "remindernotifier.h"

#include "queueview.h"

#include <QApplication>
#include <QDateTime>
#include <QMainWindow>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>

namespace Leadline::Ui {

namespace {

constexpr int statusMessageMs = 5 * 60 * 1000;

} // namespace

ReminderNotifier::ReminderNotifier(QMainWindow &window, QueueView &queue, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_queue(queue)
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        QIcon icon = m_window.windowIcon();
        if (icon.isNull())
            icon = m_window.style()->standardIcon(QStyle::SP_MessageBoxInformation);
        m_tray->setIcon(icon);
        m_tray->setToolTip(tr("Leadline"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            raiseWindow();
            if (!m_lastCustomerId.isEmpty())
                emit customerOpened(m_lastCustomerId);
        });
        connect(m_tray, &QSystemTrayIcon::activated, this, &ReminderNotifier::raiseWindow);
    }
}

void ReminderNotifier::raiseWindow()
{
    m_window.showNormal();
    m_window.raise();
    m_window.activateWindow();
}

void ReminderNotifier::notifyDue(const Reminder &reminder)
{
    m_lastCustomerId = reminder.customerId;
    const QString when = QDateTime::fromMSecsSinceEpoch(reminder.dueAt).toString(QStringLiteral("HH:mm"));
    const QString text = reminder.customerName.isEmpty()
                             ? tr("%1 (due %2)").arg(reminder.title, when)
                             : tr("%1 · %2 (due %3)").arg(reminder.title, reminder.customerName, when);
    if (m_tray)
        m_tray->showMessage(tr("Reminder"), text, QSystemTrayIcon::Information);
    m_window.statusBar()->showMessage(tr("Reminder: %1").arg(text), statusMessageMs);
    QApplication::alert(&m_window);
    m_queue.showReminder(reminder);
}

void ReminderNotifier::notifyMissed(const QList<Reminder> &reminders)
{
    if (reminders.isEmpty())
        return;
    m_lastCustomerId = reminders.size() == 1 ? reminders.first().customerId : QString();
    const QString text = tr("Missed reminders: %1 (see My queue).").arg(reminders.size());
    if (m_tray)
        m_tray->showMessage(tr("Missed reminders"), text, QSystemTrayIcon::Warning);
    m_window.statusBar()->showMessage(text, statusMessageMs);
    QApplication::alert(&m_window);
    m_queue.showMissed(reminders);
}

} // namespace Leadline::Ui
