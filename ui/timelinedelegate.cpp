#include "timelinedelegate.h"

#include <QFontMetrics>
#include <QTextLayout>

namespace Leadline::Ui {

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    const QString text = index.data(Qt::DisplayRole).toString();
    const int width = option.rect.width() > 0 ? option.rect.width() - 12 : base.width();
    if (width <= 0 || text.isEmpty())
        return base;

    // Lay the text out the way it will be drawn and add the taller CJK line height.
    QString laidOut = text;
    laidOut.replace(QLatin1Char('\n'), QChar::LineSeparator);
    QTextLayout layout(laidOut, option.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(textOption);
    layout.beginLayout();
    int lines = 0;
    while (true) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        ++lines;
    }
    layout.endLayout();
    const int lineHeight = QFontMetrics(option.font).height() * 13 / 10;
    return {base.width(), std::max(base.height(), lines * lineHeight + 8)};
}

} // namespace Leadline::Ui
