#pragma once

#include <QDate>
#include <QWidget>

class QComboBox;
class QDateEdit;

namespace Leadline {
class Clock;
}

namespace Leadline::Ui {

/// A period of whole days: today, this week (from Monday), this month, the last 30 days, or
/// custom dates. "Today" comes from the injected clock.
class DateRangePicker final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DateRangePicker)

public:
    enum Preset { Today, ThisWeek, ThisMonth, Last30Days, Custom };

    explicit DateRangePicker(const Clock &clock, QWidget *parent = nullptr);

    QDate from() const;
    QDate to() const;
    Preset preset() const;
    void setPreset(Preset preset);
    /// Custom dates (to is moved to from when before it).
    void setRange(const QDate &from, const QDate &to);

signals:
    /// The period changed (by a preset or by editing the dates).
    void rangeChanged(const QDate &from, const QDate &to);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onPresetChosen();
    void onDateEdited();
    QDate today() const;

    const Clock &m_clock;
    QComboBox *m_presets;
    QDateEdit *m_from;
    QDateEdit *m_to;
    bool m_updating = false;
};

} // namespace Leadline::Ui
