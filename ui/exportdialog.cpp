#include "exportdialog.h"

#include "errorstyle.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace Leadline::Ui {

ExportDialog::ExportDialog(const Services &services,
                           std::function<Result<ExportedTable>()> listTable,
                           std::function<Result<QStringList>()> listIds, QString currentCustomerId,
                           QString currentCustomerName, QWidget *parent)
    : QDialog(parent)
    , m_services(services)
    , m_listTable(std::move(listTable))
    , m_listIds(std::move(listIds))
    , m_customerId(std::move(currentCustomerId))
    , m_customerName(std::move(currentCustomerName))
    , m_whatLabel(new QLabel(this))
    , m_customers(new QRadioButton(this))
    , m_listCalls(new QRadioButton(this))
    , m_customerCalls(new QRadioButton(this))
    , m_formatLabel(new QLabel(this))
    , m_format(new QComboBox(this))
    , m_pathLabel(new QLabel(this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(this))
    , m_cancel(new QPushButton(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    m_customers->setObjectName(QStringLiteral("exportCustomers"));
    m_listCalls->setObjectName(QStringLiteral("exportListCalls"));
    m_customerCalls->setObjectName(QStringLiteral("exportCustomerCalls"));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_customers->setChecked(true);
    m_customerCalls->setEnabled(!m_customerId.isEmpty());
    m_format->addItem(QStringLiteral("XLSX"), int(TableWriter::Format::Xlsx));
    m_format->addItem(QString(), int(TableWriter::Format::Csv));
    m_status->setWordWrap(true);
    m_export->setDefault(true);

    auto *what = new QVBoxLayout;
    what->addWidget(m_whatLabel);
    what->addWidget(m_customers);
    what->addWidget(m_listCalls);
    what->addWidget(m_customerCalls);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    m_formatLabel->setBuddy(m_format);
    m_pathLabel->setBuddy(m_path);
    form->addRow(m_formatLabel, m_format);
    form->addRow(m_pathLabel, pathRow);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(what);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_format, &QComboBox::activated, this, [this] { suggestPath(); });
    for (QRadioButton *button : {m_customers, m_listCalls, m_customerCalls})
        connect(button, &QRadioButton::toggled, this, [this](bool on) {
            if (on)
                suggestPath();
        });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const bool xlsx = format() == TableWriter::Format::Xlsx;
        const QString path = QFileDialog::getSaveFileName(
            this, windowTitle(), m_path->text(), xlsx ? tr("Excel workbook (*.xlsx)") : tr("CSV (*.csv)"));
        if (!path.isEmpty())
            m_path->setText(path);
    });
    retranslateUi();
    suggestPath();
    resize(620, sizeHint().height());
}

void ExportDialog::retranslateUi()
{
    setWindowTitle(tr("Export"));
    m_whatLabel->setText(tr("Export:"));
    m_customers->setText(tr("The &customers as the list shows them (search, filters, sort, columns)"));
    m_listCalls->setText(tr("The c&alls of those customers"));
    m_customerCalls->setText(m_customerName.isEmpty()
                                 ? tr("The calls of the &open customer")
                                 : tr("The calls of the &open customer (%1)").arg(m_customerName));
    m_formatLabel->setText(tr("&Format:"));
    m_format->setItemText(1, tr("CSV (UTF-8, opens in Excel)"));
    m_pathLabel->setText(tr("F&ile:"));
    m_browse->setText(tr("&Browse…"));
    m_export->setText(tr("&Export"));
    m_cancel->setText(tr("Cancel"));
}

void ExportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

TableWriter::Format ExportDialog::format() const
{
    return TableWriter::Format(m_format->currentData().toInt());
}

void ExportDialog::suggestPath()
{
    QString dir = m_path->text().isEmpty()
                      ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                      : QFileInfo(m_path->text()).absolutePath();
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString base = m_customers->isChecked() ? tr("customers") : tr("calls");
    const QString suffix = format() == TableWriter::Format::Xlsx ? QStringLiteral("xlsx")
                                                                  : QStringLiteral("csv");
    m_path->setText(QDir(dir).filePath(QStringLiteral("%1 %2.%3")
                                           .arg(base, QDate::currentDate().toString(Qt::ISODate), suffix)));
}

void ExportDialog::setWhat(What what)
{
    (what == CustomersAsShown ? m_customers : what == CallsOfList ? m_listCalls : m_customerCalls)
        ->setChecked(true);
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
    const auto format = TableWriter::formatNamed(QFileInfo(path).suffix());
    if (format)
        m_format->setCurrentIndex(m_format->findData(int(*format)));
}

QString ExportDialog::status() const
{
    return m_status->text();
}

Result<int> ExportDialog::exportNow()
{
    const QString path = m_path->text().trimmed();
    Result<int> written = Error{tr("Choose the file to write.")};
    if (path.isEmpty()) {
        // reported below
    } else if (m_customers->isChecked()) {
        const auto table = m_listTable();
        written = table ? m_services.exporter->exportTable(path, format(), *table)
                        : Result<int>(table.error());
    } else if (m_listCalls->isChecked()) {
        const auto ids = m_listIds();
        if (!ids)
            written = ids.error();
        else if (ids->isEmpty())
            written = Error{tr("The list shows no customers.")};
        else
            written = m_services.exporter->exportCalls(path, format(), *ids);
    } else {
        written = m_services.exporter->exportCalls(path, format(), {m_customerId});
    }
    if (!written) {
        m_status->setText(written.message());
        markError(m_status);
        return written;
    }
    markError(m_status, false);
    m_status->setText(tr("Wrote %n row(s) to %1.", nullptr, *written).arg(QDir::toNativeSeparators(path)));
    return written;
}

void ExportDialog::accept()
{
    if (exportNow())
        QDialog::accept();
}

} // namespace Leadline::Ui
