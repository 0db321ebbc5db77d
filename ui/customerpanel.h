#pragma once

#include "services.h"
#include "core/domain/customer.h"

#include <QWidget>

class QComboBox;
class QGridLayout;
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
    /// A lead score reason's kind (industry, region…) in the UI language; empty when unknown.
    static QString scoreReasonKind(const QString &kind);
    QString customerId() const { return m_customerId; }
    TimelineModel *timeline() const { return m_timeline; }
    /// Puts the cursor in the note field.
    void focusNote();
    /// Opens the editor on the shown customer (Ctrl+E).
    void editCustomer();
    /// Opens the editor on a new, empty customer (Ctrl+Shift+N).
    void newCustomer();

signals:
    /// The panel asks the window to show a customer: one just saved in the editor, or a
    /// duplicate the agent chose to open.
    void openRequested(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showProfile(const QList<QPair<QString, QString>> &fields);
    void onAddNote();
    void onKindFilterChanged();
    void openEditor(const Customer &customer);

    Services m_services;
    QString m_customerId;
    QLabel *m_title;
    QLabel *m_subtitle;
    QWidget *m_profile;
    QGridLayout *m_profileLayout;
    QLabel *m_contacts;
    QLabel *m_timelineLabel;
    QComboBox *m_kindFilter;
    QListView *m_timelineView;
    TimelineModel *m_timeline;
    QLineEdit *m_note;
    QPushButton *m_addNote;
    QPushButton *m_edit;
};

} // namespace Leadline::Ui
