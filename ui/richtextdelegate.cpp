#include "richtextdelegate.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>
#include <QtMath>

namespace Leadline::Ui {

namespace {

constexpr int horizontalMargin = 4;
constexpr int verticalMargin = 3;
constexpr int narrowestWidth = 120;

} // namespace

RichTextDelegate::RichTextDelegate(int htmlRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_htmlRole(htmlRole)
{}

void RichTextDelegate::layOut(QTextDocument &document, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    int width = option.rect.width();
    // A list view asks for size hints with an empty rectangle: use its viewport's width.
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget); view && width <= 0)
        width = view->viewport()->width();
    document.setDefaultFont(option.font);
    document.setDocumentMargin(0);
    document.setHtml(index.data(m_htmlRole).toString());
    document.setTextWidth(qMax(narrowestWidth, width - 2 * horizontalMargin));
}

void RichTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // The style draws the background, selection and focus; the text is drawn below.
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    QTextDocument document;
    layOut(document, option, index);
    QAbstractTextDocumentLayout::PaintContext context;
    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    context.palette = opt.palette;
    context.palette.setColor(QPalette::Text, opt.palette.color(
                                                 selected ? QPalette::HighlightedText : QPalette::Text));
    painter->save();
    painter->translate(option.rect.topLeft() + QPoint(horizontalMargin, verticalMargin));
    painter->setClipRect(QRect(QPoint(0, 0), option.rect.size()));
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize RichTextDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    opt.rect.setWidth(0); // wrap to the viewport, not to the last row's width
    QTextDocument document;
    layOut(document, opt, index);
    return QSize(qCeil(document.textWidth()) + 2 * horizontalMargin,
                 qCeil(document.size().height()) + 2 * verticalMargin);
}

} // namespace Leadline::Ui
