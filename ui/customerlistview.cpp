#include "customerlistview.h"

#include "customerlistmodel.h"
#include "core/domain/vocabulary.h"
#include "core/storage/localstore.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Leadline::Ui {

CustomerListView::CustomerListView(LocalStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new CustomerListModel(store, this))
    , m_search(new QLineEdit(this))
    , m_stage(new QComboBox(this))
    , m_scope(new QComboBox(this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("customerSearch"));
    m_search->setClearButtonEnabled(true);
    m_stage->setObjectName(QStringLiteral("stageFilter"));
    m_scope->setObjectName(QStringLiteral("scopeFilter"));
    m_table->setObjectName(QStringLiteral("customerList"));
    m_count->setObjectName(QStringLiteral("customerCount"));

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(CustomerListModel::NameColumn, 90);
    m_table->setColumnWidth(CustomerListModel::CompanyColumn, 200);
    m_table->setColumnWidth(CustomerListModel::PhoneColumn, 120);
    m_table->setColumnWidth(CustomerListModel::StageColumn, 80);
    m_table->setColumnWidth(CustomerListModel::IntentColumn, 50);
    m_table->setColumnWidth(CustomerListModel::OwnerColumn, 70);
    m_table->setColumnWidth(CustomerListModel::ScoreColumn, 50);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_scope, 1);
    filters->addWidget(m_stage, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    retranslateUi();

    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &CustomerListView::runSearch);
    connect(m_stage, &QComboBox::currentIndexChanged, this, &CustomerListView::runSearch);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &CustomerListView::runSearch);
    connect(m_model, &CustomerListModel::searchFinished, this, &CustomerListView::onSearchFinished);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CustomerListView::onCurrentChanged);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit customerOpened(m_model->customerId(index.row()));
    });
    m_search->installEventFilter(this);
    m_table->installEventFilter(this);

    runSearch();
}

void CustomerListView::retranslateUi()
{
    m_search->setPlaceholderText(tr("Search name, company, phone, e-mail, tag (Ctrl+F)"));
    m_search->setAccessibleName(tr("Customer search"));
    m_table->setAccessibleName(tr("Customer list"));

    const QSignalBlocker stageBlocker(m_stage);
    const int stageIndex = std::max(0, m_stage->currentIndex());
    m_stage->clear();
    m_stage->addItem(tr("All stages"), QString());
    for (const QString &stage : Vocabulary::stages())
        m_stage->addItem(Vocabulary::label(stage), stage);
    m_stage->setCurrentIndex(stageIndex);
    m_stage->setAccessibleName(tr("Stage filter"));

    const QSignalBlocker scopeBlocker(m_scope);
    const int scopeIndex = std::max(0, m_scope->currentIndex());
    m_scope->clear();
    m_scope->addItem(tr("All customers"), QStringLiteral("all"));
    m_scope->addItem(tr("My customers"), QStringLiteral("mine"));
    m_scope->addItem(tr("Lead pool"), QStringLiteral("pool"));
    m_scope->setCurrentIndex(scopeIndex);
    m_scope->setAccessibleName(tr("Owner filter"));
    onSearchFinished(m_model->totalCount());
}

void CustomerListView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CustomerListView::runSearch()
{
    CustomerFilter filter;
    filter.stage = m_stage->currentData().toString();
    const QString scope = m_scope->currentData().toString();
    if (scope == QLatin1String("mine"))
        filter.ownerId = m_store.currentAgentId();
    else if (scope == QLatin1String("pool"))
        filter.poolOnly = true;
    const QString previous = currentCustomerId();
    m_model->setQuery(m_search->text(), filter);
    const int row = m_model->rowOfCustomer(previous);
    m_table->selectRow(row >= 0 ? row : 0);
}

void CustomerListView::refresh()
{
    const QString previous = currentCustomerId();
    m_model->refresh();
    const int row = m_model->rowOfCustomer(previous);
    if (row >= 0)
        m_table->selectRow(row);
}

void CustomerListView::onSearchFinished(int total)
{
    m_count->setText(tr("%n customer(s)", nullptr, total));
}

void CustomerListView::onCurrentChanged()
{
    const QString id = currentCustomerId();
    if (!id.isEmpty())
        emit customerSelected(id);
}

QString CustomerListView::currentCustomerId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->customerId(current.row()) : QString();
}

void CustomerListView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CustomerListView::step(int delta)
{
    const int row = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    int next = row + delta;
    if (next >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    next = std::clamp(next, 0, m_model->rowCount() - 1);
    if (next >= 0)
        m_table->selectRow(next);
}

bool CustomerListView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_search) {
        if (key->key() == Qt::Key_Down) {
            m_table->setFocus();
            if (!m_table->currentIndex().isValid())
                m_table->selectRow(0);
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (m_debounce->isActive()) {
                m_debounce->stop();
                runSearch();
            }
            if (!currentCustomerId().isEmpty())
                emit customerOpened(currentCustomerId());
            return true;
        }
    }
    if (watched == m_table && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        if (!currentCustomerId().isEmpty())
            emit customerOpened(currentCustomerId());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Leadline::Ui
