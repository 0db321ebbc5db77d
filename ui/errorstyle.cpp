#include "errorstyle.h"

#include <QLabel>

namespace Leadline::Ui {

void markError(QLabel *label, bool error)
{
    label->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

} // namespace Leadline::Ui
