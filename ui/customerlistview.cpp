#include "customerlistview.h"

#include "errorstyle.h"
#include "customerlistmodel.h"
#include "elidingcombobox.h"
#include "core/domain/vocabulary.h"
#include "core/customers/customersearch.h"
#include "core/reference/permissions.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>

namespace Leadline::Ui {

namespace {

// Score bands and contact ages offered by the filters: {min, max} and {within, not for} days.
struct Band { int min; int max; };
constexpr Band scoreBands[] = {{-1, -1}, {80, -1}, {50, 79}, {-1, 49}};
struct Age { int within; int notFor; };
constexpr Age contactAges[] = {{-1, -1}, {7, -1}, {30, -1}, {-1, 7}, {-1, 30}};

// Refills a combo box, keeping the chosen value when it is still offered.
void refill(QComboBox *box, const QList<QPair<QString, QVariant>> &items)
{
    const QSignalBlocker blocker(box);
    const QVariant chosen = box->currentData();
    box->clear();
    for (const auto &[text, value] : items)
        box->addItem(text, value);
    box->setCurrentIndex(std::max(0, box->findData(chosen)));
}

} // namespace

CustomerListView::CustomerListView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_model(new CustomerListModel(services.workspacePath, *services.clock, this))
    , m_search(new QLineEdit(this))
    , m_scope(new ElidingComboBox(this))
    , m_stage(new ElidingComboBox(this))
    , m_intent(new ElidingComboBox(this))
    , m_source(new ElidingComboBox(this))
    , m_tag(new ElidingComboBox(this))
    , m_scoreBand(new ElidingComboBox(this))
    , m_lastContact(new ElidingComboBox(this))
    , m_table(new QTableView(this))
    , m_count(new QLabel(this))
    , m_follow(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("customerSearch"));
    m_search->setClearButtonEnabled(true);
    m_scope->setObjectName(QStringLiteral("scopeFilter"));
    m_stage->setObjectName(QStringLiteral("stageFilter"));
    m_intent->setObjectName(QStringLiteral("intentFilter"));
    m_source->setObjectName(QStringLiteral("sourceFilter"));
    m_tag->setObjectName(QStringLiteral("tagFilter"));
    m_scoreBand->setObjectName(QStringLiteral("scoreFilter"));
    m_lastContact->setObjectName(QStringLiteral("lastContactFilter"));
    m_table->setObjectName(QStringLiteral("customerList"));
    m_count->setObjectName(QStringLiteral("customerCount"));
    m_count->setWordWrap(true); // an error names the workspace and what to do

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(false);
    m_table->setColumnWidth(CustomerListModel::NameColumn, 90);
    m_table->setColumnWidth(CustomerListModel::CompanyColumn, 200);
    m_table->setColumnWidth(CustomerListModel::PhoneColumn, 120);
    m_table->setColumnWidth(CustomerListModel::StageColumn, 80);
    m_table->setColumnWidth(CustomerListModel::IntentColumn, 50);
    m_table->setColumnWidth(CustomerListModel::OwnerColumn, 70);
    m_table->setColumnWidth(CustomerListModel::ScoreColumn, 50);

