#include "auditview.h"

#include "auditmodel.h"
#include "daterangepicker.h"
#include "errorstyle.h"
#include "core/domain/activity.h"
#include "core/reference/auditquery.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Leadline::Ui {

AuditView::AuditView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_who(new QComboBox(this))
    , m_action(new QComboBox(this))
    , m_range(new DateRangePicker(*services.clock, this))
    , m_whoLabel(new QLabel(this))
    , m_actionLabel(new QLabel(this))
    , m_status(new QLabel(this))
    , m_model(new AuditModel(this))
    , m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("auditView"));
    m_who->setObjectName(QStringLiteral("auditWho"));
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_range->setObjectName(QStringLiteral("auditRange"));
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_tree->setObjectName(QStringLiteral("auditTree"));
    m_whoLabel->setBuddy(m_who);
    m_actionLabel->setBuddy(m_action);
    m_range->setPreset(DateRangePicker::Last30Days);

    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The details keep room for a sentence even in a narrow tab (the list scrolls sideways, and
    // the whole text is the row's tooltip); the workstation takes what is left.
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(AuditModel::TimeColumn, QHeaderView::ResizeToContents);
    m_tree->header()->resizeSection(AuditModel::DetailColumn,
                                    m_tree->fontMetrics().averageCharWidth() * 40);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_whoLabel);
    filters->addWidget(m_who, 1);
    filters->addWidget(m_actionLabel);
    filters->addWidget(m_action, 1);
    filters->addWidget(m_range);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    setFocusProxy(m_tree);

    retranslateUi();
    fillFilters();
    connect(m_who, &QComboBox::currentIndexChanged, this, &AuditView::refresh);
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditView::refresh);
    connect(m_range, &DateRangePicker::rangeChanged, this, &AuditView::refresh);
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        if (changes.touches({"agents"}))
            fillFilters();
        if (changes.touches({"audit_log", "agents"}))
            refresh();
    });
    refresh();
}

void AuditView::fillFilters()
{
    const QSignalBlocker blockWho(m_who);
    const QString who = m_who->currentData().toString();
    m_who->clear();
    m_who->addItem(tr("Everyone"), QString());
    if (const auto agents = m_services.reference->agents()) {
        for (const Agent &agent : *agents)
            m_who->addItem(agent.name, agent.id);
    }
    m_who->setCurrentIndex(std::max(0, m_who->findData(who)));

    const QSignalBlocker blockAction(m_action);
    const QString action = m_action->currentData().toString();
    m_action->clear();
    m_action->addItem(tr("All actions"), QString());
    for (const QString &name : AuditQuery::actions())
        m_action->addItem(AuditModel::actionLabel(name), name);
    m_action->setCurrentIndex(std::max(0, m_action->findData(action)));
}

void AuditView::refresh()
{
    if (!m_services.audit)
        return;
    AuditFilter filter;
    filter.agentId = m_who->currentData().toString();
    filter.action = m_action->currentData().toString();
    filter.fromMs = m_range->from().startOfDay().toMSecsSinceEpoch();
    filter.toMs = m_range->to().addDays(1).startOfDay().toMSecsSinceEpoch();
    auto entries = m_services.audit->find(filter);
    if (!entries) {
        m_model->setEntries({}, {});
        m_status->setText(entries.message());
        markError(m_status);
        return;
    }
    const auto names = m_services.reference->agentNames();
    const auto teams = m_services.reference->teamNames();
    if (!names || !teams) {
        m_model->setEntries({}, {});
        m_status->setText(!names ? names.message() : teams.message());
        markError(m_status);
        return;
    }
    QHash<QString, QString> shown = *teams;
    shown.insert(*names);
    m_model->setEntries(*entries, shown);
    markError(m_status, false);
    m_status->setText(entries->size() >= filter.limit
                          ? tr("The newest %n entries; narrow the filter to see older ones.",
                               nullptr, int(entries->size()))
                          : tr("%n entries", nullptr, int(entries->size())));
}

void AuditView::retranslateUi()
{
    setWindowTitle(tr("Audit"));
    m_whoLabel->setText(tr("W&ho:"));
    m_actionLabel->setText(tr("Ac&tion:"));
    m_tree->setAccessibleName(tr("Audit log"));
}

void AuditView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        fillFilters();
        refresh();
    }
    QWidget::changeEvent(event);
}

} // namespace Leadline::Ui
