#pragma once

#include <QComboBox>

namespace Leadline::Ui {

/// A combo box that, when narrower than its current text, ends the text with "…" instead of
/// cutting it off mid-letter (the list's filters at small window widths).
class ElidingComboBox final : public QComboBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidingComboBox)

public:
    using QComboBox::QComboBox;

    /// The text as drawn in the box's current width.
    QString displayedText() const;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace Leadline::Ui
