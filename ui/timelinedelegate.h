#pragma once

#include <QStyledItemDelegate>

namespace Leadline::Ui {

/// Draws timeline entries with room for mixed Latin and CJK lines: the fallback CJK font is
/// taller than the widget font the base delegate measures with, which would clip wrapped lines.
class TimelineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Leadline::Ui
