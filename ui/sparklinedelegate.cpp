#include "sparklinedelegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace Leadline::Ui {

SparklineDelegate::SparklineDelegate(int role, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_role(role)
{}

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const QList<qreal> values = index.data(m_role).value<QList<qreal>>();
    if (values.size() < 2)
        return;
    const QRectF area = QRectF(option.rect).adjusted(4, 4, -6, -4);
    const auto [low, high] = std::minmax_element(values.cbegin(), values.cend());
    const qreal range = *high - *low > 0 ? *high - *low : 1.0;
    const qreal step = area.width() / qreal(values.size() - 1);
    QPainterPath path;
    QPointF last;
    for (qsizetype i = 0; i < values.size(); ++i) {
        last = QPointF(area.left() + step * qreal(i),
                       area.bottom() - (values.at(i) - *low) / range * area.height());
        if (i == 0)
            path.moveTo(last);
        else
            path.lineTo(last);
    }
    const bool selected = option.state & QStyle::State_Selected;
    const QColor line = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Link);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(line, 1.5));
    painter->drawPath(path);
    painter->setBrush(line);
    painter->drawEllipse(last, 2.5, 2.5);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(base.width(), 120), std::max(base.height(), 24)};
}

} // namespace Leadline::Ui
