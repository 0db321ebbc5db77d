#pragma once

#include "core/analytics/kpireport.h"

#include <QAbstractTableModel>

namespace Leadline::Ui {

/// The team table: one row per agent of a KpiReport with his KPIs and his daily trend. Display
/// text is rounded, tooltips give the exact value, SortRole the number to sort by.
class TeamTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamTableModel)

public:
    enum Column {
        Agent,
        Dials,
        Connects,
        ConnectRate,
        EffectiveTalk,
        AverageHandle,
        AverageWrapUp,
        CallsPerHour,
        TodosOverdue,
        CallbacksKept,
        LeadsOwned,
        Conversions,
        ReadyTime,
        NotReadyTime,
        OnCallTime,
        WrapUpTime,
        Trend,
        ColumnCount
    };
    enum Role {
        AgentIdRole = Qt::UserRole, ///< the agent's id (every column)
        SortRole,                   ///< a number (or the name) to sort by
        TrendRole,                  ///< Trend column: QList<qreal> of daily dials
        ExportRole                  ///< the unrounded value: seconds, fractions, counts
    };

    explicit TeamTableModel(QObject *parent = nullptr);

    void setReport(const KpiReport &report);
    const KpiReport &report() const { return m_report; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /// Re-reads the header texts after a language change.
    void retranslate();

private:
    QVariant display(const AgentKpis &row, int column) const;
    QVariant exact(const AgentKpis &row, int column) const;
    QVariant sortValue(const AgentKpis &row, int column) const;
    QVariant exportValue(const AgentKpis &row, int column) const;
    static KpiState state(int column);

    KpiReport m_report;
};

} // namespace Leadline::Ui
