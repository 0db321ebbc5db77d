#include "errorstyle.h"

#include <QLabel>

namespace Leadline::Ui {

QColor errorColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

void markError(QLabel *label, bool error)
{
    label->setStyleSheet(error ? QStringLiteral("color: %1;").arg(errorColor().name()) : QString());
}

} // namespace Leadline::Ui
