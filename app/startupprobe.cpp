#include "startupprobe.h"

#include "ui/customerlistview.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>

namespace Leadline::CompositionRoot {

namespace {

constexpr qint64 watchNs = 3'000'000'000;   // how long the event loop is watched after the paint
constexpr int tickMs = 5;
constexpr int keyGapMs = 90;   // an agent typing fast: about eleven keys a second

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
    QStringList queries;
    if (mode == "type") {
        queries = QString::fromUtf8(qgetenv("LEADLINE_PROBE_QUERIES")).split(QLatin1Char('\n'),
                                                                           Qt::SkipEmptyParts);
    }
    return new StartupProbe(window, pages, queries);
}

StartupProbe::StartupProbe(Ui::MainWindow &window, int scrollPages, QStringList queries)
    : QObject(&window)
    , m_table(window.customerList()->findChild<QTableView *>(QStringLiteral("customerList")))
    , m_search(window.customerList()->findChild<QLineEdit *>(QStringLiteral("customerSearch")))
    , m_queries(std::move(queries))
    , m_scrollPages(scrollPages)
    , m_shownNs(monotonicNs())
{
    if (m_table) {
        m_table->viewport()->installEventFilter(this);
        connect(m_table->model(), &QAbstractItemModel::modelReset, this, [this] {
            if (m_awaitingRows)
                m_rowsReset = true;
        });
    }
}

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::Paint || !m_table || watched != m_table->viewport())
        return QObject::eventFilter(watched, event);
    if (!m_painted && m_table->model() && m_table->model()->rowCount() > 0) {
        m_painted = true;
        // Stamped on the next turn of the event loop: after the rows are painted and flushed.
        QTimer::singleShot(0, this, &StartupProbe::onPainted);
    } else if (m_awaitingRows && m_rowsReset) {
        m_awaitingRows = false;
        QTimer::singleShot(0, this, &StartupProbe::onKeyPainted);
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::onPainted()
{
    m_paintedNs = monotonicNs();
    m_lastTickNs = m_paintedNs;
    m_watchUntilNs = m_paintedNs + watchNs;
    m_ticker = new QTimer(this);
    m_ticker->setTimerType(Qt::PreciseTimer);
    connect(m_ticker, &QTimer::timeout, this, &StartupProbe::tick);
    m_ticker->start(tickMs);
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
    if (now < m_watchUntilNs)
        return;
    if (!m_queries.isEmpty() && m_search) {
        m_ticker->stop();
        m_typing = true;
        startQuery();
        return;
    }
    report();
}

void StartupProbe::startQuery()
{
    if (m_query >= m_queries.size()) {
        report();
        return;
    }
    m_typed = 0;
    if (m_search->text().isEmpty()) {
        typeNextKey();
        return;
    }
    // The field is emptied first (untimed), as an agent starting a new search.
    m_awaitingRows = true;
    m_rowsReset = false;
    m_timedKey = false;
    m_search->clear();
}

void StartupProbe::typeNextKey()
{
    const QString &query = m_queries.at(m_query);
    if (m_typed >= query.size()) {
        openFirstMatch();
        return;
    }
    const QString text = query.mid(m_typed++, 1);
    const QChar character = text.at(0);
    const int key = character.isDigit() || (character.unicode() < 128 && character.isLetter())
                        ? int(character.toUpper().unicode())
                        : int(Qt::Key_unknown);
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    m_awaitingRows = true;
    m_rowsReset = false;
    m_timedKey = true;
    m_keyNs = monotonicNs();
    QCoreApplication::sendEvent(m_search, &press);
    QCoreApplication::sendEvent(m_search, &release);
}

void StartupProbe::openFirstMatch()
{
    // Enter in the search field opens the first match at once (its rows are in): the 360
    // view is filled before the key returns and painted on the next turn of the event loop.
    QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
    const qint64 startNs = monotonicNs();
    QCoreApplication::sendEvent(m_search, &press);
    QTimer::singleShot(0, this, [this, startNs] {
        m_openMs.append(double(monotonicNs() - startNs) / 1e6);
        ++m_query;
        m_search->setFocus();
        QTimer::singleShot(keyGapMs, this, &StartupProbe::startQuery);
    });
}

void StartupProbe::onKeyPainted()
{
    if (m_timedKey)
        m_keyMs.append(double(monotonicNs() - m_keyNs) / 1e6);
    QTimer::singleShot(keyGapMs, this, &StartupProbe::typeNextKey);
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
        {QStringLiteral("keystroke_ms"), QJsonArray::fromVariantList(QVariantList(m_keyMs.cbegin(), m_keyMs.cend()))},
        {QStringLiteral("open_ms"), QJsonArray::fromVariantList(QVariantList(m_openMs.cbegin(), m_openMs.cend()))},
    };
    const QByteArray line = QJsonDocument(result).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace Leadline::CompositionRoot
