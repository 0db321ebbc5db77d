#pragma once

#include "services.h"

#include "core/importexport/exporter.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace Leadline::Ui {

/// Exports what the window shows (§2.8): the customer list as filtered, sorted and laid out on
/// screen, the calls of those customers, or the calls of the open customer; CSV (UTF-8 with
/// BOM) or XLSX. The Exporter writes the file and records the export in the audit trail.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    enum What { CustomersAsShown, CallsOfList, CallsOfCustomer };

    /// listTable: the customer list as shown; listIds: its customers' ids in order.
    ExportDialog(const Services &services, std::function<Result<ExportedTable>()> listTable,
                 std::function<Result<QStringList>()> listIds, QString currentCustomerId,
                 QString currentCustomerName, QWidget *parent = nullptr);

    void setWhat(What what);
    void setPath(const QString &path);
    /// Writes the file; the status line says how many rows (or why not).
    Result<int> exportNow();
    QString status() const;

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    TableWriter::Format format() const;
    void suggestPath();

    Services m_services;
    std::function<Result<ExportedTable>()> m_listTable;
    std::function<Result<QStringList>()> m_listIds;
    QString m_customerId;
    QString m_customerName;
    QLabel *m_whatLabel;
    QRadioButton *m_customers;
    QRadioButton *m_listCalls;
    QRadioButton *m_customerCalls;
    QLabel *m_formatLabel;
    QComboBox *m_format;
    QLabel *m_pathLabel;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QLabel *m_status;
    QPushButton *m_export;
    QPushButton *m_cancel;
};

} // namespace Leadline::Ui
