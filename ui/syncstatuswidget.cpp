#include "syncstatuswidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

namespace Leadline::Ui {

SyncStatusWidget::SyncStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_syncNow(new QToolButton(this))
    , m_conflicts(new QToolButton(this))
{
    setObjectName(QStringLiteral("syncStatusWidget"));
    m_label->setObjectName(QStringLiteral("syncStatusText"));
    m_syncNow->setObjectName(QStringLiteral("syncNow"));
    m_conflicts->setObjectName(QStringLiteral("syncConflicts"));
    m_syncNow->setAutoRaise(true);
    m_conflicts->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_conflicts);
    layout->addWidget(m_syncNow);
    connect(m_syncNow, &QToolButton::clicked, this, &SyncStatusWidget::syncRequested);
    connect(m_conflicts, &QToolButton::clicked, this, &SyncStatusWidget::conflictsRequested);
    retranslateUi();
}

QString SyncStatusWidget::text() const
{
    return m_label->text();
}

void SyncStatusWidget::setStatus(const SyncStatus &status)
{
    m_status = status;
    retranslateUi();
}

void SyncStatusWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SyncStatusWidget::retranslateUi()
{
    QString state;
    switch (m_status.state) {
    case SyncStatus::State::Online:
        state = tr("Online");
        break;
    case SyncStatus::State::Syncing:
        state = tr("Syncing…");
        break;
    case SyncStatus::State::Offline:
        state = m_status.retryInMs > 0
                    ? tr("Offline, retrying in %n s", nullptr,
                         int((m_status.retryInMs + 999) / 1000))
                    : tr("Offline");
        break;
    case SyncStatus::State::Refused:
        state = tr("Sync stopped");
        break;
    }
    QStringList parts{state};
    parts.append(tr("%n change(s) pending", nullptr, m_status.pending));
    if (m_status.lastSync.isValid()) {
        parts.append(tr("last sync %1").arg(QLocale().toString(m_status.lastSync.toLocalTime().time(),
                                                               QLocale::ShortFormat)));
    }
    if (m_status.rejected > 0)
        parts.append(tr("%n change(s) refused", nullptr, m_status.rejected));
    if (m_status.feedWaiting)
        parts.append(tr("server changes delayed"));
    m_label->setText(parts.join(QStringLiteral(" · ")));
    m_label->setToolTip(m_status.message);
    m_conflicts->setText(tr("%n conflict(s)", nullptr, m_status.conflicts));
    m_conflicts->setVisible(m_status.conflicts > 0);
    m_syncNow->setText(tr("Sync now"));
    m_syncNow->setEnabled(m_status.state != SyncStatus::State::Syncing);
    setAccessibleName(m_label->text());
}

} // namespace Leadline::Ui
