#pragma once

#include <QString>

namespace Leadline::Ui {

/// A short human duration for lists: "45 min", "3 h 20 min", "2 d 4 h".
QString durationText(qint64 ms);

} // namespace Leadline::Ui
