#include "funnelwidget.h"

#include "kpitext.h"

#include "core/domain/vocabulary.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace Leadline::Ui {

namespace {

constexpr int bandHeight = 34;
constexpr int gap = 18;
constexpr int labelWidth = 96;

} // namespace

FunnelWidget::FunnelWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("funnel"));
    setAttribute(Qt::WA_Hover);
}

void FunnelWidget::setStages(const QList<FunnelStage> &stages)
{
    m_stages = stages;
    QStringList parts;
    for (const FunnelStage &stage : stages)
        parts.append(QStringLiteral("%1 %2").arg(Vocabulary::label(stage.stage)).arg(stage.entered));
    setAccessibleDescription(parts.join(QStringLiteral(", ")));
    updateGeometry();
    update();
}

QSize FunnelWidget::sizeHint() const
{
    return {420, int(m_stages.size()) * (bandHeight + gap) + 8};
}

QSize FunnelWidget::minimumSizeHint() const
{
    return {260, int(m_stages.size()) * (bandHeight + gap) + 8};
}

QRectF FunnelWidget::bandRect(int index) const
{
    int widest = 1;
    for (const FunnelStage &stage : m_stages)
        widest = std::max(widest, stage.entered);
    const qreal full = std::max(40, width() - labelWidth - 16);
    // A stage nobody entered keeps a sliver, so the funnel never has a hole.
    const qreal w = std::max(6.0, full * qreal(m_stages.at(index).entered) / qreal(widest));
    const qreal x = labelWidth + (full - w) / 2.0;
    return {x, 4.0 + qreal(index) * (bandHeight + gap), w, qreal(bandHeight)};
}

void FunnelWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor base = palette().color(QPalette::Highlight);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor onBand = palette().color(QPalette::HighlightedText);
    const QLocale locale;
    for (int i = 0; i < m_stages.size(); ++i) {
        const QRectF band = bandRect(i);
        QColor fill = base;
        fill.setAlphaF(1.0 - 0.1 * qreal(i));
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawRoundedRect(band, 4, 4);
        painter.setPen(text);
        painter.drawText(QRectF(0, band.top(), labelWidth - 8, band.height()),
                         Qt::AlignRight | Qt::AlignVCenter, Vocabulary::label(m_stages.at(i).stage));
        const QString count = locale.toString(m_stages.at(i).entered);
        const bool fits = band.width() > fontMetrics().horizontalAdvance(count) + 8;
        painter.setPen(fits ? onBand : text);
        painter.drawText(fits ? band : band.translated(band.width() / 2 + 24, 0),
                         Qt::AlignCenter, count);
        if (i + 1 < m_stages.size()) {
            painter.setPen(text);
            const QRectF between(labelWidth, band.bottom(), width() - labelWidth, gap);
            painter.drawText(between, Qt::AlignCenter,
                             QStringLiteral("↓ %1").arg(KpiText::percent(m_stages.at(i).toNext)));
        }
    }
}

QString FunnelWidget::tooltip(int index) const
{
    const FunnelStage &stage = m_stages.at(index);
    QString text = tr("%1: %2 customers entered").arg(Vocabulary::label(stage.stage)).arg(stage.entered);
    if (index + 1 < m_stages.size()) {
        text += QLatin1Char('\n')
                + tr("%1 went on to %2 = %3")
                      .arg(m_stages.at(index + 1).entered)
                      .arg(Vocabulary::label(m_stages.at(index + 1).stage),
                           KpiText::exactPercent(stage.toNext));
    }
    return text;
}

bool FunnelWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        for (int i = 0; i < m_stages.size(); ++i) {
            const QRectF row(0, bandRect(i).top(), width(), bandHeight);
            if (row.contains(help->pos())) {
                QToolTip::showText(help->globalPos(), tooltip(i), this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

} // namespace Leadline::Ui
