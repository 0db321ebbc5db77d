#pragma once

#include "core/sync/syncstatus.h"

#include <QFrame>

class QLabel;

namespace Leadline::Ui {

/// A thin banner shown while the server cannot be reached or refuses this client. It informs;
/// it never blocks work (everything keeps saving locally).
class OfflineBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OfflineBanner)

public:
    explicit OfflineBanner(QWidget *parent = nullptr);

    void setStatus(const Leadline::SyncStatus &status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_label;
    SyncStatus m_status;
};

} // namespace Leadline::Ui
