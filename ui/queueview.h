#pragma once

#include "services.h"
#include "core/queue/reminder.h"

#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QFrame;
class QMenu;
class QPushButton;
class QModelIndex;
class QTimer;
class QToolButton;
class QTreeView;

namespace Leadline {
class TodoService;
}

namespace Leadline::Ui {

class QueueModel;

/// The "My queue" work tab: the agent's todos in working order (overdue in red with how late,
/// due today, upcoming) with counts, multi-select, and keyboard actions: J/K next/previous,
/// C or Ctrl+Enter complete, S snooze, R reschedule, A reassign (supervisors), Enter opens the
/// customer. Reminders show in a banner at the top.
class QueueView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueView)

public:
    explicit QueueView(const Services &services, QWidget *parent = nullptr);

    /// Reloads the queue, keeping the current position.
    void refresh();
    /// Ids of the selected todos (or the current one when nothing is selected).
    QStringList selectedTodoIds() const;
    /// Opens the next lead (preview dialing's "save and next"): the first todo in working order
    /// whose customer is neither currentCustomerId nor one already worked this way (their new
    /// callback is in the queue too); when every one was worked, the next other customer after
    /// the current row. False when the queue has no other customer.
    bool openNextLead(const QString &currentCustomerId);
    /// Shows a due reminder in the banner.
    void showReminder(const Leadline::Reminder &reminder);
    /// Shows, once, the reminders that fell due while nobody was watching.
    void showMissed(const QList<Leadline::Reminder> &reminders);

signals:
    /// The agent opened a todo: show its customer (360 view and dial panel).
    void customerOpened(const QString &customerId);

protected:
    void changeEvent(QEvent *event) override;

private:
    /// Customers left by "save and next" since the window opened.
    QSet<QString> m_worked;
    void createActions();
    void retranslateUi();
    void updateActions();
    void step(int delta);
    void completeSelected();
    void snoozeSelected(int preset);
    void pickSnooze();
    void rescheduleSelected();
    void reassignSelected();
    void openCurrent();
    void showBanner(const QString &html, const QString &customerId);
    void report(const QString &error);
    void selectOnly(const QModelIndex &index);
    void scrollToTodo(const QModelIndex &index);
    QString currentTodoId() const;

    Services m_services;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_bannerOpen;
    QPushButton *m_bannerClose;
    QString m_bannerCustomerId;
    QLabel *m_summary;
    QueueModel *m_model;
    QTreeView *m_tree;
    QMenu *m_snoozeMenu;
    QTimer *m_tick;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_completeAction = nullptr;
    QAction *m_snoozeAction = nullptr;
    QAction *m_snooze15Action = nullptr;
    QAction *m_snoozeHourAction = nullptr;
    QAction *m_snoozeTomorrowAction = nullptr;
    QAction *m_snoozePickAction = nullptr;
    QAction *m_rescheduleAction = nullptr;
    QAction *m_reassignAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QList<QToolButton *> m_buttons;
};

} // namespace Leadline::Ui
