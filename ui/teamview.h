#pragma once

#include "chartadapter.h"

#include "core/analytics/kpiscope.h"

#include <QJsonObject>
#include <QWidget>

class QChartView;
class QComboBox;
class QAction;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QTimer;
class QToolButton;

namespace Leadline {
class ChangeBus;
class Clock;
class Exporter;
class KpiEngine;
} // namespace Leadline

namespace Leadline::Ui {

class DateRangePicker;
class FunnelWidget;
class LiveFloorView;
class TeamTableModel;

/// The team performance tab (§2.6): whose figures (mine, a team, everyone I may see) for which
/// period; a sortable table with one row per agent and a sparkline of his daily dials; the trend
/// of a chosen KPI per agent, the funnel by stage and conversion by source. The table exports
/// to CSV or XLSX as shown (its visible columns in their order, its sort, the scope and period),
/// the chart on screen to PNG, through the Exporter, which records each export in the audit
/// trail; those who may not export (agents) see no export buttons. Agents see only their own
/// figures. With a change
/// bus, calls, states, leads and todos committed here or pulled from the server refresh the
/// figures (at once when the tab is shown, else when it is next shown).
class TeamView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamView)

public:
    /// Without an exporter the tab has no export buttons.
    TeamView(KpiEngine &engine, const Clock &clock, ChangeBus *changes = nullptr,
             Exporter *exporter = nullptr, QWidget *parent = nullptr);

    /// Recomputes the figures for the chosen scope and period.
    void refresh();
    /// Exports the table as shown (by the file's suffix: .csv or .xlsx) or the chart on screen
    /// (.png), audited.
    Status exportTable(const QString &path) const;
    Status exportChart(const QString &path) const;
    TeamTableModel *model() const { return m_model; }
    /// Shows the team's median over [fromMs, toMs) beside my figures, when it is for the period
    /// shown (an empty median: the policy does not share it).
    void setTeamMedian(qint64 fromMs, qint64 toMs, const QJsonObject &median);
    /// Adds the live floor (supervisors and admins) as a page beside the charts and shows it.
    void addLiveFloor(LiveFloorView *floor);

signals:
    /// A customer chosen in an agent's drill-down.
    void customerOpened(const QString &customerId);
    /// My figures are shown for [fromMs, toMs): the team's median for it would go beside them.
    void teamMedianWanted(qint64 fromMs, qint64 toMs);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void fillScopes();
    KpiScope scope() const;
    void updateExportButtons();
    /// What an export records besides its format and size: whose figures, which days.
    QJsonObject exportDetail() const;
    void showCharts();
    void onExportTable();
    void onExportChart();
    void onWorkspaceChanged();
    /// Opens the agent's calls and customers for the row (Enter or a double click).
    void drillDown(const QModelIndex &index);

    KpiEngine &m_engine;
    Exporter *m_exporter;
    QComboBox *m_scope;
    DateRangePicker *m_range;
    QToolButton *m_export;
    QToolButton *m_exportChart;
    QLabel *m_summary;
    TeamTableModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    QTabWidget *m_charts;
    QComboBox *m_metric;
    QChartView *m_trend;
    FunnelWidget *m_funnel;
    QChartView *m_sources;
    QTimer *m_pendingRefresh;
    LiveFloorView *m_floor = nullptr;
    QAction *m_exportFloor = nullptr;
    QString m_mySummary;       ///< the summary of my figures, before the team median is added
    qint64 m_medianFromMs = -1; ///< the period whose median is wanted
    qint64 m_medianToMs = -1;
    bool m_shown = false;
};

} // namespace Leadline::Ui
