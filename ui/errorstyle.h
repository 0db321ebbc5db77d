#pragma once

#include <QColor>

class QLabel;

namespace Leadline::Ui {

/// The one error colour of the UI.
QColor errorColor();

/// Shows a label's text as an error (in errorColor()), or as normal text again.
void markError(QLabel *label, bool error = true);

} // namespace Leadline::Ui
