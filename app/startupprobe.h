#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QLineEdit;
class QTimer;
class QTableView;

namespace Leadline::Ui {
class MainWindow;
}

namespace Leadline::CompositionRoot {

/// An instrumented start, for `leadline bench` (§7 `startup` and `memory.list_rss_mb`). When
/// the environment sets LEADLINE_STARTUP_PROBE, the GUI stamps the monotonic clock when its
/// window is shown and when the customer list has painted its first row, then watches the event
/// loop for a few seconds (the longest time it could not answer input), optionally scrolls the
/// list a number of pages as an agent would, prints one JSON line on stdout and quits.
///   LEADLINE_STARTUP_PROBE=startup        time to the first painted row, then the stalls
///   LEADLINE_STARTUP_PROBE=scroll:PAGES   also scrolls PAGES pages down, then reports memory
///   LEADLINE_STARTUP_PROBE=type           then types each line of LEADLINE_PROBE_QUERIES into
///                                         the search field, one key at a time as an agent
///                                         types, and times every key to the painted rows;
///                                         after each query Enter opens the first match in the
///                                         360 view, timed to the next turn of the event loop
class StartupProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupProbe)

public:
    /// Null when the environment does not ask for a probe.
    static StartupProbe *install(Ui::MainWindow &window);

    /// CLOCK_MONOTONIC in nanoseconds (the clock the benchmark reads before starting the process).
    static qint64 monotonicNs();
    /// A memory field of /proc/self/status in MB (VmHWM, RssAnon, RssFile…), -1 where unknown.
    static double statusMb(const QByteArray &field);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    StartupProbe(Ui::MainWindow &window, int scrollPages, QStringList queries);
    void onPainted();
    void tick();
    void scrollOnePage();
    void startQuery();
    void typeNextKey();
    void onKeyPainted();
    void openFirstMatch();
    void report();

    QPointer<QTableView> m_table;
    QPointer<QLineEdit> m_search;
    QStringList m_queries;      ///< what is typed, one query after another
    int m_query = 0;            ///< the query being typed
    int m_typed = 0;            ///< keys of it typed so far
    bool m_typing = false;      ///< the typing phase has begun (the watch is over)
    bool m_awaitingRows = false; ///< a key (or the clearing) was sent; its rows are not painted yet
    bool m_rowsReset = false;   ///< the list's rows were replaced since that key
    bool m_timedKey = false;    ///< the awaited paint is a timed key, not the clearing
    qint64 m_keyNs = 0;
    QList<double> m_keyMs;      ///< each key to its painted rows
    QList<double> m_openMs;     ///< each Enter to the 360 view shown
    int m_scrollPages = 0;
    int m_scrolled = 0;
    qint64 m_shownNs = 0;
    qint64 m_paintedNs = 0;
    qint64 m_lastTickNs = 0;
    qint64 m_maxStallNs = 0;
    qint64 m_watchUntilNs = 0;
    QTimer *m_ticker = nullptr;
    bool m_painted = false;
};

} // namespace Leadline::CompositionRoot
