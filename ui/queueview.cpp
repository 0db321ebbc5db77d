#include "queueview.h"

#include "errorstyle.h"
#include "datetimedialog.h"
#include "queuemodel.h"
#include "core/domain/clock.h"
#include "core/queue/queuequery.h"
#include "core/reference/permissions.h"
#include "core/storage/changebus.h"
#include "core/reference/referencerepository.h"
#include "core/queue/todoservice.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPalette>
#include <QPushButton>
#include <QSet>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

constexpr int refreshIntervalMs = 60 * 1000;

} // namespace

QueueView::QueueView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_banner(new QFrame(this))
    , m_bannerText(new QLabel(m_banner))
    , m_bannerOpen(new QPushButton(m_banner))
    , m_bannerClose(new QPushButton(m_banner))
    , m_summary(new QLabel(this))
    , m_model(new QueueModel(this))
    , m_tree(new QTreeView(this))
    , m_snoozeMenu(new QMenu(this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("queueView"));
    m_banner->setObjectName(QStringLiteral("reminderBanner"));
    m_bannerText->setObjectName(QStringLiteral("reminderText"));
    m_summary->setObjectName(QStringLiteral("queueSummary"));
    m_tree->setObjectName(QStringLiteral("queueTree"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xf3, 0xcd));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x3d, 0x2e, 0x00));
    m_banner->setPalette(bannerPalette);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::RichText);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerOpen);
    bannerLayout->addWidget(m_bannerClose);
    m_banner->hide();

    m_tree->setModel(m_model);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(QueueModel::TaskColumn, QHeaderView::Stretch);
    m_tree->setItemsExpandable(false);
    setFocusProxy(m_tree);

    createActions();
    // Two rows of three, so the queue fits beside the list and the 360 view on a laptop.
    auto *buttons = new QGridLayout;
    constexpr int buttonColumns = 3;
    for (QAction *action : {m_nextAction, m_completeAction, m_snoozeAction, m_rescheduleAction,
                            m_reassignAction, m_openAction}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        if (action == m_snoozeAction) {
            button->setMenu(m_snoozeMenu);
            button->setPopupMode(QToolButton::MenuButtonPopup);
        }
        button->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        buttons->addWidget(button, int(m_buttons.size()) / buttonColumns,
                           int(m_buttons.size()) % buttonColumns);
        m_buttons.append(button);
    }
    buttons->setColumnStretch(buttonColumns, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);

    connect(m_tree, &QTreeView::activated, this, &QueueView::openCurrent);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueueView::updateActions);
    connect(m_bannerClose, &QPushButton::clicked, m_banner, &QWidget::hide);
    connect(m_bannerOpen, &QPushButton::clicked, this, [this] {
        if (!m_bannerCustomerId.isEmpty())
            emit customerOpened(m_bannerCustomerId);
        m_banner->hide();
    });
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        if (changes.touches({"todos", "customers", "agents"}))
            refresh();
    });
    connect(m_tick, &QTimer::timeout, this, &QueueView::refresh);
    m_tick->start(refreshIntervalMs);

    retranslateUi();
}

void QueueView::createActions()
{
    const auto make = [this](const QList<QKeySequence> &keys, auto slot) {
        auto *action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_nextAction = make({QKeySequence(Qt::Key_J)}, [this] { step(1); });
    m_previousAction = make({QKeySequence(Qt::Key_K)}, [this] { step(-1); });
    // C only: Ctrl+Enter is the dial panel's "save and next" everywhere in the window, and
    // logging the call completes the todo it was made for.
    m_completeAction = make({QKeySequence(Qt::Key_C)}, &QueueView::completeSelected);
    m_snoozeAction = make({QKeySequence(Qt::Key_S)}, [this] {
        const QRect rect = m_tree->visualRect(m_tree->currentIndex());
        m_snoozeMenu->popup(m_tree->viewport()->mapToGlobal(rect.bottomLeft()));
    });
    m_rescheduleAction = make({QKeySequence(Qt::Key_R)}, &QueueView::rescheduleSelected);
    m_reassignAction = make({QKeySequence(Qt::Key_A)}, &QueueView::reassignSelected);
    m_openAction = make({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)},
                        &QueueView::openCurrent);
    // Not F5: the dial panel dials with F5.
    m_refreshAction = make({QKeySequence(Qt::CTRL | Qt::Key_R)}, &QueueView::refresh);

    m_snooze15Action = m_snoozeMenu->addAction(QString(), this, [this] { snoozeSelected(0); });
    m_snoozeHourAction = m_snoozeMenu->addAction(QString(), this, [this] { snoozeSelected(1); });
    m_snoozeTomorrowAction = m_snoozeMenu->addAction(QString(), this, [this] { snoozeSelected(2); });
    m_snoozePickAction = m_snoozeMenu->addAction(QString(), this, &QueueView::pickSnooze);
}

