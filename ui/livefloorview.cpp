#include "livefloorview.h"

#include "errorstyle.h"
#include "livefloormodel.h"
#include "tableasshown.h"

#include "core/analytics/kpiengine.h"
#include "core/domain/clock.h"
#include "core/storage/changebus.h"

#include <QDateTime>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

constexpr int tickMs = 1000;
// Calls arrive in bursts (a pull applies page after page): one count after the burst.
constexpr int todayDelayMs = 300;

} // namespace

LiveFloorView::LiveFloorView(KpiEngine &engine, const Clock &clock, ChangeBus *changes,
                             QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_clock(clock)
    , m_status(new QLabel(this))
    , m_model(new LiveFloorModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_tick(new QTimer(this))
    , m_pendingToday(new QTimer(this))
{
    setObjectName(QStringLiteral("liveFloor"));
    m_status->setObjectName(QStringLiteral("liveFloorStatus"));
    m_table->setObjectName(QStringLiteral("liveFloorTable"));
    m_status->setWordWrap(true);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(LiveFloorModel::SortRole);
    m_sorted->setSortLocaleAware(true); // Chinese names in the order of the locale
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LiveFloorModel::Agent, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);

    m_tick->setInterval(tickMs);
    connect(m_tick, &QTimer::timeout, this, [this] { m_model->setNow(m_clock.nowMs()); });
    m_pendingToday->setSingleShot(true);
    m_pendingToday->setInterval(todayDelayMs);
    connect(m_pendingToday, &QTimer::timeout, this, &LiveFloorView::refreshToday);
    if (changes) {
        connect(changes, &ChangeBus::changed, this, [this](const ChangeSet &changed) {
            if (changed.touches({"calls", "dispositions", "agents"}) && isVisible())
                m_pendingToday->start();
        });
    }
    retranslateUi();
}

void LiveFloorView::setFloor(const PresenceFloor &floor)
{
    const bool first = !m_read;
    m_read = true;
    m_error = floor.error;
    m_model->setFloor(floor);
    if (floor.error.isEmpty())
        m_model->setNow(m_clock.nowMs());
    showStatus();
    if (first && isVisible())
        refreshToday();
}

void LiveFloorView::setCustomerNamer(std::function<QString(const QString &)> namer)
{
    m_model->setCustomerNamer(std::move(namer));
}

void LiveFloorView::refreshToday()
{
    const QDate today = m_clock.now().toLocalTime().date();
    auto report = m_engine.report(KpiScope::everyone(), KpiPeriod{today, today});
    QHash<QString, CallFigures> figures;
    if (report) {
        for (const AgentKpis &agent : report->agents)
            figures.insert(agent.agent.id, agent.figures.calls);
    }
    m_model->setToday(figures);
    if (!report && m_error.isEmpty())
        m_error = report.message();
    showStatus();
}

Status LiveFloorView::exportTable(Exporter &exporter, const QString &path) const
{
    ExportedTable table = tableAsShown(*m_table);
    table.kind = QStringLiteral("live_floor");
    table.sheet = tr("Live floor");
    table.detail.insert(QStringLiteral("at"), m_clock.now().toLocalTime().toString(Qt::ISODate));
    const bool xlsx = QFileInfo(path).suffix().compare(QLatin1String("xlsx"), Qt::CaseInsensitive) == 0;
    const auto written = exporter.exportTable(path, xlsx ? TableWriter::Format::Xlsx : TableWriter::Format::Csv, table);
    if (!written)
        return written.error();
    return {};
}

void LiveFloorView::showStatus()
{
    if (!m_error.isEmpty()) {
        m_status->setText(tr("The live floor cannot be read: %1").arg(m_error));
        markError(m_status, true);
        m_status->show();
    } else if (!m_read) {
        m_status->setText(tr("The live floor shows the agents' states once you are signed in to "
                             "the shared server."));
        markError(m_status, false);
        m_status->show();
    } else {
        markError(m_status, false);
        m_status->hide();
    }
}

void LiveFloorView::retranslateUi()
{
    m_table->setAccessibleName(tr("Live floor"));
    m_model->retranslate();
    showStatus();
}

void LiveFloorView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LiveFloorView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setNow(m_clock.nowMs());
    m_tick->start();
    refreshToday();
}

void LiveFloorView::hideEvent(QHideEvent *event)
{
    m_tick->stop();
    QWidget::hideEvent(event);
}

} // namespace Leadline::Ui
