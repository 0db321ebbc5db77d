#include "poolview.h"

#include "errorstyle.h"
#include "durationtext.h"
#include "poolmodel.h"
#include "core/domain/clock.h"
#include "core/queue/leadpool.h"
#include "core/reference/permissions.h"
#include "core/storage/changebus.h"
#include "core/reference/referencerepository.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Leadline::Ui {

namespace {

enum WatchedColumn { WatchedNameColumn, OwnerColumn, AssignedColumn, TimeLeftColumn, WatchedColumnCount };
constexpr int CustomerIdRole = Qt::UserRole;
constexpr int refreshIntervalMs = 60 * 1000;
const QColor warnColor(0xc6, 0x28, 0x28);

QTreeWidget *makeTree(QWidget *parent, const QString &name, int columns)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setColumnCount(columns);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setAllColumnsShowFocus(true);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setStretchLastSection(false);
    return tree;
}

} // namespace

PoolView::PoolView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_poolLabel(new QLabel(this))
    , m_poolModel(new PoolModel(this))
    , m_poolTree(new QTreeView(this))
    , m_watchedLabel(new QLabel(this))
    , m_watchedTree(makeTree(this, QStringLiteral("watchedTree"), WatchedColumnCount))
    , m_tick(new QTimer(this))
    , m_claimAction(new QAction(this))
    , m_assignAction(new QAction(this))
    , m_openAction(new QAction(this))
    , m_refreshAction(new QAction(this))
{
    setObjectName(QStringLiteral("poolView"));
    m_poolTree->setObjectName(QStringLiteral("poolTree"));
    m_poolTree->setModel(m_poolModel);
    m_poolTree->setRootIsDecorated(false);
    m_poolTree->setUniformRowHeights(true);
    m_poolTree->setAllColumnsShowFocus(true);
    m_poolTree->header()->setStretchLastSection(false);
    // The name is never cut: the company takes what room is left and is elided instead.
    m_poolTree->header()->setSectionResizeMode(PoolModel::CompanyColumn, QHeaderView::Stretch);
    m_poolTree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_poolTree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_poolTree->setSortingEnabled(false);
    setFocusProxy(m_poolTree);

    m_claimAction->setShortcut(QKeySequence(Qt::Key_C));
    m_assignAction->setShortcut(QKeySequence(Qt::Key_A));
    m_openAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_refreshAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R)); // F5 dials in the dial panel
    for (QAction *action : {m_claimAction, m_assignAction, m_openAction, m_refreshAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_claimAction, &QAction::triggered, this, &PoolView::claimSelected);
    connect(m_assignAction, &QAction::triggered, this, &PoolView::assignSelected);
    connect(m_openAction, &QAction::triggered, this, &PoolView::openCurrent);
    connect(m_refreshAction, &QAction::triggered, this, &PoolView::refresh);

    auto *buttons = new QHBoxLayout;
    for (QAction *action : {m_claimAction, m_assignAction, m_openAction, m_refreshAction}) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
        m_buttons.append(button);
    }
    buttons->addStretch(1);
    // Tab follows the screen: the pool, its buttons, then the watched list below them.
    QWidget *previous = m_poolTree;
    for (QToolButton *button : std::as_const(m_buttons)) {
        setTabOrder(previous, button);
        previous = button;
    }
    setTabOrder(previous, m_watchedTree);

    m_poolLabel->setWordWrap(true);
    m_watchedLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_poolLabel);
    layout->addWidget(m_poolTree, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_watchedLabel);
    layout->addWidget(m_watchedTree, 2);

    connect(m_poolTree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PoolView::updateActions);
    connect(m_poolTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &PoolView::updateActions);
    connect(m_poolTree, &QTreeView::activated, this, &PoolView::openCurrent);
    connect(m_watchedTree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        emit customerOpened(item->data(0, CustomerIdRole).toString());
    });
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        if (changes.touches({"customers", "agents", "policies"}))
            refresh();
    });
    connect(m_tick, &QTimer::timeout, this, &PoolView::refresh);
    m_tick->start(refreshIntervalMs);
    retranslateUi();
}

void PoolView::retranslateUi()
{
    setWindowTitle(tr("Lead pool"));
    m_watchedTree->setHeaderLabels({tr("Lead"), tr("Owner"), tr("Assigned"), tr("Returns in")});
    m_poolTree->setAccessibleName(tr("Lead pool"));
    m_watchedTree->setAccessibleName(tr("Leads waiting for a first call"));
    m_claimAction->setText(tr("&Claim"));
    m_assignAction->setText(tr("&Assign…"));
    m_openAction->setText(tr("&Open lead"));
    m_refreshAction->setText(tr("Refresh pool"));
    refresh();
}

void PoolView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

bool PoolView::isSupervisor() const
{
    return m_services.permissions->may(Permissions::Action::AssignLeads);
}