void QueueView::retranslateUi()
{
    setWindowTitle(tr("My queue"));
    m_tree->setAccessibleName(tr("My queue"));
    m_bannerOpen->setText(tr("Open customer"));
    m_bannerClose->setText(tr("Dismiss"));
    m_nextAction->setText(tr("Next task in queue"));
    m_previousAction->setText(tr("Previous task in queue"));
    m_completeAction->setText(tr("&Complete"));
    m_snoozeAction->setText(tr("&Snooze"));
    m_snooze15Action->setText(tr("&1 In 15 minutes"));
    m_snoozeHourAction->setText(tr("&2 In 1 hour"));
    m_snoozeTomorrowAction->setText(tr("&3 Tomorrow 9:00"));
    m_snoozePickAction->setText(tr("&4 Pick a time…"));
    m_rescheduleAction->setText(tr("&Reschedule…"));
    m_reassignAction->setText(tr("Re&assign…"));
    m_openAction->setText(tr("&Open customer"));
    m_refreshAction->setText(tr("Refresh queue"));
    refresh();
}

void QueueView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

QString QueueView::currentTodoId() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data(QueueModel::TodoIdRole).toString();
}

void QueueView::selectOnly(const QModelIndex &index)
{
    m_tree->setCurrentIndex(index);
    m_tree->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect
                                                | QItemSelectionModel::Rows);
}

void QueueView::scrollToTodo(const QModelIndex &index)
{
    // The first todo of a section brings its section title into view too.
    if (index.row() == 0)
        m_tree->scrollTo(index.parent());
    m_tree->scrollTo(index);
}

void QueueView::refresh()
{
    const QString agentId = m_services.permissions->currentAgentId();
    const auto loaded = m_services.queue->load(agentId, m_services.clock->nowMs());
    if (!loaded) {
        // What cannot be read is not shown as an empty queue.
        m_model->setSnapshot({});
        m_summary->setText(loaded.message());
        markError(m_summary);
        updateActions();
        return;
    }
    markError(m_summary, false);
    const QueueSnapshot &queue = *loaded;

    // Keep the current todo (or its position, when it left the queue) and the selection.
    const QModelIndexList before = m_model->todoIndexes();
    const QString currentId = currentTodoId();
    const qsizetype currentRow = before.indexOf(m_tree->currentIndex().siblingAtColumn(0));
    QSet<QString> selected;
    for (const QModelIndex &index : m_tree->selectionModel()->selectedRows())
        selected.insert(index.data(QueueModel::TodoIdRole).toString());

    m_model->setSnapshot(queue);
    m_tree->expandAll();
    for (int section = 0; section < m_model->rowCount(); ++section)
        m_tree->setFirstColumnSpanned(section, {}, true);

    const QModelIndexList after = m_model->todoIndexes();
    QModelIndex current = m_model->indexOfTodo(currentId);
    if (!current.isValid() && !after.isEmpty() && currentRow >= 0)
        current = after.at(qMin(currentRow, after.size() - 1));
    if (!current.isValid() && !after.isEmpty())
        current = after.first();
    if (current.isValid())
        selectOnly(current);
    for (const QModelIndex &index : after) {
        if (selected.contains(index.data(QueueModel::TodoIdRole).toString()))
            m_tree->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    for (int column = 0; column < QueueModel::ColumnCount; ++column) {
        if (column != QueueModel::TaskColumn)
            m_tree->resizeColumnToContents(column);
    }
    m_summary->setText(tr("%1 overdue · %2 today · %3 upcoming")
                           .arg(queue.overdueCount)
                           .arg(queue.todayCount)
                           .arg(queue.upcomingCount));
    updateActions();
}

void QueueView::updateActions()
{
    const bool any = !selectedTodoIds().isEmpty();
    for (QAction *action : {m_completeAction, m_snoozeAction, m_rescheduleAction, m_reassignAction,
                            m_openAction}) {
        action->setEnabled(any);
    }
    m_reassignAction->setVisible(m_services.permissions->may(Permissions::Action::ReassignTodos));
    // A lone tool button does not follow its action's visibility the way a toolbar does.
    for (QToolButton *button : std::as_const(m_buttons))
        button->setVisible(button->defaultAction()->isVisible());
}

QStringList QueueView::selectedTodoIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_model->todoIndexes()) {
        if (m_tree->selectionModel()->isRowSelected(index.row(), index.parent()))
            ids.append(index.data(QueueModel::TodoIdRole).toString());
    }
    if (ids.isEmpty()) {
        if (const QString id = currentTodoId(); !id.isEmpty())
            ids.append(id);
    }
    return ids;
}

void QueueView::step(int delta)
{
    const QModelIndexList items = m_model->todoIndexes();
    if (items.isEmpty())
        return;
    const qsizetype row = items.indexOf(m_tree->currentIndex().siblingAtColumn(0));
    const qsizetype next = row < 0 ? 0 : qBound<qsizetype>(0, row + delta, items.size() - 1);
    selectOnly(items.at(next));
    scrollToTodo(items.at(next));
}

