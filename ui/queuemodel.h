#pragma once

#include "core/queue/queuequery.h"

#include <QAbstractItemModel>

namespace Leadline::Ui {

/// "My queue" as a two-level tree: three section rows (overdue, due today, upcoming) with their
/// full counts, each holding its todos in working order. Section rows are enabled but not
/// selectable; overdue rows are red.
class QueueModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueModel)

public:
    enum Column { WhenColumn, TaskColumn, CustomerColumn, PriorityColumn, ScoreColumn, ColumnCount };
    enum Role { TodoIdRole = Qt::UserRole, CustomerIdRole };

    static const QColor overdueColor;

    explicit QueueModel(QObject *parent = nullptr);

    void setSnapshot(const QueueSnapshot &snapshot);

    /// The index of a todo in the first column, or an invalid index.
    QModelIndex indexOfTodo(const QString &todoId) const;
    /// The first-column indexes of every todo, in working order.
    QModelIndexList todoIndexes() const;
    static bool isSection(const QModelIndex &index);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    static constexpr int sectionCount = 3;
    /// Internal id of a section row; todo rows carry their section + 1 shifted above it.
    static constexpr quintptr sectionId = 0;

    QVariant sectionData(int section, int column, int role) const;
    QVariant todoData(const QueueItem &item, int column, int role) const;

    QueueSnapshot m_snapshot;
    QList<QList<int>> m_rows; ///< per section, indexes into m_snapshot.items
};

} // namespace Leadline::Ui