    // The filters share the list's width: each shrinks to a few characters (elided) rather
    // than widening the list to its longest choice.
    for (QComboBox *box : {m_scope, m_stage, m_intent, m_source, m_tag, m_scoreBand, m_lastContact}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(4);
    }
    auto *filters = new QGridLayout;
    filters->setSpacing(4);
    filters->addWidget(m_scope, 0, 0);
    filters->addWidget(m_stage, 0, 1);
    filters->addWidget(m_intent, 0, 2);
    filters->addWidget(m_scoreBand, 0, 3);
    filters->addWidget(m_source, 1, 0);
    filters->addWidget(m_tag, 1, 1);
    filters->addWidget(m_lastContact, 1, 2, 1, 2);
    for (int column = 0; column < 4; ++column)
        filters->setColumnStretch(column, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    retranslateUi();

    // Every key searches at once: the search thread skips what a later key has replaced, so
    // the rows follow the typing within a frame (§7) without waiting for a pause.
    connect(m_search, &QLineEdit::textChanged, this, &CustomerListView::runSearch);
    m_follow->setSingleShot(true);
    m_follow->setInterval(followDelayMs);
    connect(m_follow, &QTimer::timeout, this, [this] {
        if (const QString id = currentCustomerId(); !id.isEmpty())
            emit customerSelected(id);
    });
    for (QComboBox *box : {m_scope, m_stage, m_intent, m_source, m_tag, m_scoreBand, m_lastContact})
        connect(box, &QComboBox::currentIndexChanged, this, &CustomerListView::runSearch);
    connect(m_model, &CustomerListModel::rowsShown, this, &CustomerListView::onRowsShown);
    connect(m_model, &CustomerListModel::searchFinished, this, &CustomerListView::updateCount);
    connect(m_model, &CustomerListModel::searchFailed, this, &CustomerListView::updateCount);
    connect(header, &QHeaderView::sectionClicked, this, &CustomerListView::onHeaderClicked);
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

    QList<QPair<QString, QVariant>> items = {{tr("All customers"), QStringLiteral("all")},
                                             {tr("My customers"), QStringLiteral("mine")},
                                             {tr("Lead pool"), QStringLiteral("pool")}};
    refill(m_scope, items);
    m_scope->setAccessibleName(tr("Owner filter"));

    items = {{tr("All stages"), QString()}};
    for (const QString &stage : Vocabulary::stages())
        items.append({Vocabulary::label(stage), stage});
    refill(m_stage, items);
    m_stage->setAccessibleName(tr("Stage filter"));

    items = {{tr("Any intent"), QString()}};
    for (const QString &intent : Vocabulary::intents())
        items.append({tr("Intent %1").arg(Vocabulary::label(intent)), intent});
    refill(m_intent, items);
    m_intent->setAccessibleName(tr("Intent filter"));

    const QStringList bands = {tr("Any score"), tr("Hot (80+)"), tr("Warm (50-79)"), tr("Cold (<50)")};
    items.clear();
    for (int i = 0; i < bands.size(); ++i)
        items.append({bands.at(i), i});
    refill(m_scoreBand, items);
    m_scoreBand->setAccessibleName(tr("Score filter"));

    const QStringList ages = {tr("Any last contact"), tr("Contacted in 7 days"),
                              tr("Contacted in 30 days"), tr("Not contacted for 7 days"),
                              tr("Not contacted for 30 days")};
    items.clear();
    for (int i = 0; i < ages.size(); ++i)
        items.append({ages.at(i), i});
    refill(m_lastContact, items);
    m_lastContact->setAccessibleName(tr("Last contact filter"));
    m_source->setAccessibleName(tr("Source filter"));
    m_tag->setAccessibleName(tr("Tag filter"));
    reloadFilterChoices();
    updateCount();
}

void CustomerListView::reloadFilterChoices()
{
    const CustomerSearch &search = *m_services.customerSearch;
    // A list of choices that cannot be read leaves its filter off and says why.
    const auto offer = [this](QComboBox *box, const Result<QStringList> &values, const QString &any,
                              const auto &label) {
        QList<QPair<QString, QVariant>> items = {{any, QString()}};
        if (values) {
            for (const QString &value : *values)
                items.append({label(value), value});
        }
        refill(box, items);
        box->setEnabled(values.ok());
        box->setToolTip(values.message());
    };
    offer(m_source, search.sources(), tr("Any source"),
          [](const QString &source) { return Vocabulary::label(source); });
    offer(m_tag, search.tagNames(), tr("Any tag"), [](const QString &tag) { return tag; });
}

void CustomerListView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

Result<QStringList> CustomerListView::matchingIds() const
{
    const auto hits = m_services.customerSearch->search(m_model->text(), currentFilter(),
                                                        100000000, 0,
                                                        m_model->sortOrder());
    if (!hits)
        return hits.error();
    QStringList ids;
    ids.reserve(hits->size());
    for (const CustomerHit &hit : *hits)
        ids.append(hit.id);
    return ids;
}

Result<ExportedTable> CustomerListView::tableAsShown() const
{
    const auto hits = m_services.customerSearch->search(m_model->text(), currentFilter(),
                                                        100000000, 0,
                                                        m_model->sortOrder());
    if (!hits)
        return hits.error();
    const QHeaderView *header = m_table->horizontalHeader();
    QList<int> columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(logical);
    }
    ExportedTable table;
    table.kind = QStringLiteral("customers");
    table.sheet = tr("Customers");
    for (int column : std::as_const(columns))
        table.header.append(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    table.rows.reserve(hits->size());
    for (const CustomerHit &hit : *hits) {
        QVariantList row;
        for (int column : std::as_const(columns))
            row.append(m_model->display(hit, column));
        table.rows.append(row);
    }
    table.detail = {{QStringLiteral("search"), m_model->text()},
                    {QStringLiteral("as_shown"), true}};
    return table;
}

CustomerFilter CustomerListView::currentFilter() const
{
    CustomerFilter filter;
    filter.stage = m_stage->currentData().toString();
    filter.intent = m_intent->currentData().toString();
    filter.source = m_source->currentData().toString();
    filter.tag = m_tag->currentData().toString();
    const QString scope = m_scope->currentData().toString();
    if (scope == QLatin1String("mine"))
        filter.ownerId = m_services.permissions->currentAgentId();
    else if (scope == QLatin1String("pool"))
        filter.poolOnly = true;
    const Band band = scoreBands[std::clamp(m_scoreBand->currentIndex(), 0, 3)];
    filter.minScore = band.min;
    filter.maxScore = band.max;
    const Age age = contactAges[std::clamp(m_lastContact->currentIndex(), 0, 4)];
    filter.contactedWithinDays = age.within;
    filter.notContactedForDays = age.notFor;
    return filter;
}

void CustomerListView::runSearch()
{
    m_keepSelection = currentCustomerId();
    m_model->setQuery(m_search->text(), currentFilter());
    updateCount();
}

void CustomerListView::refresh()
{
    m_keepSelection = currentCustomerId();
    m_model->refresh();
}

void CustomerListView::onRowsShown()
{
    const int row = m_model->rowOfCustomer(m_keepSelection);
    // The rows are painted first: the 360 view follows the first match once the keys pause,
    // so a search never waits for a profile the next key would replace.
    m_reselecting = true;
    if (row >= 0 || m_model->rowCount() > 0)
        m_table->selectRow(row >= 0 ? row : 0);
    m_reselecting = false;
    updateCount();
    if (m_openWhenReady) {
        m_openWhenReady = false;
        m_follow->stop();
        openCurrent();
    } else if (row < 0 && m_model->rowCount() > 0) {
        m_follow->start();
    }
}

void CustomerListView::updateCount()
{
    if (m_model->isSearching()) {
        m_count->setText(tr("Searching…"));
        return;
    }
    if (!m_model->error().isEmpty()) {
        m_count->setText(m_model->error());
        markError(m_count);
        return;
    }
    markError(m_count, false);
    const int total = m_model->totalCount();
    QString text;
    if (m_model->totalIsCapped())
        text = tr("More than %1 customers").arg(QLocale().toString(CustomerListModel::countCap));
    else
        text = tr("%n customer(s)", nullptr, total);
    // A first sync builds the search index last: until then a search reads the rows themselves.
    if (!m_model->text().simplified().isEmpty() && !m_services.customerSearch->indexReady())
        text += QLatin1Char(' ') + tr("(search index being built: names, companies, e-mail and "
                                      "phone digits only)");
    m_count->setText(text);
}

void CustomerListView::onHeaderClicked(int section)
{
    QHeaderView *header = m_table->horizontalHeader();
    const CustomerSort current = m_model->sortOrder();
    if (!CustomerListModel::isSortable(section)) {
        header->setSortIndicatorShown(current.key != CustomerSort::Key::Relevance);
        return;
    }
    const bool sameColumn = header->isSortIndicatorShown() && header->sortIndicatorSection() == section
                            && current.key != CustomerSort::Key::Relevance;
    // Names and stages start A→Z; score and last contact start with the highest/newest.
    const Qt::SortOrder first = section == CustomerListModel::ScoreColumn
                                        || section == CustomerListModel::LastContactColumn
                                    ? Qt::DescendingOrder
                                    : Qt::AscendingOrder;
    m_keepSelection = currentCustomerId();
    if (sameColumn && current.order != first) {
        // Third click: back to best match first.
        header->setSortIndicatorShown(false);
        m_model->sort(-1);
    } else {
        const Qt::SortOrder order = sameColumn ? (first == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                              : Qt::AscendingOrder)
                                               : first;
        header->setSortIndicatorShown(true);
        header->setSortIndicator(section, order);
        m_model->sort(section, order);
    }
    updateCount();
}

void CustomerListView::onCurrentChanged()
{
    const QString id = currentCustomerId();
    if (!id.isEmpty() && !m_reselecting) {
        m_follow->stop();
        emit customerSelected(id);
    }
}

void CustomerListView::applySortIndicator()
{
    const QHeaderView *header = m_table->horizontalHeader();
    const int section = header->sortIndicatorSection();
    if (!header->isSortIndicatorShown() || !CustomerListModel::isSortable(section))
        return;
    m_keepSelection = currentCustomerId();
    m_model->sort(section, header->sortIndicatorOrder());
}

QString CustomerListView::searchText() const
{
    return m_search->text();
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
    const int next = std::clamp(row + delta, 0, m_model->rowCount() - 1);
    if (next + 1 >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    if (next >= 0)
        m_table->selectRow(next);
}

void CustomerListView::openCurrent()
{
    if (!currentCustomerId().isEmpty())
        emit customerOpened(currentCustomerId());
}

bool CustomerListView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (watched == m_search) {
        if (key->key() == Qt::Key_Down) {
            m_table->setFocus();
            if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
                m_table->selectRow(0);
            return true;
        }
        if (enter) {
            // Open the best match of what was typed, even if its search is still running.
            if (m_model->rowsPending())
                m_openWhenReady = true;
            else
                openCurrent();
            return true;
        }
    }
    if (watched == m_table) {
        if (enter) {
            openCurrent();
            return true;
        }
        if (key->key() == Qt::Key_Up && m_table->currentIndex().row() <= 0) {
            focusSearch();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Leadline::Ui
