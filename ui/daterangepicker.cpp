#include "daterangepicker.h"

#include "core/domain/clock.h"

#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace Leadline::Ui {

DateRangePicker::DateRangePicker(const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_presets(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
{
    m_presets->setObjectName(QStringLiteral("rangePreset"));
    m_from->setObjectName(QStringLiteral("rangeFrom"));
    m_to->setObjectName(QStringLiteral("rangeTo"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_presets);
    layout->addWidget(m_from);
    layout->addWidget(new QLabel(QStringLiteral("–"), this));
    layout->addWidget(m_to);
    for (int i = Today; i <= Custom; ++i)
        m_presets->addItem(QString());
    retranslateUi();
    connect(m_presets, &QComboBox::activated, this, &DateRangePicker::onPresetChosen);
    connect(m_from, &QDateEdit::dateChanged, this, &DateRangePicker::onDateEdited);
    connect(m_to, &QDateEdit::dateChanged, this, &DateRangePicker::onDateEdited);
    setPreset(ThisMonth);
}

QDate DateRangePicker::today() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs()).date();
}

QDate DateRangePicker::from() const
{
    return m_from->date();
}

QDate DateRangePicker::to() const
{
    return m_to->date();
}

DateRangePicker::Preset DateRangePicker::preset() const
{
    return Preset(m_presets->currentIndex());
}

void DateRangePicker::setPreset(Preset preset)
{
    m_presets->setCurrentIndex(preset);
    const QDate day = today();
    QDate from = day;
    switch (preset) {
    case Today:
        break;
    case ThisWeek:
        from = day.addDays(1 - day.dayOfWeek());
        break;
    case ThisMonth:
        from = QDate(day.year(), day.month(), 1);
        break;
    case Last30Days:
        from = day.addDays(-29);
        break;
    case Custom:
        return;
    }
    m_updating = true;
    m_from->setDate(from);
    m_to->setDate(day);
    m_updating = false;
    emit rangeChanged(from, day);
}

void DateRangePicker::setRange(const QDate &from, const QDate &to)
{
    m_updating = true;
    m_presets->setCurrentIndex(Custom);
    m_from->setDate(from);
    m_to->setDate(to < from ? from : to);
    m_updating = false;
    emit rangeChanged(m_from->date(), m_to->date());
}

void DateRangePicker::onPresetChosen()
{
    setPreset(Preset(m_presets->currentIndex()));
}

void DateRangePicker::onDateEdited()
{
    if (m_updating)
        return;
    m_presets->setCurrentIndex(Custom);
    if (m_to->date() < m_from->date()) {
        m_updating = true;
        m_to->setDate(m_from->date());
        m_updating = false;
    }
    emit rangeChanged(m_from->date(), m_to->date());
}

void DateRangePicker::retranslateUi()
{
    m_presets->setItemText(Today, tr("Today"));
    m_presets->setItemText(ThisWeek, tr("This week"));
    m_presets->setItemText(ThisMonth, tr("This month"));
    m_presets->setItemText(Last30Days, tr("Last 30 days"));
    m_presets->setItemText(Custom, tr("Custom"));
    m_presets->setAccessibleName(tr("Period"));
    m_from->setAccessibleName(tr("First day"));
    m_to->setAccessibleName(tr("Last day"));
}

void DateRangePicker::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace Leadline::Ui
