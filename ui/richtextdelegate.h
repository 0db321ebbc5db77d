#pragma once

#include <QStyledItemDelegate>

class QTextDocument;

namespace Leadline::Ui {

/// Draws a row's rich text (the given role, HTML) wrapped to the view's width, with the
/// selection and focus drawn by the style as for plain rows. Rows are as tall as their text,
/// so mixed Latin and CJK lines are never clipped.
class RichTextDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RichTextDelegate)

public:
    RichTextDelegate(int htmlRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    /// Lays out the row's HTML in document for the width the row gets.
    void layOut(QTextDocument &document, const QStyleOptionViewItem &option,
                const QModelIndex &index) const;

    int m_htmlRole;
};

} // namespace Leadline::Ui
