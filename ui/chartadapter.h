#pragma once

#include "core/analytics/kpireport.h"

#include <QPalette>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace Leadline::Ui {

/// The one place that knows Qt Charts: turns plain KPI data from core/analytics into charts with
/// legends, readable (Chinese) labels, tooltips with exact values and the light or dark theme
/// of the palette. The caller owns the charts it gets (usually through a QChartView).
class ChartAdapter final
{
public:
    /// What a trend chart draws per day.
    enum class Metric { Dials, Connects, ConnectRate, EffectiveTalk };

    /// Conversion by source: bars of leads created and won per source.
    static QChart *sourceBars(const QList<SourceConversion> &sources, const QPalette &palette);
    /// One line per agent (at most `maxAgents`, the busiest) over the period's days.
    static QChart *trendLines(const KpiReport &report, Metric metric, const QPalette &palette,
                              int maxAgents = 12);
    static QString metricName(Metric metric);
    /// Whether a palette is a dark one (light text on a dark window).
    static bool isDark(const QPalette &palette);

private:
    static void applyTheme(QChart *chart, const QPalette &palette);
    static double value(const CallFigures &calls, Metric metric);
};

} // namespace Leadline::Ui
