#pragma once

#include "core/domain/result.h"
#include "core/sync/presence.h"

#include <QWidget>

#include <functional>

class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace Leadline {
class ChangeBus;
class Clock;
class Exporter;
class KpiEngine;
} // namespace Leadline

namespace Leadline::Ui {

class LiveFloorModel;

/// The live floor in the team tab (supervisors and admins): the agents' states as their clients
/// publish them through the server, the time in state ticking every second, and today's calls,
/// connects and talk time from the workspace (refreshed as calls arrive by sync).
class LiveFloorView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveFloorView)

public:
    LiveFloorView(KpiEngine &engine, const Clock &clock, ChangeBus *changes = nullptr,
                  QWidget *parent = nullptr);

    /// Shows a new reading of the floor (connect PresenceLink::floorChanged here).
    void setFloor(const Leadline::PresenceFloor &floor);
    /// Names the customer on the line from the supervisor's own cache.
    void setCustomerNamer(std::function<QString(const QString &)> namer);
    /// Recomputes today's calls, connects and talk time.
    void refreshToday();
    LiveFloorModel *model() const { return m_model; }
    /// Writes the floor as shown (its columns in their order, its rows in their sort) to CSV or
    /// XLSX (by the file's suffix), audited as a "live_floor" export.
    Status exportTable(Exporter &exporter, const QString &path) const;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void retranslateUi();
    void showStatus();

    KpiEngine &m_engine;
    const Clock &m_clock;
    QLabel *m_status;
    LiveFloorModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    QTimer *m_tick;
    QTimer *m_pendingToday;
    QString m_error;
    bool m_read = false;
};

} // namespace Leadline::Ui
