#pragma once

#include <QStyledItemDelegate>

namespace Leadline::Ui {

/// Draws a list of numbers (the model's value for `role`, a QList<qreal>) as a small line with
/// its last point marked, in the view's palette; the cell's tooltip carries the exact values.
class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SparklineDelegate)

public:
    explicit SparklineDelegate(int role, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace Leadline::Ui
