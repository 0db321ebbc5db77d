#pragma once

#include "core/analytics/kpireport.h"

#include <QWidget>

namespace Leadline::Ui {

/// The sales funnel, painted: one band per stage, as wide as the customers who entered it, with
/// the count on the band and the stage-to-stage conversion between bands. Colours come from the
/// palette (light or dark); the tooltip of a band gives its exact figures.
class FunnelWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FunnelWidget)

public:
    explicit FunnelWidget(QWidget *parent = nullptr);

    void setStages(const QList<FunnelStage> &stages);
    const QList<FunnelStage> &stages() const { return m_stages; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF bandRect(int index) const;
    QString tooltip(int index) const;

    QList<FunnelStage> m_stages;
};

} // namespace Leadline::Ui
