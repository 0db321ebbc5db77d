#include "poolmodel.h"

#include "core/domain/phonenumber.h"

#include "durationtext.h"
#include "core/domain/vocabulary.h"

namespace Leadline::Ui {

PoolModel::PoolModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PoolModel::setLeads(const QList<PoolLead> &leads)
{
    beginResetModel();
    m_leads = leads;
    formatPhones();
    endResetModel();
}

void PoolModel::setMaskPhones(bool mask)
{
    if (mask == m_maskPhones)
        return;
    m_maskPhones = mask;
    formatPhones();
    if (!m_leads.isEmpty())
        emit dataChanged(index(0, PhoneColumn), index(int(m_leads.size()) - 1, PhoneColumn));
}

// Parsing a number is costly; the views ask for each row's phone many times (sizing, painting).
void PoolModel::formatPhones()
{
    m_phoneTexts.clear();
    m_phoneTexts.reserve(m_leads.size());
    for (const PoolLead &lead : std::as_const(m_leads))
        m_phoneTexts.append(m_maskPhones ? PhoneNumbers::masked(lead.phoneE164)
                                         : PhoneNumbers::display(lead.phoneE164));
}

QString PoolModel::idAt(int row) const
{
    return row >= 0 && row < m_leads.size() ? m_leads.at(row).customerId : QString();
}

int PoolModel::rowOf(const QString &customerId) const
{
    for (int row = 0; row < m_leads.size(); ++row) {
        if (m_leads.at(row).customerId == customerId)
            return row;
    }
    return -1;
}

int PoolModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_leads.size());
}

int PoolModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PoolModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PoolLead &lead = m_leads.at(index.row());
    if (role == IdRole)
        return lead.customerId;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case NameColumn:
        return lead.name;
    case PhoneColumn:
        if (lead.phoneE164.isEmpty())
            return QString();
        return m_phoneTexts.value(index.row());
    case CompanyColumn:
        return lead.company;
    case SourceColumn:
        return Vocabulary::label(lead.source);
    case ScoreColumn:
        return QString::number(lead.score);
    case AgeColumn:
        return durationText(lead.ageMs);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PoolModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Lead");
    case PhoneColumn:
        return tr("Phone");
    case CompanyColumn:
        return tr("Company");
    case SourceColumn:
        return tr("Source");
    case ScoreColumn:
        return tr("Score");
    case AgeColumn:
        return tr("Age");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
