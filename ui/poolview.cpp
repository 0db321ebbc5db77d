#include "poolview.h"

#include "durationtext.h"
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
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

enum PoolColumn { NameColumn, CompanyColumn, SourceColumn, ScoreColumn, AgeColumn, PoolColumnCount };
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
    , m_poolTree(makeTree(this, QStringLiteral("poolTree"), PoolColumnCount))
    , m_watchedLabel(new QLabel(this))
    , m_watchedTree(makeTree(this, QStringLiteral("watchedTree"), WatchedColumnCount))
    , m_tick(new QTimer(this))
    , m_claimAction(new QAction(this))
    , m_assignAction(new QAction(this))
    , m_openAction(new QAction(this))
    , m_refreshAction(new QAction(this))
{
    setObjectName(QStringLiteral("poolView"));
    m_poolTree->setSelectionMode(QAbstractItemView::ExtendedSelection);
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

    m_poolLabel->setWordWrap(true);
    m_watchedLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_poolLabel);
    layout->addWidget(m_poolTree, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_watchedLabel);
    layout->addWidget(m_watchedTree, 2);

    connect(m_poolTree, &QTreeWidget::itemSelectionChanged, this, &PoolView::updateActions);
    connect(m_poolTree, &QTreeWidget::itemActivated, this, &PoolView::openCurrent);
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
    m_poolTree->setHeaderLabels({tr("Lead"), tr("Company"), tr("Source"), tr("Score"), tr("Age")});
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
    const QHash<QString, QString> names =
        m_services.reference ? m_services.reference->agentNames() : QHash<QString, QString>();

    m_poolTree->clear();
    m_watchedTree->clear();
    const auto leads = m_services.pool->pool();
    const QString me = m_services.permissions->currentAgentId();
    const auto watched = m_services.pool->watched(isSupervisor() ? QString() : me);
    if (!leads || !watched) {
        // What cannot be read is not shown as an empty pool.
        m_poolLabel->setText(!leads ? leads.message() : watched.message());
        m_poolLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    m_poolLabel->setStyleSheet(QString());
    for (const PoolLead &lead : *leads) {
        auto *item = new QTreeWidgetItem(m_poolTree, {lead.name, lead.company, lead.source,
                                                      QString::number(lead.score),
                                                      durationText(lead.ageMs)});
        item->setData(0, CustomerIdRole, lead.customerId);
        item->setSelected(selected.contains(lead.customerId));
    }
    if (!m_poolTree->currentItem() && m_poolTree->topLevelItemCount() > 0)
        m_poolTree->setCurrentItem(m_poolTree->topLevelItem(0), 0, QItemSelectionModel::NoUpdate);
    const PoolPolicy policy = m_services.pool->policy();
    const int claimed = m_services.pool->claimedToday(me);
    m_poolLabel->setText(tr("%1 leads in the pool · you claimed %2 of %3 today")
                             .arg(m_services.pool->poolCount())
                             .arg(claimed)
                             .arg(policy.claimCap));

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
            .arg(policy.returnWindowMs / (3600 * 1000)));
    for (QTreeWidget *tree : {m_poolTree, m_watchedTree}) {
        for (int column = 1; column < tree->columnCount(); ++column)
            tree->resizeColumnToContents(column);
    }
    updateActions();
}

void PoolView::updateActions()
{
    const bool any = !selectedPoolIds().isEmpty();
    m_claimAction->setEnabled(any);
    m_assignAction->setEnabled(any);
    m_assignAction->setVisible(isSupervisor());
    m_openAction->setEnabled(m_poolTree->currentItem() != nullptr);
    for (QToolButton *button : std::as_const(m_buttons))
        button->setVisible(button->defaultAction()->isVisible());
}

QStringList PoolView::selectedPoolIds() const
{
    QStringList ids;
    for (const QTreeWidgetItem *item : m_poolTree->selectedItems())
        ids.append(item->data(0, CustomerIdRole).toString());
    if (ids.isEmpty() && m_poolTree->currentItem())
        ids.append(m_poolTree->currentItem()->data(0, CustomerIdRole).toString());
    return ids;
}

void PoolView::claimSelected()
{
    if (auto claimed = m_services.pool->claim(selectedPoolIds()); !claimed)
        QMessageBox::warning(this, windowTitle(), claimed.message());
}

void PoolView::assignSelected()
{
    const QStringList ids = selectedPoolIds();
    if (ids.isEmpty() || !isSupervisor())
        return;
    QStringList names;
    QStringList agentIds;
    for (const Agent &agent : m_services.reference->agents()) {
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
    if (const QTreeWidgetItem *item = m_poolTree->currentItem())
        emit customerOpened(item->data(0, CustomerIdRole).toString());
}

} // namespace Leadline::Ui
