#include "queuemodel.h"

#include "core/domain/vocabulary.h"

#include "durationtext.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace Leadline::Ui {

const QColor QueueModel::overdueColor(0xc6, 0x28, 0x28);

QueueModel::QueueModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_rows(sectionCount)
{}

void QueueModel::setSnapshot(const QueueSnapshot &snapshot)
{
    beginResetModel();
    m_snapshot = snapshot;
    m_rows = QList<QList<int>>(sectionCount);
    for (int i = 0; i < m_snapshot.items.size(); ++i)
        m_rows[int(m_snapshot.items.at(i).section)].append(i);
    endResetModel();
}

QModelIndex QueueModel::indexOfTodo(const QString &todoId) const
{
    for (int section = 0; section < sectionCount; ++section) {
        const QList<int> &rows = m_rows.at(section);
        for (int row = 0; row < rows.size(); ++row) {
            if (m_snapshot.items.at(rows.at(row)).todo.id == todoId)
                return createIndex(row, 0, quintptr(section + 1));
        }
    }
    return {};
}

QModelIndexList QueueModel::todoIndexes() const
{
    QModelIndexList out;
    for (int section = 0; section < sectionCount; ++section) {
        for (int row = 0; row < m_rows.at(section).size(); ++row)
            out.append(createIndex(row, 0, quintptr(section + 1)));
    }
    return out;
}

bool QueueModel::isSection(const QModelIndex &index)
{
    return index.isValid() && index.internalId() == sectionId;
}

QModelIndex QueueModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, sectionId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex QueueModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == sectionId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, sectionId);
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return sectionCount;
    if (parent.internalId() == sectionId && parent.column() == 0)
        return int(m_rows.at(parent.row()).size());
    return 0;
}

int QueueModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags QueueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index))
        return Qt::NoItemFlags;
    if (isSection(index))
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index))
        return {};
    if (isSection(index))
        return sectionData(index.row(), index.column(), role);
    const int section = int(index.internalId() - 1);
    return todoData(m_snapshot.items.at(m_rows.at(section).at(index.row())), index.column(), role);
}

QVariant QueueModel::sectionData(int section, int column, int role) const
{
    if (role == Qt::FontRole) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ForegroundRole && section == int(QueueItem::Section::Overdue))
        return overdueColor;
    if ((role != Qt::DisplayRole && role != Qt::AccessibleTextRole) || column != WhenColumn)
        return {};
    const int counts[] = {m_snapshot.overdueCount, m_snapshot.todayCount, m_snapshot.upcomingCount};
    const QString names[] = {tr("Overdue"), tr("Due today"), tr("Upcoming")};
    const qsizetype shown = m_rows.at(section).size();
    if (counts[section] > shown)
        return tr("%1 (%2, the first %3 shown)").arg(names[section]).arg(counts[section]).arg(shown);
    return tr("%1 (%2)").arg(names[section]).arg(counts[section]);
}

QVariant QueueModel::todoData(const QueueItem &item, int column, int role) const
{
    const bool overdue = item.section == QueueItem::Section::Overdue;
    switch (role) {
    case TodoIdRole:
        return item.todo.id;
    case CustomerIdRole:
        return item.todo.customerId;
    case Qt::ForegroundRole:
        return overdue ? QVariant(overdueColor) : QVariant();
    case Qt::ToolTipRole:
        if (column == TaskColumn)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(item.todo.dueAt), QLocale::LongFormat);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(column)) {
    case WhenColumn: {
        if (overdue)
            return tr("%1 late").arg(durationText(item.lateMs));
        const QDateTime due = QDateTime::fromMSecsSinceEpoch(item.todo.dueAt);
        if (due.date() == QDateTime::fromMSecsSinceEpoch(m_snapshot.nowMs).date())
            return due.toString(QStringLiteral("HH:mm"));
        return QLocale().toString(due, QStringLiteral("MM-dd ddd HH:mm"));
    }
    case TaskColumn:
        return Vocabulary::label(item.todo.title);
    case CustomerColumn:
        return item.customerCompany.isEmpty() ? item.customerName
                                              : item.customerName + QStringLiteral(" · ") + item.customerCompany;
    case PriorityColumn: {
        const QString priorities[] = {tr("High"), tr("Normal"), tr("Low")};
        return priorities[qBound(1, item.todo.priority, 3) - 1];
    }
    case ScoreColumn:
        return QString::number(item.customerScore);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case WhenColumn:
        return tr("When");
    case TaskColumn:
        return tr("Task");
    case CustomerColumn:
        return tr("Customer");
    case PriorityColumn:
        return tr("Priority");
    case ScoreColumn:
        return tr("Score");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
