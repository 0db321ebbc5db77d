#include "agentdrilldowndialog.h"

#include "kpitext.h"
#include "tableasshown.h"

#include "core/importexport/exporter.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

QTableWidget *makeTable(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTableWidgetItem *item(const QString &text, const QVariant &sortValue = {})
{
    auto *cell = new QTableWidgetItem(text);
    if (sortValue.isValid())
        cell->setData(Qt::UserRole, sortValue);
    return cell;
}

QString when(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace

AgentDrillDownDialog::AgentDrillDownDialog(const AgentActivity &activity, const KpiPeriod &period,
                                           Exporter *exporter, QWidget *parent)
    : QDialog(parent)
    , m_exporter(exporter)
    , m_detail{{QStringLiteral("agent"), activity.agent.name},
               {QStringLiteral("agent_id"), activity.agent.id},
               {QStringLiteral("scope"), activity.agent.name},
               {QStringLiteral("from"), period.from.toString(Qt::ISODate)},
               {QStringLiteral("to"), period.to.toString(Qt::ISODate)}}
    , m_calls(makeTable(this, QStringLiteral("drillCalls"),
                        {tr("Started"), tr("Customer"), tr("Talk"), tr("Disposition"), tr("Connect")}))
    , m_customers(makeTable(this, QStringLiteral("drillCustomers"),
                            {tr("Customer"), tr("Stage"), tr("Calls"), tr("Connects"), tr("Last call")}))
{
    setObjectName(QStringLiteral("agentDrillDown"));
    const QLocale locale;
    setWindowTitle(tr("%1: calls and customers").arg(activity.agent.name));
    auto *summary = new QLabel(
        tr("%1 – %2: %3 calls to %4 customers")
            .arg(locale.toString(period.from, QLocale::ShortFormat),
                 locale.toString(period.to, QLocale::ShortFormat))
            .arg(activity.totalCalls)
            .arg(activity.customers.size()),
        this);
    summary->setObjectName(QStringLiteral("drillSummary"));
    if (activity.calls.size() < activity.totalCalls)
        summary->setText(summary->text() + QLatin1Char('\n')
                         + tr("The latest %1 calls are listed.").arg(activity.calls.size()));
    fillCalls(activity);
    fillCustomers(activity);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_calls, tr("Calls"));
    m_tabs->addTab(m_customers, tr("Customers"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Exports are for supervisors and admins (§2.8).
    if (m_exporter && m_exporter->mayExport()) {
        QPushButton *exportButton = buttons->addButton(tr("Export table…"), QDialogButtonBox::ActionRole);
        exportButton->setObjectName(QStringLiteral("drillExport"));
        exportButton->setAutoDefault(false);
        connect(exportButton, &QPushButton::clicked, this, &AgentDrillDownDialog::onExport);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    const auto open = [this](QTableWidget *table, int idColumn) {
        connect(table, &QTableWidget::itemActivated, this, [this, table, idColumn](QTableWidgetItem *cell) {
            const QString id = table->item(cell->row(), idColumn)->data(Qt::UserRole + 1).toString();
            if (!id.isEmpty())
                emit customerOpened(id);
        });
    };
    open(m_calls, 1);
    open(m_customers, 0);
    resize(760, 520);
}

Status AgentDrillDownDialog::exportTable(const QString &path) const
{
    if (!m_exporter)
        return Error{tr("This window cannot export.")};
    const bool calls = m_tabs->currentWidget() == m_calls;
    ExportedTable table = tableAsShown(calls ? *m_calls : *m_customers);
    table.kind = calls ? QStringLiteral("agent_calls") : QStringLiteral("agent_customers");
    table.sheet = m_tabs->tabText(m_tabs->currentIndex());
    for (auto it = m_detail.constBegin(); it != m_detail.constEnd(); ++it)
        table.detail.insert(it.key(), it.value());
    const bool xlsx = QFileInfo(path).suffix().compare(QLatin1String("xlsx"), Qt::CaseInsensitive) == 0;
    const auto written = m_exporter->exportTable(
        path, xlsx ? TableWriter::Format::Xlsx : TableWriter::Format::Csv, table);
    if (!written)
        return written.error();
    return {};
}

void AgentDrillDownDialog::onExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the table"), QString(), tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto exported = exportTable(path); !exported)
        QMessageBox::warning(this, tr("Export the table"), exported.message());
}

void AgentDrillDownDialog::fillCalls(const AgentActivity &activity)
{
    m_calls->setRowCount(int(activity.calls.size()));
    for (int row = 0; row < activity.calls.size(); ++row) {
        const DrillDownCall &call = activity.calls.at(row);
        m_calls->setItem(row, 0, item(when(call.startedAt)));
        auto *customer = item(call.customerName);
        customer->setData(Qt::UserRole + 1, call.customerId);
        m_calls->setItem(row, 1, customer);
        m_calls->setItem(row, 2, item(KpiText::clock(call.durationSeconds)));
        m_calls->setItem(row, 3, item(call.disposition));
        m_calls->setItem(row, 4, item(call.connect ? tr("Yes") : tr("No")));
    }
}

void AgentDrillDownDialog::fillCustomers(const AgentActivity &activity)
{
    m_customers->setRowCount(int(activity.customers.size()));
    for (int row = 0; row < activity.customers.size(); ++row) {
        const DrillDownCustomer &customer = activity.customers.at(row);
        auto *name = item(customer.name);
        name->setData(Qt::UserRole + 1, customer.id);
        m_customers->setItem(row, 0, name);
        m_customers->setItem(row, 1, item(customer.stage));
        m_customers->setItem(row, 2, item(QString::number(customer.calls)));
        m_customers->setItem(row, 3, item(QString::number(customer.connects)));
        m_customers->setItem(row, 4, item(when(customer.lastCallAt)));
    }
}

} // namespace Leadline::Ui
