#pragma once

#include "core/sync/syncstatus.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace Leadline::Ui {

/// The status-bar sync indicator: online / offline / syncing, pending changes, last sync and
/// conflicts, with buttons to sync now and to open the conflicts.
class SyncStatusWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncStatusWidget)

public:
    explicit SyncStatusWidget(QWidget *parent = nullptr);

    void setStatus(const Leadline::SyncStatus &status);
    /// The text shown (for tests and accessibility).
    QString text() const;

signals:
    /// The user asked to sync now.
    void syncRequested();
    /// The user asked to see the conflicts.
    void conflictsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_label;
    QToolButton *m_syncNow;
    QToolButton *m_conflicts;
    SyncStatus m_status;
};

} // namespace Leadline::Ui
