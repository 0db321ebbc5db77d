#pragma once

#include "core/sync/conflictlog.h"

#include <QAbstractTableModel>

namespace Leadline::Ui {

/// The conflicts this client lost, one per row, with values shown in the UI language.
class ConflictsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictsModel)

public:
    enum Column { FieldColumn, MineColumn, TheirsColumn, WhoColumn, WhenColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole };

    explicit ConflictsModel(QObject *parent = nullptr);

    /// Replaces the rows.
    void setConflicts(const QList<Conflict> &conflicts);
    /// The conflict's id in the log (0 for an invalid row).
    qint64 idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Conflict> m_conflicts;
};

} // namespace Leadline::Ui
