#pragma once

class QLabel;

namespace Leadline::Ui {

/// Shows a label's text as an error (the one error colour of the UI), or as normal text again.
void markError(QLabel *label, bool error = true);

} // namespace Leadline::Ui
