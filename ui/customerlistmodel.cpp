#include "customerlistmodel.h"

#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/storage/localstore.h"

#include <QDateTime>
#include <QLocale>

namespace Leadline::Ui {

CustomerListModel::CustomerListModel(LocalStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{}

void CustomerListModel::setQuery(const QString &text, const CustomerFilter &filter)
{
    m_text = text;
    m_filter = filter;
    refresh();
}

void CustomerListModel::refresh()
{
    const CustomerSearch search(m_store);
    beginResetModel();
    m_rows = search.search(m_text, m_filter, pageSize);
    m_total = m_rows.size() < pageSize ? int(m_rows.size()) : search.count(m_text, m_filter);
    endResetModel();
    emit searchFinished(m_total);
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
        switch (Column(index.column())) {
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
    return !parent.isValid() && m_rows.size() < m_total;
}

void CustomerListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid())
        return;
    const QList<CustomerHit> more = CustomerSearch(m_store).search(m_text, m_filter, pageSize,
                                                                   int(m_rows.size()));
    if (more.isEmpty()) {
        m_total = int(m_rows.size());
        return;
    }
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + more.size()) - 1);
    m_rows.append(more);
    endInsertRows();
}

} // namespace Leadline::Ui
