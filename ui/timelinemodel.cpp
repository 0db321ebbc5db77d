#include "timelinemodel.h"

#include "core/domain/vocabulary.h"

#include <QDateTime>
#include <QLocale>

namespace Leadline::Ui {

TimelineModel::TimelineModel(const TimelineQuery &query, QObject *parent)
    : QAbstractListModel(parent)
    , m_query(query)
{}

void TimelineModel::setCustomer(const QString &customerId)
{
    m_customerId = customerId;
    refresh();
}

void TimelineModel::setKinds(const QList<TimelineEvent::Kind> &kinds)
{
    m_kinds = kinds;
    refresh();
}

void TimelineModel::refresh()
{
    beginResetModel();
    m_events.clear();
    m_atEnd = true;
    QString error;
    if (!m_customerId.isEmpty()) {
        auto events = m_query.fetch(m_customerId, pageSize, 0, m_kinds);
        if (events) {
            m_events = *events;
            m_atEnd = m_events.size() < pageSize;
        } else {
            error = events.message();
        }
    }
    endResetModel();
    if (error != m_error) {
        m_error = error;
        emit errorChanged(m_error);
    }
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QString TimelineModel::describe(const TimelineEvent &event)
{
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(event.at),
                                            QStringLiteral("yyyy-MM-dd HH:mm"));
    QString what;
    switch (event.kind) {
    case TimelineEvent::Kind::Call: {
        const QString duration = QStringLiteral("%1:%2")
                                     .arg(event.durationSeconds / 60)
                                     .arg(event.durationSeconds % 60, 2, 10, QLatin1Char('0'));
        what = tr("Call · %1 · %2").arg(Vocabulary::label(event.title), duration);
        if (!event.detail.isEmpty())
            what += QStringLiteral("\n") + event.detail;
        if (!event.recordingUrl.isEmpty())
            what += QStringLiteral("\n") + tr("Recording: %1").arg(event.recordingUrl);
        break;
    }
    case TimelineEvent::Kind::Note:
        what = tr("Note · %1").arg(event.detail);
        break;
    case TimelineEvent::Kind::Todo: {
        const QString due = QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(event.detail.toLongLong()), QStringLiteral("yyyy-MM-dd HH:mm"));
        what = event.done ? tr("Task done · %1").arg(Vocabulary::label(event.title))
                          : tr("Task · %1 · due %2").arg(Vocabulary::label(event.title), due);
        break;
    }
    case TimelineEvent::Kind::Stage: {
        const QStringList parts = event.title.split(QStringLiteral(" → "));
        what = tr("Stage · %1 → %2")
                   .arg(Vocabulary::label(parts.value(0)), Vocabulary::label(parts.value(1)));
        break;
    }
    case TimelineEvent::Kind::Owner:
        what = tr("Owner · %1").arg(event.title);
        break;
    case TimelineEvent::Kind::Merge:
        what = tr("Merged · %1").arg(event.detail);
        break;
    case TimelineEvent::Kind::Import:
        what = tr("Imported · %1").arg(event.detail);
        break;
    case TimelineEvent::Kind::Rule:
        what = tr("Rule · %1").arg(event.detail);
        break;
    case TimelineEvent::Kind::Pool:
        what = tr("Lead pool · %1").arg(event.detail);
        break;
    }
    const QString who = event.agentName.isEmpty() ? QString() : QStringLiteral(" · ") + event.agentName;
    return when + who + QStringLiteral("\n") + what;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEvent &event = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return describe(event);
    case IdRole:
        return event.id;
    case KindRole:
        return TimelineQuery::kindKey(event.kind);
    case AtRole:
        return event.at;
    case TitleRole:
        return event.title;
    case DetailRole:
        return event.detail;
    default:
        return {};
    }
}

bool TimelineModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void TimelineModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    const auto fetched = m_query.fetch(m_customerId, pageSize, int(m_events.size()), m_kinds);
    if (!fetched) {
        // What could not be read is not shown as the end of the timeline.
        m_atEnd = true;
        m_error = fetched.message();
        emit errorChanged(m_error);
        return;
    }
    const QList<TimelineEvent> &more = *fetched;
    m_atEnd = more.size() < pageSize;
    if (more.isEmpty())
        return;
    beginInsertRows({}, int(m_events.size()), int(m_events.size() + more.size()) - 1);
    m_events.append(more);
    endInsertRows();
}

} // namespace Leadline::Ui
