#include "datetimedialog.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace Leadline::Ui {

DateTimeDialog::DateTimeDialog(const QString &title, const QString &prompt, qint64 initialMs,
                               QWidget *parent)
    : QDialog(parent)
    , m_edit(new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(initialMs), this))
{
    setObjectName(QStringLiteral("dateTimeDialog"));
    setWindowTitle(title);
    m_edit->setObjectName(QStringLiteral("dateTimeEdit"));
    m_edit->setCalendarPopup(true);
    m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    auto *label = new QLabel(prompt, this);
    label->setBuddy(m_edit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_edit);
    layout->addWidget(buttons);
}

qint64 DateTimeDialog::pickedMs() const
{
    return m_edit->dateTime().toMSecsSinceEpoch();
}

} // namespace Leadline::Ui
