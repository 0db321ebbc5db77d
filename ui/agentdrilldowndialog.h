#pragma once

#include "core/analytics/agentdrilldown.h"

#include <QDialog>

class QTableWidget;

namespace Leadline::Ui {

/// The drill-down from a team table row: the agent's calls in the period (latest first) and the
/// customers he called, each customer opening in the main window.
class AgentDrillDownDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentDrillDownDialog)

public:
    AgentDrillDownDialog(const AgentActivity &activity, const KpiPeriod &period,
                         QWidget *parent = nullptr);

signals:
    void customerOpened(const QString &customerId);

private:
    void fillCalls(const AgentActivity &activity);
    void fillCustomers(const AgentActivity &activity);

    QTableWidget *m_calls;
    QTableWidget *m_customers;
};

} // namespace Leadline::Ui
