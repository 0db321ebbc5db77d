#include "conflictsmodel.h"

#include "conflictsview.h"
#include "core/domain/vocabulary.h"

#include <QDateTime>
#include <QLocale>

namespace Leadline::Ui {

ConflictsModel::ConflictsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ConflictsModel::setConflicts(const QList<Conflict> &conflicts)
{
    beginResetModel();
    m_conflicts = conflicts;
    endResetModel();
}

qint64 ConflictsModel::idAt(int row) const
{
    return row >= 0 && row < m_conflicts.size() ? m_conflicts.at(row).id : 0;
}

int ConflictsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_conflicts.size());
}

int ConflictsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConflictsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conflict &conflict = m_conflicts.at(index.row());
    if (role == IdRole)
        return conflict.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case FieldColumn:
        return ConflictsView::fieldLabel(conflict.table, conflict.field);
    case MineColumn:
        return Vocabulary::label(conflict.mine);
    case TheirsColumn:
        return Vocabulary::label(conflict.theirs);
    case WhoColumn:
        return conflict.theirAgentName.isEmpty() ? conflict.theirAgentId : conflict.theirAgentName;
    case WhenColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(conflict.at).toLocalTime(),
                                  QLocale::ShortFormat);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ConflictsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case FieldColumn:
        return tr("Field");
    case MineColumn:
        return tr("Your value (replaced)");
    case TheirsColumn:
        return tr("Their value");
    case WhoColumn:
        return tr("Changed by");
    case WhenColumn:
        return tr("When");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
