#include "offlinebanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace Leadline::Ui {

OfflineBanner::OfflineBanner(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("offlineBanner"));
    m_label->setObjectName(QStringLiteral("offlineBannerText"));
    m_label->setWordWrap(true);
    setFrameShape(QFrame::StyledPanel);
    // Across the window, so the message reads as one line wherever there is room.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAutoFillBackground(true);
    QPalette colors = palette();
    colors.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    colors.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    setPalette(colors);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label);
    hide();
}

void OfflineBanner::setStatus(const SyncStatus &status)
{
    m_status = status;
    retranslateUi();
    setVisible(status.state == SyncStatus::State::Offline
               || status.state == SyncStatus::State::Refused);
}

void OfflineBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QFrame::changeEvent(event);
}

void OfflineBanner::retranslateUi()
{
    if (m_status.state == SyncStatus::State::Refused) {
        m_label->setText(tr("Sync is stopped: %1. Your work is saved on this computer.")
                             .arg(m_status.message));
        return;
    }
    m_label->setText(tr("Working offline: the server cannot be reached. Keep working; %n "
                        "change(s) will be sent when the connection returns.",
                        nullptr, m_status.pending));
    m_label->setToolTip(m_status.message);
}

} // namespace Leadline::Ui
