#pragma once

#include <QDialog>

class QDateTimeEdit;
class QLabel;

namespace Leadline::Ui {

/// Asks for a date and time (snooze "pick…" and reschedule).
class DateTimeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DateTimeDialog)

public:
    DateTimeDialog(const QString &title, const QString &prompt, qint64 initialMs,
                   QWidget *parent = nullptr);

    qint64 pickedMs() const;

private:
    QDateTimeEdit *m_edit;
};

} // namespace Leadline::Ui
