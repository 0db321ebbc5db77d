#pragma once

#include "services.h"
#include "core/domain/customer.h"
#include "core/domain/result.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTimer;

namespace Leadline::Ui {

/// Edits every field of one customer (or a new one): profile, stage, intent, owner, tags,
/// custom fields and contacts with several phones each. Problems show next to their field;
/// matching customers show while a phone or e-mail is typed, and supervisors can merge them
/// in. Ctrl+S saves, Esc cancels.
class CustomerEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CustomerEditor)

public:
    explicit CustomerEditor(const Services &services, QWidget *parent = nullptr);

    /// Fills the form with a stored customer (empty id: a new customer).
    void setCustomer(const Customer &customer);
    /// The customer as the form now describes it.
    Customer customer() const;
    /// Validates and saves; on success the dialog closes with Accepted.
    bool save();

signals:
    /// A customer was saved (created or edited) from this editor.
    void customerSaved(const QString &id);
    /// The agent asked to open a duplicate found while typing.
    void openRequested(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showErrors(const QList<Leadline::Error> &errors);
    void checkDuplicates();
    void onMerge();
    void onUndoMerge();
    void addContactRow(const Contact &contact);
    void addCustomFieldRow(const QString &key, const QString &value);

    Services m_services;
    Customer m_original;
    QLineEdit *m_name;
    QLineEdit *m_company;
    QLineEdit *m_title;
    QLineEdit *m_email;
    QLineEdit *m_industry;
    QLineEdit *m_region;
    QLineEdit *m_source;
    QComboBox *m_customerType;
    QComboBox *m_stage;
    QComboBox *m_intent;
    QComboBox *m_owner;
    QDoubleSpinBox *m_amount;
    QLineEdit *m_tags;
    QTableWidget *m_contacts;
    QTableWidget *m_customFields;
    QPushButton *m_addContact;
    QPushButton *m_removeContact;
    QPushButton *m_addField;
    QPushButton *m_removeField;
    QListWidget *m_duplicates;
    QPushButton *m_merge;
    QPushButton *m_undoMerge;
    QLabel *m_duplicatesLabel;
    QLabel *m_generalError;
    QPushButton *m_saveButton;
    QPushButton *m_cancelButton;
    QHash<QString, QLabel *> m_errorLabels; ///< field name → its message label
    QHash<QString, QLabel *> m_formLabels;  ///< field name → its caption
    QTimer *m_duplicateTimer;
    QString m_lastMergeId;
    bool m_maskPhones = true; ///< agents see stored numbers masked (Permissions::SeeFullPhones)
};

} // namespace Leadline::Ui
