#include "timelinedelegate.h"

#include <QFontMetrics>
#include <QTextLayout>

#include <cmath>

namespace Leadline::Ui {

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    const QString text = index.data(Qt::DisplayRole).toString();
    const int width = option.rect.width() > 0 ? option.rect.width() - 12 : base.width();
    if (width <= 0 || text.isEmpty())
        return base;

    // Lay the text out the way it will be drawn; each line's own height counts the taller
    // fallback font of Chinese lines, so mixed text gets neither cut nor padded.
    QString laidOut = text;
    laidOut.replace(QLatin1Char('\n'), QChar::LineSeparator);
    QTextLayout layout(laidOut, option.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(textOption);
    layout.beginLayout();
    qreal height = 0;
    while (true) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        height += line.height();
    }
    layout.endLayout();
    return {base.width(), std::max(base.height(), int(std::ceil(height)) + 8)};
}

} // namespace Leadline::Ui
