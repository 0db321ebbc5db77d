#pragma once

#include "core/analytics/agentdrilldown.h"
#include "core/domain/result.h"

#include <QDialog>
#include <QJsonObject>

class QPushButton;
class QTabWidget;
class QTableWidget;

namespace Leadline {
class Exporter;
} // namespace Leadline

namespace Leadline::Ui {

/// The drill-down from a team table row: the agent's calls in the period (latest first) and the
/// customers he called, each customer opening in the main window. With an exporter, those who
/// may export save the table shown to CSV or XLSX, audited with the agent and the period.
class AgentDrillDownDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentDrillDownDialog)

public:
    AgentDrillDownDialog(const AgentActivity &activity, const KpiPeriod &period,
                         Exporter *exporter = nullptr, QWidget *parent = nullptr);

    /// Exports the table shown (calls or customers; by the file's suffix: .csv or .xlsx).
    Status exportTable(const QString &path) const;

signals:
    void customerOpened(const QString &customerId);

private:
    void fillCalls(const AgentActivity &activity);
    void fillCustomers(const AgentActivity &activity);
    void onExport();

    Exporter *m_exporter;
    QJsonObject m_detail; ///< the agent and the period, for the audit entry of an export
    QTableWidget *m_calls;
    QTableWidget *m_customers;
    QTabWidget *m_tabs;
};

} // namespace Leadline::Ui
