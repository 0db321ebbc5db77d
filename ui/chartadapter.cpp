#include "chartadapter.h"

#include "kpitext.h"

#include "core/domain/vocabulary.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCoreApplication>
#include <QCursor>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QLocale>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace Leadline::Ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Ui::ChartAdapter", text);
}

qint64 noonMs(const QDate &day)
{
    return QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch();
}

QString formatted(double value, ChartAdapter::Metric metric)
{
    switch (metric) {
    case ChartAdapter::Metric::ConnectRate:
        return KpiText::exactPercent(value / 100.0);
    case ChartAdapter::Metric::EffectiveTalk:
        return QCoreApplication::translate("Leadline::Ui::ChartAdapter", "%1 min")
            .arg(QLocale().toString(value, 'f', 2));
    default:
        return QLocale().toString(qint64(value));
    }
}

} // namespace

bool ChartAdapter::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void ChartAdapter::applyTheme(QChart *chart, const QPalette &palette)
{
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.brush(QPalette::Base));
    chart->setTitleBrush(palette.brush(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
    chart->legend()->setAlignment(Qt::AlignBottom);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(palette.color(QPalette::Text));
        axis->setTitleBrush(palette.brush(QPalette::Text));
    }
    chart->setAnimationOptions(QChart::NoAnimation);
}

QString ChartAdapter::metricName(Metric metric)
{
    switch (metric) {
    case Metric::Dials:
        return tr("Dials");
    case Metric::Connects:
        return tr("Connects");
    case Metric::ConnectRate:
        return tr("Connect rate (%)");
    case Metric::EffectiveTalk:
        return tr("Effective talk (min)");
    }
    return {};
}

double ChartAdapter::value(const CallFigures &calls, Metric metric)
{
    switch (metric) {
    case Metric::Dials:
        return double(calls.dials);
    case Metric::Connects:
        return double(calls.connects);
    case Metric::ConnectRate:
        return calls.connectRate().value_or(0.0) * 100.0;
    case Metric::EffectiveTalk:
        return double(calls.effectiveTalkSeconds) / 60.0;
    }
    return 0;
}

QChart *ChartAdapter::sourceBars(const QList<SourceConversion> &sources, const QPalette &palette)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Conversion by source"));
    auto *created = new QBarSet(tr("Leads created"));
    auto *won = new QBarSet(tr("Won"));
    QStringList categories;
    int top = 1;
    for (const SourceConversion &source : sources) {
        top = std::max({top, source.created, source.won});
        categories.append(source.source.isEmpty() ? tr("(no source)") : Vocabulary::label(source.source));
        created->append(source.created);
        won->append(source.won);
    }
    auto *series = new QBarSeries;
    series->append(created);
    series->append(won);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    y->setRange(0, top);
    y->applyNiceNumbers();
    QObject::connect(series, &QBarSeries::hovered, chart,
                     [sources, categories](bool status, int index, QBarSet *) {
                         if (!status || index < 0 || index >= sources.size()) {
                             QToolTip::hideText();
                             return;
                         }
                         const SourceConversion &s = sources.at(index);
                         QToolTip::showText(QCursor::pos(),
                                            tr("%1: %2 created, %3 won, conversion %4")
                                                .arg(categories.at(index))
                                                .arg(s.created)
                                                .arg(s.won)
                                                .arg(KpiText::exactPercent(s.rate())));
                     });
    applyTheme(chart, palette);
    return chart;
}

QChart *ChartAdapter::trendLines(const KpiReport &report, Metric metric, const QPalette &palette,
                                 int maxAgents)
{
    auto *chart = new QChart;
    chart->setTitle(metricName(metric));
    QList<const AgentKpis *> rows;
    for (const AgentKpis &row : report.agents)
        rows.append(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const AgentKpis *a, const AgentKpis *b) {
        return a->figures.calls.dials > b->figures.calls.dials;
    });
    rows = rows.mid(0, maxAgents);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("MM-dd"));
    if (report.period.isValid())
        x->setRange(QDateTime(report.period.from, QTime(0, 0)), QDateTime(report.period.to, QTime(23, 59)));
    auto *y = new QValueAxis;
    y->setTitleText(metricName(metric));
    const bool counts = metric == Metric::Dials || metric == Metric::Connects;
    y->setLabelFormat(counts ? QStringLiteral("%d") : QStringLiteral("%.1f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double top = 1;
    for (const AgentKpis *row : rows) {
        auto *series = new QLineSeries;
        series->setName(row->agent.name);
        for (const DailyPoint &point : row->daily) {
            const double v = value(point.calls, metric);
            top = std::max(top, v);
            series->append(double(noonMs(point.day)), v);
        }
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        const QString name = row->agent.name;
        // The tooltip shows the day nearest the pointer with its exact value.
        QObject::connect(series, &QLineSeries::hovered, chart,
                         [series, name, metric](const QPointF &hovered, bool state) {
                             const QList<QPointF> points = series->points();
                             if (!state || points.isEmpty()) {
                                 QToolTip::hideText();
                                 return;
                             }
                             const QPointF point = *std::min_element(
                                 points.cbegin(), points.cend(), [&](const QPointF &a, const QPointF &b) {
                                     return std::abs(a.x() - hovered.x()) < std::abs(b.x() - hovered.x());
                                 });
                             const QDate day = QDateTime::fromMSecsSinceEpoch(qint64(point.x())).date();
                             QToolTip::showText(QCursor::pos(),
                                                tr("%1, %2: %3")
                                                    .arg(name, QLocale().toString(day, QLocale::ShortFormat),
                                                         formatted(point.y(), metric)));
                         });
    }
    y->setRange(0, std::ceil(top * 1.1));
    y->applyNiceNumbers();
    x->setTickCount(std::clamp(int(report.period.dayCount()), 2, 8));
    applyTheme(chart, palette);
    return chart;
}

} // namespace Leadline::Ui