void QueueView::report(const QString &error)
{
    QMessageBox::warning(this, windowTitle(), error);
}

void QueueView::completeSelected()
{
    if (auto done = m_services.todos->complete(selectedTodoIds()); !done)
        report(done.message());
}

void QueueView::snoozeSelected(int preset)
{
    const TodoService::Snooze snoozes[] = {TodoService::Snooze::FifteenMinutes,
                                           TodoService::Snooze::OneHour,
                                           TodoService::Snooze::TomorrowMorning};
    if (auto moved = m_services.todos->snooze(selectedTodoIds(), snoozes[qBound(0, preset, 2)]); !moved)
        report(moved.message());
}

void QueueView::pickSnooze()
{
    rescheduleSelected();
}

void QueueView::rescheduleSelected()
{
    const QStringList ids = selectedTodoIds();
    if (ids.isEmpty())
        return;
    const qint64 hour = 3600 * 1000;
    const qint64 suggestion = (m_services.clock->nowMs() / hour + 1) * hour;
    DateTimeDialog dialog(tr("Reschedule"), tr("New due time for the selected tasks (%1):").arg(ids.size()),
                          suggestion, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto moved = m_services.todos->reschedule(ids, dialog.pickedMs()); !moved)
        report(moved.message());
}

void QueueView::reassignSelected()
{
    const QStringList ids = selectedTodoIds();
    if (ids.isEmpty() || !m_services.permissions->may(Permissions::Action::ReassignTodos) || !m_services.reference)
        return;
    const auto agents = m_services.reference->agents();
    if (!agents) {
        QMessageBox::warning(this, tr("Reassign"), agents.message());
        return;
    }
    QStringList names;
    QStringList agentIds;
    for (const Agent &agent : *agents) {
        if (!agent.active)
            continue;
        names.append(agent.name);
        agentIds.append(agent.id);
    }
    bool ok = false;
    const QString name = QInputDialog::getItem(this, tr("Reassign"),
                                               tr("Give the selected tasks (%1) to:").arg(ids.size()),
                                               names, 0, false, &ok);
    if (!ok || names.indexOf(name) < 0)
        return;
    if (auto moved = m_services.todos->reassign(ids, agentIds.at(names.indexOf(name))); !moved)
        report(moved.message());
}

bool QueueView::openNextLead(const QString &currentCustomerId)
{
    refresh();
    const QModelIndexList items = m_model->todoIndexes();
    if (!currentCustomerId.isEmpty())
        m_worked.insert(currentCustomerId);
    for (const QModelIndex &index : items) {
        const QString customerId = index.data(QueueModel::CustomerIdRole).toString();
        if (customerId.isEmpty() || m_worked.contains(customerId))
            continue;
        selectOnly(index);
        scrollToTodo(index);
        emit customerOpened(customerId);
        return true;
    }
    const qsizetype start = items.indexOf(m_tree->currentIndex().siblingAtColumn(0));
    for (qsizetype offset = 1; offset <= items.size(); ++offset) {
        const QModelIndex index = items.at((start + offset + items.size()) % items.size());
        const QString customerId = index.data(QueueModel::CustomerIdRole).toString();
        if (customerId.isEmpty() || customerId == currentCustomerId)
            continue;
        selectOnly(index);
        scrollToTodo(index);
        emit customerOpened(customerId);
        return true;
    }
    return false;
}

void QueueView::openCurrent()
{
    const QString customerId = m_tree->currentIndex().siblingAtColumn(0).data(QueueModel::CustomerIdRole).toString();
    if (!customerId.isEmpty())
        emit customerOpened(customerId);
}

void QueueView::showBanner(const QString &html, const QString &customerId)
{
    m_bannerText->setText(html);
    m_bannerCustomerId = customerId;
    m_bannerOpen->setVisible(!customerId.isEmpty());
    m_banner->show();
    refresh();
}

void QueueView::showReminder(const Reminder &reminder)
{
    const QString who = reminder.customerName.isEmpty()
                            ? QString()
                            : QStringLiteral(" · ") + reminder.customerName.toHtmlEscaped();
    showBanner(tr("<b>Due now:</b> %1%2 (%3)")
                   .arg(reminder.title.toHtmlEscaped(), who,
                        QDateTime::fromMSecsSinceEpoch(reminder.dueAt).toString(QStringLiteral("HH:mm"))),
               reminder.customerId);
}

void QueueView::showMissed(const QList<Reminder> &reminders)
{
    if (reminders.isEmpty())
        return;
    // One line, not a wall: the queue itself lists them, oldest first in the overdue section.
    if (reminders.size() == 1) {
        showReminder(reminders.first());
        return;
    }
    showBanner(tr("<b>%1 reminders fell due while Leadline was closed or asleep.</b> They are at "
                  "the top of the queue, under Overdue.")
                   .arg(reminders.size()),
               QString());
    selectOnly(m_model->todoIndexes().value(0));
}

} // namespace Leadline::Ui
