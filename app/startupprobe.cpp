#include "startupprobe.h"

#include "ui/customerlistview.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>

namespace Leadline::CompositionRoot {

namespace {

constexpr qint64 watchNs = 3'000'000'000;   // how long the event loop is watched after the paint
constexpr int tickMs = 5;

} // namespace

double StartupProbe::statusMb(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

qint64 StartupProbe::monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

StartupProbe *StartupProbe::install(Ui::MainWindow &window)
{
    const QByteArray mode = qgetenv("LEADLINE_STARTUP_PROBE");
    if (mode.isEmpty())
        return nullptr;
    const int pages = mode.startsWith("scroll:") ? mode.mid(7).toInt() : 0;
    return new StartupProbe(window, pages);
}

StartupProbe::StartupProbe(Ui::MainWindow &window, int scrollPages)
    : QObject(&window)
    , m_table(window.customerList()->findChild<QTableView *>(QStringLiteral("customerList")))
    , m_scrollPages(scrollPages)
    , m_shownNs(monotonicNs())
{
    if (m_table)
        m_table->viewport()->installEventFilter(this);
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_painted && event->type() == QEvent::Paint && m_table && watched == m_table->viewport()
        && m_table->model() && m_table->model()->rowCount() > 0) {
        m_painted = true;
        // Stamped on the next turn of the event loop: after the rows are painted and flushed.
        QTimer::singleShot(0, this, &StartupProbe::onPainted);
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::onPainted()
{
    m_paintedNs = monotonicNs();
    m_lastTickNs = m_paintedNs;
    m_watchUntilNs = m_paintedNs + watchNs;
    auto *ticker = new QTimer(this);
    ticker->setTimerType(Qt::PreciseTimer);
    connect(ticker, &QTimer::timeout, this, &StartupProbe::tick);
    ticker->start(tickMs);
}

void StartupProbe::tick()
{
    const qint64 now = monotonicNs();
    m_maxStallNs = std::max(m_maxStallNs, now - m_lastTickNs - qint64(tickMs) * 1'000'000);
    m_lastTickNs = now;
    if (m_scrolled < m_scrollPages) {
        scrollOnePage();
        return;
    }
    if (now >= m_watchUntilNs)
        report();
}

void StartupProbe::scrollOnePage()
{
    if (!m_table)
        return;
    // As PgDn held down: the view fetches the next page of rows when it nears the end.
    QScrollBar *bar = m_table->verticalScrollBar();
    const int before = m_table->model()->rowCount();
    bar->setValue(bar->maximum());
    if (m_table->model()->rowCount() > before || !m_table->model()->canFetchMore({}))
        ++m_scrolled;
    if (!m_table->model()->canFetchMore({}) && m_table->model()->rowCount() == before)
        m_scrolled = m_scrollPages;
    m_watchUntilNs = monotonicNs() + watchNs;
}

void StartupProbe::report()
{
    const QJsonObject result{
        {QStringLiteral("shown_ns"), double(m_shownNs)},
        {QStringLiteral("painted_ns"), double(m_paintedNs)},
        {QStringLiteral("max_stall_ms"), double(m_maxStallNs) / 1e6},
        {QStringLiteral("rows"), m_table && m_table->model() ? m_table->model()->rowCount() : 0},
        {QStringLiteral("peak_rss_mb"), statusMb("VmHWM")},
        {QStringLiteral("rss_anon_mb"), statusMb("RssAnon")},
        {QStringLiteral("rss_file_mb"), statusMb("RssFile")},
    };
    const QByteArray line = QJsonDocument(result).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace Leadline::CompositionRoot