void PoolView::refresh()
{
    const QStringList selected = selectedPoolIds();
    const auto agentNames = m_services.reference ? m_services.reference->agentNames()
                                                 : Result<QHash<QString, QString>>(QHash<QString, QString>());

    const QString currentId = m_poolModel->idAt(m_poolTree->currentIndex().row());
    m_watchedTree->clear();
    const auto leads = m_services.pool->pool();
    const QString me = m_services.permissions->currentAgentId();
    const auto watched = m_services.pool->watched(isSupervisor() ? QString() : me);
    const auto policy = m_services.pool->policy();
    const auto claimed = m_services.pool->claimedToday(me);
    const auto inPool = m_services.pool->poolCount();
    // What cannot be read is not shown as an empty pool.
    const QString unreadable = !leads      ? leads.message()
                               : !watched  ? watched.message()
                               : !policy   ? policy.message()
                               : !claimed  ? claimed.message()
                               : !inPool   ? inPool.message()
                               : !agentNames ? agentNames.message()
                                             : QString();
    if (!unreadable.isEmpty()) {
        m_poolModel->setLeads({});
        m_poolLabel->setText(unreadable);
        markError(m_poolLabel);
        return;
    }
    const QHash<QString, QString> &names = *agentNames;
    markError(m_poolLabel, false);
    m_poolModel->setMaskPhones(!m_services.permissions->may(Permissions::Action::SeeFullPhones));
    m_poolModel->setLeads(*leads);
    // The selection and the current lead survive a refresh when they are still in the pool.
    QItemSelectionModel *selection = m_poolTree->selectionModel();
    for (const QString &id : selected) {
        const int row = m_poolModel->rowOf(id);
        if (row >= 0) {
            selection->select(m_poolModel->index(row, 0),
                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    const int currentRow = std::max(0, m_poolModel->rowOf(currentId));
    if (m_poolModel->rowCount() > 0)
        selection->setCurrentIndex(m_poolModel->index(currentRow, 0), QItemSelectionModel::NoUpdate);
    m_poolLabel->setText(tr("%1 leads in the pool · you claimed %2 of %3 today")
                             .arg(*inPool)
                             .arg(*claimed)
                             .arg(policy->claimCap));

    for (const WatchedLead &lead : *watched) {
        auto *item = new QTreeWidgetItem(
            m_watchedTree,
            {lead.name, names.value(lead.ownerId, lead.ownerId),
             locale().toString(QDateTime::fromMSecsSinceEpoch(lead.assignedAt), QStringLiteral("MM-dd HH:mm")),
             durationText(lead.timeLeftMs)});
        item->setData(0, CustomerIdRole, lead.customerId);
        if (lead.warn) {
            for (int column = 0; column < WatchedColumnCount; ++column)
                item->setForeground(column, warnColor);
        }
    }
    m_watchedLabel->setText(
        tr("Not yet called: these leads go back to the pool %1 h after assignment unless called")
            .arg(policy->returnWindowMs / (3600 * 1000)));
    for (int column = 0; column < PoolModel::ColumnCount; ++column) {
        if (column != PoolModel::CompanyColumn)
            m_poolTree->resizeColumnToContents(column);
    }
    for (int column = 1; column < m_watchedTree->columnCount(); ++column)
        m_watchedTree->resizeColumnToContents(column);
    updateActions();
}

void PoolView::updateActions()
{
    const bool any = !selectedPoolIds().isEmpty();
    m_claimAction->setEnabled(any);
    m_assignAction->setEnabled(any);
    m_assignAction->setVisible(isSupervisor());
    m_openAction->setEnabled(m_poolTree->currentIndex().isValid());
    for (QToolButton *button : std::as_const(m_buttons))
        button->setVisible(button->defaultAction()->isVisible());
}

QStringList PoolView::selectedPoolIds() const
{
    QStringList ids;
    for (const QModelIndex &row : m_poolTree->selectionModel()->selectedRows())
        ids.append(m_poolModel->idAt(row.row()));
    if (ids.isEmpty() && m_poolTree->currentIndex().isValid())
        ids.append(m_poolModel->idAt(m_poolTree->currentIndex().row()));
    return ids;
}

void PoolView::claimSelected()
{
    const QStringList ids = selectedPoolIds();
    if (ids.isEmpty())
        return;
    if (auto claimed = m_services.pool->claim(ids); !claimed) {
        QMessageBox::warning(this, windowTitle(), claimed.message());
        return;
    }
    // The lead claimed is the one to call: it opens in the 360 view and the dial panel, ready
    // for F5.
    emit customerOpened(ids.first());
}

void PoolView::assignSelected()
{
    const QStringList ids = selectedPoolIds();
    if (ids.isEmpty() || !isSupervisor())
        return;
    const auto agents = m_services.reference->agents();
    if (!agents) {
        QMessageBox::warning(this, tr("Assign leads"), agents.message());
        return;
    }
    QStringList names;
    QStringList agentIds;
    for (const Agent &agent : *agents) {
        if (agent.active) {
            names.append(agent.name);
            agentIds.append(agent.id);
        }
    }
    bool ok = false;
    const QString name = QInputDialog::getItem(this, tr("Assign leads"),
                                               tr("Give the selected leads (%1) to:").arg(ids.size()),
                                               names, 0, false, &ok);
    if (!ok || names.indexOf(name) < 0)
        return;
    if (auto assigned = m_services.pool->assign(ids, agentIds.at(names.indexOf(name))); !assigned)
        QMessageBox::warning(this, windowTitle(), assigned.message());
}

void PoolView::openCurrent()
{
    if (m_poolTree->currentIndex().isValid())
        emit customerOpened(m_poolModel->idAt(m_poolTree->currentIndex().row()));
}

} // namespace Leadline::Ui
