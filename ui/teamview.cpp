#include "teamview.h"

#include "agentdrilldowndialog.h"
#include "daterangepicker.h"
#include "funnelwidget.h"
#include "kpitext.h"
#include "livefloorview.h"
#include "sparklinedelegate.h"
#include "tableasshown.h"
#include "teamtablemodel.h"

#include "core/analytics/kpiengine.h"
#include "core/importexport/exporter.h"
#include "core/storage/changebus.h"

#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

constexpr int meItem = 0;
// Commits arrive in bursts (a pull applies page after page): one refresh after the burst.
constexpr int refreshDelayMs = 200;
const QString everyoneData = QStringLiteral("*");

} // namespace

TeamView::TeamView(KpiEngine &engine, const Clock &clock, ChangeBus *changes, Exporter *exporter,
                   QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_exporter(exporter)
    , m_scope(new QComboBox(this))
    , m_range(new DateRangePicker(clock, this))
    , m_export(new QToolButton(this))
    , m_exportChart(new QToolButton(this))
    , m_summary(new QLabel(this))
    , m_model(new TeamTableModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_charts(new QTabWidget(this))
    , m_metric(new QComboBox(this))
    , m_trend(new QChartView(this))
    , m_funnel(new FunnelWidget(this))
    , m_sources(new QChartView(this))
    , m_pendingRefresh(new QTimer(this))
{
    setObjectName(QStringLiteral("teamView"));
    m_scope->setObjectName(QStringLiteral("teamScope"));
    m_range->setObjectName(QStringLiteral("teamRange"));
    m_summary->setObjectName(QStringLiteral("teamSummary"));
    m_table->setObjectName(QStringLiteral("teamTable"));
    m_metric->setObjectName(QStringLiteral("trendMetric"));
    m_trend->setObjectName(QStringLiteral("trendChart"));
    m_sources->setObjectName(QStringLiteral("sourceChart"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(TeamTableModel::SortRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TeamTableModel::Dials, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(TeamTableModel::Trend,
                                      new SparklineDelegate(TeamTableModel::TrendRole, m_table));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(TeamTableModel::Trend, QHeaderView::Stretch);

    m_export->setObjectName(QStringLiteral("teamExport"));
    m_exportChart->setObjectName(QStringLiteral("teamExportChart"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setMenu(new QMenu(m_export));
    connect(m_export->menu()->addAction(QString()), &QAction::triggered, this, &TeamView::onExportTable);
    connect(m_exportChart, &QToolButton::clicked, this, &TeamView::onExportChart);

    for (int i = 0; i < 4; ++i)
        m_metric->addItem(QString());
    auto *trendPage = new QWidget(this);
    auto *trendLayout = new QVBoxLayout(trendPage);
    trendLayout->addWidget(m_metric, 0, Qt::AlignLeft);
    trendLayout->addWidget(m_trend);
    m_trend->setRenderHint(QPainter::Antialiasing);
    m_sources->setRenderHint(QPainter::Antialiasing);
    m_charts->addTab(trendPage, QString());
    m_charts->addTab(m_funnel, QString());
    m_charts->addTab(m_sources, QString());

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_scope);
    bar->addWidget(m_range);
    bar->addStretch();
    bar->addWidget(m_export);
    bar->addWidget(m_exportChart);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_charts);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    retranslateUi();
    updateExportButtons();
    fillScopes();
    connect(m_scope, &QComboBox::activated, this, &TeamView::refresh);
    connect(m_range, &DateRangePicker::rangeChanged, this, &TeamView::refresh);
    connect(m_metric, &QComboBox::activated, this, &TeamView::showCharts);
    connect(m_table, &QTableView::activated, this, &TeamView::drillDown);
    m_pendingRefresh->setSingleShot(true);
    m_pendingRefresh->setInterval(refreshDelayMs);
    connect(m_pendingRefresh, &QTimer::timeout, this, &TeamView::refresh);
    if (changes) {
        connect(changes, &ChangeBus::changed, this, [this](const ChangeSet &changed) {
            if (changed.touches({"calls", "agent_states", "customers", "stage_changes", "todos",
                                 "agents", "teams", "dispositions"}))
                onWorkspaceChanged();
        });
    }
}

void TeamView::addLiveFloor(LiveFloorView *floor)
{
    m_floor = floor;
    m_charts->addTab(floor, tr("Live floor"));
    m_charts->setCurrentWidget(floor);
    // The floor's table exports beside the team table, from the same button.
    m_exportFloor = m_export->menu()->addAction(tr("Live floor: CSV or Excel…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the live floor"), QString(), tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"));
        if (path.isEmpty() || !m_exporter)
            return;
        if (auto exported = m_floor->exportTable(*m_exporter, path); !exported)
            QMessageBox::warning(this, tr("Export the live floor"), exported.message());
    });
}

void TeamView::onWorkspaceChanged()
{
    if (isVisible()) // a hidden tab refreshes when it is shown
        m_pendingRefresh->start();
}

void TeamView::drillDown(const QModelIndex &index)
{
    const QString agentId = index.data(TeamTableModel::AgentIdRole).toString();
    if (agentId.isEmpty())
        return;
    const KpiPeriod period{m_range->from(), m_range->to()};
    const auto activity = m_engine.drillDown(agentId, period);
    if (!activity) {
        QMessageBox::warning(this, tr("Calls and customers"), activity.message());
        return;
    }
    auto *dialog = new AgentDrillDownDialog(activity.value(), period, m_exporter, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AgentDrillDownDialog::customerOpened, this, &TeamView::customerOpened);
    dialog->show();
}

void TeamView::fillScopes()
{
    m_scope->clear();
    m_scope->addItem(tr("My figures"));
    const auto visible = m_engine.teams();
    // Teams that cannot be read leave only "My figures", and say why.
    m_scope->setToolTip(visible.message());
    const QList<std::pair<QString, QString>> teams = visible ? *visible : QList<std::pair<QString, QString>>();
    for (const auto &[id, name] : teams)
        m_scope->addItem(tr("Team %1").arg(name), id);
    if (!teams.isEmpty()) {
        m_scope->addItem(tr("Everyone I may see"), everyoneData);
        m_scope->setCurrentIndex(1); // a supervisor opens on his team
    }
}

KpiScope TeamView::scope() const
{
    const int index = m_scope->currentIndex();
    const QString data = m_scope->itemData(index).toString();
    if (index <= meItem || data.isEmpty())
        return KpiScope::me();
    if (data == everyoneData)
        return KpiScope::everyone();
    return KpiScope::ofTeam(data);
}

void TeamView::refresh()
{
    m_pendingRefresh->stop();
    updateExportButtons();
    const auto report = m_engine.report(scope(), {m_range->from(), m_range->to()});
    if (!report) {
        m_model->setReport({});
        m_summary->setText(report.message());
        showCharts();
        return;
    }
    m_model->setReport(report.value());
    const KpiFigures &t = report->total;
    const QLocale locale;
    m_summary->setText(
        tr("%1 agents · %2 dials · %3 connects (%4) · effective talk %5 · %6 todos overdue · "
           "callbacks kept %7 · %8 conversions of %9 new leads (%10) · average deal %11 · "
           "average cycle %12 days")
            .arg(report->agents.size())
            .arg(locale.toString(t.calls.dials), locale.toString(t.calls.connects),
                 KpiText::percent(t.connectRate()), KpiText::clock(t.calls.effectiveTalkSeconds))
            .arg(t.todosOverdue)
            .arg(KpiText::percent(t.callbacksKeptRate()))
            .arg(t.conversions)
            .arg(t.leadsCreated)
            .arg(KpiText::percent(t.leadConversionRate()), KpiText::number(t.averageDealSize(), 0),
                 KpiText::number(t.averageSalesCycleDays())));
    // My performance: the same figures for the period just before, to compare with.
    if (scope().kind == KpiScope::Kind::Me) {
        const qint64 days = m_range->from().daysTo(m_range->to()) + 1;
        const KpiPeriod previous{m_range->from().addDays(-days), m_range->from().addDays(-1)};
        if (const auto before = m_engine.report(KpiScope::me(), previous)) {
            const KpiFigures &p = before->total;
            m_summary->setText(
                m_summary->text() + QLatin1Char('\n')
                + tr("Previous period (%1 – %2): %3 dials · %4 connects (%5) · effective talk %6 · "
                     "%7 conversions")
                      .arg(locale.toString(previous.from, QLocale::ShortFormat),
                           locale.toString(previous.to, QLocale::ShortFormat),
                           locale.toString(p.calls.dials), locale.toString(p.calls.connects),
                           KpiText::percent(p.connectRate()),
                           KpiText::clock(p.calls.effectiveTalkSeconds))
                      .arg(p.conversions));
        }
        // The team's median comes from the server (an agent's workspace holds his own calls only).
        const QTimeZone zone(report->timeZone.toUtf8());
        const KpiPeriod period{m_range->from(), m_range->to()};
        m_mySummary = m_summary->text();
        m_medianFromMs = period.startMs(zone);
        m_medianToMs = period.endMs(zone);
        emit teamMedianWanted(m_medianFromMs, m_medianToMs);
    } else {
        m_medianFromMs = m_medianToMs = -1;
    }
    showCharts();
}

void TeamView::setTeamMedian(qint64 fromMs, qint64 toMs, const QJsonObject &median)
{
    if (fromMs != m_medianFromMs || toMs != m_medianToMs || median.isEmpty())
        return;
    const QLocale locale;
    const QJsonValue rate = median.value(QLatin1String("connect_rate"));
    m_summary->setText(
        m_mySummary + QLatin1Char('\n')
        + tr("Team median (%1 agents): %2 dials · %3 connects (%4) · effective talk %5")
              .arg(median.value(QLatin1String("agents")).toInt())
              .arg(KpiText::number(median.value(QLatin1String("dials")).toDouble()),
                   KpiText::number(median.value(QLatin1String("connects")).toDouble()),
                   KpiText::percent(rate.isDouble() ? std::optional<double>(rate.toDouble())
                                                    : std::nullopt),
                   KpiText::clock(qint64(median.value(QLatin1String("effective_talk_s")).toDouble()))));
}

void TeamView::showCharts()
{
    const KpiReport &report = m_model->report();
    const auto metric = ChartAdapter::Metric(std::max(0, m_metric->currentIndex()));
    QChart *oldTrend = m_trend->chart();
    m_trend->setChart(ChartAdapter::trendLines(report, metric, palette()));
    delete oldTrend;
    QChart *oldSources = m_sources->chart();
    m_sources->setChart(ChartAdapter::sourceBars(report.bySource, palette()));
    delete oldSources;
    m_funnel->setStages(report.funnel);
}

void TeamView::updateExportButtons()
{
    // Exports are for supervisors and admins (§2.8); a role change shows at the next refresh.
    const bool mayExport = m_exporter && m_exporter->mayExport();
    m_export->setVisible(mayExport);
    m_exportChart->setVisible(mayExport);
}

QJsonObject TeamView::exportDetail() const
{
    const KpiScope shown = scope();
    const QString kind = shown.kind == KpiScope::Kind::Me         ? QStringLiteral("me")
                         : shown.kind == KpiScope::Kind::Everyone ? QStringLiteral("everyone")
                                                                  : QStringLiteral("team");
    QJsonObject detail{{QStringLiteral("scope"), m_scope->currentText()},
                       {QStringLiteral("scope_kind"), kind},
                       {QStringLiteral("from"), m_range->from().toString(Qt::ISODate)},
                       {QStringLiteral("to"), m_range->to().toString(Qt::ISODate)}};
    if (shown.kind == KpiScope::Kind::Team)
        detail.insert(QStringLiteral("team_id"), shown.team);
    return detail;
}

Status TeamView::exportTable(const QString &path) const
{
    if (!m_exporter)
        return Error{tr("This window cannot export.")};
    // What is on screen, exact values rather than rounded text (the sparkline as its daily dials).
    ExportedTable table = tableAsShown(*m_table, TeamTableModel::ExportRole);
    table.kind = QStringLiteral("team_kpis");
    table.sheet = tr("Team");
    const QJsonObject shown = exportDetail();
    for (auto it = shown.constBegin(); it != shown.constEnd(); ++it)
        table.detail.insert(it.key(), it.value());
    const bool xlsx = QFileInfo(path).suffix().compare(QLatin1String("xlsx"), Qt::CaseInsensitive) == 0;
    const auto written = m_exporter->exportTable(
        path, xlsx ? TableWriter::Format::Xlsx : TableWriter::Format::Csv, table);
    if (!written)
        return written.error();
    return {};
}

Status TeamView::exportChart(const QString &path) const
{
    if (!m_exporter)
        return Error{tr("This window cannot export.")};
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!m_charts->currentWidget()->grab().save(&buffer, "PNG"))
        return Error{tr("Cannot write the picture %1.").arg(path)};
    QJsonObject detail = exportDetail();
    detail.insert(QStringLiteral("chart"), m_charts->tabText(m_charts->currentIndex()));
    return m_exporter->exportPicture(path, png, QStringLiteral("team_chart"), detail);
}

void TeamView::onExportTable()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the table"), QString(), tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto exported = exportTable(path); !exported)
        QMessageBox::warning(this, tr("Export the table"), exported.message());
}

void TeamView::onExportChart()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the chart as a picture"),
                                                      QString(), tr("PNG picture (*.png)"));
    if (path.isEmpty())
        return;
    if (auto exported = exportChart(path); !exported)
        QMessageBox::warning(this, tr("Save the chart as a picture"), exported.message());
}

void TeamView::retranslateUi()
{
    setWindowTitle(tr("Team"));
    m_scope->setAccessibleName(tr("Whose figures"));
    m_export->setText(tr("Export table"));
    m_export->menu()->actions().first()->setText(tr("CSV or Excel…"));
    if (m_exportFloor)
        m_exportFloor->setText(tr("Live floor: CSV or Excel…"));
    m_exportChart->setText(tr("Save chart…"));
    m_charts->setTabText(0, tr("Trend"));
    m_charts->setTabText(1, tr("Funnel"));
    m_charts->setTabText(2, tr("By source"));
    if (m_floor)
        m_charts->setTabText(m_charts->indexOf(m_floor), tr("Live floor"));
    m_metric->setAccessibleName(tr("Trend of"));
    for (int i = 0; i < m_metric->count(); ++i)
        m_metric->setItemText(i, ChartAdapter::metricName(ChartAdapter::Metric(i)));
    m_model->retranslate();
}

void TeamView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (m_shown)
            refresh();
    } else if (event->type() == QEvent::PaletteChange && m_shown) {
        showCharts(); // light or dark charts follow the palette
    }
    QWidget::changeEvent(event);
}

void TeamView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_shown = true;
    refresh();
}

} // namespace Leadline::Ui
