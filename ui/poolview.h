#pragma once

#include "services.h"

#include <QWidget>

class QAction;
class QLabel;
class QTimer;
class QToolButton;
class QTreeView;
class QTreeWidget;

namespace Leadline {
class LeadPool;
}

namespace Leadline::Ui {

class PoolModel;

/// The "Lead pool" (公海) work tab: unowned leads with source, score and age to claim (C) or,
/// for supervisors, assign (A); below, the owned leads nobody has called yet with the time left
/// before they return to the pool, red under the policy's warning threshold.
class PoolView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PoolView)

public:
    explicit PoolView(const Services &services, QWidget *parent = nullptr);

    void refresh();

signals:
    /// The agent opened a lead: show it in the 360 view.
    void customerOpened(const QString &customerId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateActions();
    QStringList selectedPoolIds() const;
    void claimSelected();
    void assignSelected();
    void openCurrent();
    bool isSupervisor() const;

    Services m_services;
    QLabel *m_poolLabel;
    PoolModel *m_poolModel;
    QTreeView *m_poolTree;
    QLabel *m_watchedLabel;
    QTreeWidget *m_watchedTree;
    QTimer *m_tick;
    QAction *m_claimAction;
    QAction *m_assignAction;
    QAction *m_openAction;
    QAction *m_refreshAction;
    QList<QToolButton *> m_buttons;
};

} // namespace Leadline::Ui
