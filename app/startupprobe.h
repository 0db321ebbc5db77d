#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

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
    StartupProbe(Ui::MainWindow &window, int scrollPages);
    void onPainted();
    void tick();
    void scrollOnePage();
    void report();

    QPointer<QTableView> m_table;
    int m_scrollPages = 0;
    int m_scrolled = 0;
    qint64 m_shownNs = 0;
    qint64 m_paintedNs = 0;
    qint64 m_lastTickNs = 0;
    qint64 m_maxStallNs = 0;
    qint64 m_watchUntilNs = 0;
    bool m_painted = false;
};

} // namespace Leadline::CompositionRoot
