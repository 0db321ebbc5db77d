#pragma once

#include "core/customers/timelinequery.h"

#include <QAbstractListModel>

namespace Leadline {
class TimelineQuery;
}

namespace Leadline::Ui {

/// A customer's timeline, newest first, fetched a page at a time.
class TimelineModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)

public:
    enum Role { IdRole = Qt::UserRole, KindRole, AtRole, TitleRole, DetailRole };

    explicit TimelineModel(const TimelineQuery &query, QObject *parent = nullptr);

    void setCustomer(const QString &customerId);
    void setKinds(const QList<TimelineEvent::Kind> &kinds);
    void refresh();
    QString customerId() const { return m_customerId; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    /// The text shown for an event (also used by the UI tests).
    static QString describe(const TimelineEvent &event);

    /// Why the timeline could not be read in full (empty when it was).
    QString error() const { return m_error; }

signals:
    /// The timeline could or could not be read; message is empty when it was.
    void errorChanged(const QString &message);

private:
    static constexpr int pageSize = 200;
    const TimelineQuery &m_query;
    QString m_customerId;
    QList<TimelineEvent::Kind> m_kinds;
    QList<TimelineEvent> m_events;
    bool m_atEnd = true;
    QString m_error;
};

} // namespace Leadline::Ui
