#pragma once

#include "services.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace Leadline::Ui {

class TimelineModel;

/// The customer 360 view: profile, contacts and phones, tags, score, and the timeline.
class CustomerPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerPanel)

public:
    explicit CustomerPanel(const Services &services, QWidget *parent = nullptr);

    void showCustomer(const QString &id);
    /// Reloads the shown customer (after a call was logged or a sync).
    void reload();
    QString customerId() const { return m_customerId; }
    TimelineModel *timeline() const { return m_timeline; }
    /// Puts the cursor in the note field.
    void focusNote();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onAddNote();
    void onKindFilterChanged();

    Services m_services;
    QString m_customerId;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_profile;
    QLabel *m_contacts;
    QLabel *m_timelineLabel;
    QComboBox *m_kindFilter;
    QListView *m_timelineView;
    TimelineModel *m_timeline;
    QLineEdit *m_note;
    QPushButton *m_addNote;
};

} // namespace Leadline::Ui
