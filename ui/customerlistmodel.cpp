#include "customerlistmodel.h"

#include "core/customers/customersearchworker.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"

#include <QDateTime>
#include <QLocale>

namespace Leadline::Ui {

CustomerListModel::CustomerListModel(const QString &workspacePath, const Clock &clock,
                                     QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(new CustomerSearchWorker(workspacePath, &clock, &m_latest))
{
    m_thread.setObjectName(QStringLiteral("customer-search"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &CustomerSearchWorker::pageReady, this, &CustomerListModel::onPageReady);
    connect(m_worker, &CustomerSearchWorker::pageFailed, this, &CustomerListModel::onPageFailed);
    connect(m_worker, &CustomerSearchWorker::countReady, this, &CustomerListModel::onCountReady);
    m_thread.start();
}

CustomerListModel::~CustomerListModel()
{
    // The worker's connection belongs to its thread: close it there, then stop the thread.
    CustomerSearchWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void CustomerListModel::setQuery(const QString &text, const CustomerFilter &filter)
{
    m_text = text;
    m_filter = filter;
    refresh();
}

void CustomerListModel::refresh()
{
    const bool running = m_pending || m_fetching;
    ++m_generation;
    m_latest.store(m_generation);
    if (running)
        m_worker->interrupt(); // what it reads now is for a query the agent has typed past
    m_pending = true;
    m_rowsPending = true;
    m_fetching = false;
    request(0, countCap);
}

void CustomerListModel::request(int offset, int countCapValue)
{
    CustomerSearchRequest request;
    request.generation = m_generation;
    request.text = m_text;
    request.filter = m_filter;
    request.sort = m_sort;
    request.offset = offset;
    request.limit = pageSize;
    request.countCap = countCapValue;
    CustomerSearchWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, request] { worker->run(request); },
                              Qt::QueuedConnection);
}

void CustomerListModel::onPageFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation)
        return;
    // What cannot be read is not shown as an answer: the list empties and says why.
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    m_pending = false;
    m_rowsPending = false;
    m_fetching = false;
    m_exhausted = true;
    m_error = message;
    endResetModel();
    emit searchFailed(message);
}

void CustomerListModel::onPageReady(quint64 generation, int offset,
                                    const QList<CustomerHit> &hits, int total)
{
    if (generation != m_generation)
        return; // a newer search replaced this one
    if (offset == 0) {
        beginResetModel();
        m_error.clear();
        m_rows = hits;
        m_rowsPending = false;
        if (total >= 0) {
            m_total = total;
            m_pending = false;
        }
        m_exhausted = hits.size() < pageSize;
        endResetModel();
        emit rowsShown();
        if (!m_pending)
            emit searchFinished(m_total);
        return;
    }
    m_fetching = false;
    if (offset != m_rows.size())
        return;
    m_exhausted = hits.size() < pageSize;
    if (hits.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + hits.size()) - 1);
    m_rows.append(hits);
    endInsertRows();
}

void CustomerListModel::onCountReady(quint64 generation, int total)
{
    if (generation != m_generation || !m_pending || m_rowsPending)
        return;
    m_total = total;
    m_pending = false;
    emit searchFinished(m_total);
}

bool CustomerListModel::isSortable(int column)
{
    return column == NameColumn || column == StageColumn || column == ScoreColumn
           || column == LastContactColumn;
}

void CustomerListModel::sort(int column, Qt::SortOrder order)
{
    CustomerSort sort;
    sort.order = order;
    switch (column) {
    case NameColumn:
        sort.key = CustomerSort::Key::Name;
        break;
    case StageColumn:
        sort.key = CustomerSort::Key::Stage;
        break;
    case ScoreColumn:
        sort.key = CustomerSort::Key::Score;
        break;
    case LastContactColumn:
        sort.key = CustomerSort::Key::LastContact;
        break;
    default:
        sort.key = CustomerSort::Key::Relevance;
        sort.order = Qt::AscendingOrder;
        break;
    }
    if (sort.key == m_sort.key && sort.order == m_sort.order)
        return;
    m_sort = sort;
    refresh();
}

void CustomerListModel::setMaskPhones(bool mask)
{
    if (m_maskPhones == mask)
        return;
    m_maskPhones = mask;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, PhoneColumn), index(int(m_rows.size()) - 1, PhoneColumn));
}

QString CustomerListModel::customerId(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

int CustomerListModel::rowOfCustomer(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

int CustomerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CustomerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CustomerListModel::display(const CustomerHit &hit, int column) const
{
    switch (Column(column)) {
    case NameColumn:
        return hit.name;
    case CompanyColumn:
        return hit.company;
    case PhoneColumn:
        if (hit.phones.isEmpty())
            return QString();
        return m_maskPhones ? PhoneNumbers::masked(hit.phones.first())
                            : PhoneNumbers::display(hit.phones.first());
    case StageColumn:
        return Vocabulary::label(hit.stage);
    case IntentColumn:
        return Vocabulary::label(hit.intent);
    case OwnerColumn:
        return hit.ownerId.isEmpty() ? tr("Pool") : hit.ownerName;
    case ScoreColumn:
        return hit.score;
    case LastContactColumn:
        if (hit.lastContactAt == 0)
            return tr("Never");
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(hit.lastContactAt).date(),
                                  QLocale::ShortFormat);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant CustomerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CustomerHit &hit = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return hit.id;
    case StageValueRole:
        return hit.stage;
    case IntentValueRole:
        return hit.intent;
    case Qt::ToolTipRole:
        if (index.column() == PhoneColumn) {
            QStringList shown;
            for (const QString &phone : hit.phones)
                shown.append(m_maskPhones ? PhoneNumbers::masked(phone) : PhoneNumbers::display(phone));
            return shown.join(QLatin1Char('\n'));
        }
        return {};
    case Qt::DisplayRole:
        return display(hit, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == ScoreColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant CustomerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case CompanyColumn:
        return tr("Company");
    case PhoneColumn:
        return tr("Phone");
    case StageColumn:
        return tr("Stage");
    case IntentColumn:
        return tr("Intent");
    case OwnerColumn:
        return tr("Owner");
    case ScoreColumn:
        return tr("Score");
    case LastContactColumn:
        return tr("Last contact");
    case ColumnCount:
        break;
    }
    return {};
}

bool CustomerListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_pending && !m_fetching && !m_exhausted;
}

void CustomerListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    request(int(m_rows.size()), 0);
}

} // namespace Leadline::Ui
