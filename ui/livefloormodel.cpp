#include "livefloormodel.h"

#include "kpitext.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace Leadline::Ui {

namespace {

constexpr qint64 minute = 60 * 1000;

struct Thresholds
{
    qint64 longMs;
    qint64 tooLongMs;
};

// Per state: when the time in it deserves a look, and when it needs one.
Thresholds thresholdsOf(const QString &state)
{
    if (state == QLatin1String("NotReady"))
        return {5 * minute, 15 * minute};
    if (state == QLatin1String("WrapUp"))
        return {1 * minute, 2 * minute}; // the call session's wrap-up maximum is 2 minutes
    if (state == QLatin1String("OnCall"))
        return {10 * minute, 20 * minute};
    if (state == QLatin1String("Ready"))
        return {5 * minute, 15 * minute}; // waiting that long for a call: the queue is dry
    return {-1, -1};
}

} // namespace

LiveFloorModel::LiveFloorModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_nowMs(QDateTime::currentMSecsSinceEpoch())
{}

void LiveFloorModel::setFloor(const PresenceFloor &floor)
{
    if (!floor.error.isEmpty())
        return; // the view shows why; the last reading stays
    beginResetModel();
    m_entries = floor.entries;
    if (floor.serverNowMs > 0)
        m_clockOffsetMs = floor.serverNowMs - floor.receivedAtMs;
    m_nowMs = floor.receivedAtMs;
    endResetModel();
}

void LiveFloorModel::setToday(const QHash<QString, CallFigures> &today)
{
    m_today = today;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, CallsToday), index(rowCount() - 1, TalkTime));
}

void LiveFloorModel::setNow(qint64 localNowMs)
{
    m_nowMs = localNowMs;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, TimeInState), index(rowCount() - 1, TimeInState));
}

void LiveFloorModel::setCustomerNamer(std::function<QString(const QString &)> namer)
{
    m_namer = std::move(namer);
}

void LiveFloorModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

qint64 LiveFloorModel::timeInStateMs(int row) const
{
    const PresenceEntry &entry = m_entries.at(row);
    return std::max<qint64>(0, m_nowMs + m_clockOffsetMs - entry.sinceMs);
}

LiveFloorModel::Level LiveFloorModel::levelOf(const QString &state, qint64 ms)
{
    const Thresholds limits = thresholdsOf(state);
    if (limits.tooLongMs >= 0 && ms >= limits.tooLongMs)
        return Level::TooLong;
    if (limits.longMs >= 0 && ms >= limits.longMs)
        return Level::Long;
    return Level::Normal;
}

QString LiveFloorModel::stateLabel(const QString &state)
{
    if (state == QLatin1String("Ready"))
        return tr("Ready");
    if (state == QLatin1String("NotReady"))
        return tr("Not ready");
    if (state == QLatin1String("OnCall"))
        return tr("On call");
    if (state == QLatin1String("WrapUp"))
        return tr("Wrap-up");
    return tr("Offline");
}

QString LiveFloorModel::customerText(const PresenceEntry &entry) const
{
    if (entry.customerId.isEmpty() && entry.phoneMasked.isEmpty())
        return {};
    const QString name = m_namer && !entry.customerId.isEmpty() ? m_namer(entry.customerId) : QString();
    if (name.isEmpty())
        return entry.phoneMasked;
    if (entry.phoneMasked.isEmpty())
        return name;
    return tr("%1 · %2", "customer name · masked number").arg(name, entry.phoneMasked);
}

int LiveFloorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LiveFloorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveFloorModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PresenceEntry &entry = m_entries.at(index.row());
    const bool offline = entry.state == QLatin1String("Offline");
    const CallFigures today = m_today.value(entry.agentId);
    const qint64 inStateMs = timeInStateMs(index.row());
    const Level level = levelOf(entry.state, inStateMs);

    if (role == AgentIdRole)
        return entry.agentId;
    if (role == LevelRole && index.column() == TimeInState)
        return int(level);
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (Column(index.column())) {
        case Agent:
            return entry.agentName;
        case State:
            if (entry.state == QLatin1String("NotReady") && !entry.reason.isEmpty())
                return tr("Not ready: %1").arg(entry.reason);
            return stateLabel(entry.state);
        case TimeInState: {
            if (sort)
                return offline ? -1 : inStateMs;
            if (offline && entry.heartbeatMs == 0)
                return KpiText::none(); // never signed in
            const QString time = KpiText::clock(inStateMs / 1000);
            switch (level) {
            case Level::Long:
                return tr("%1 (long)").arg(time);
            case Level::TooLong:
                return tr("%1 (too long)").arg(time);
            case Level::Normal:
                break;
            }
            return time;
        }
        case CallsToday:
            return sort ? QVariant(today.dials) : QVariant(QString::number(today.dials));
        case Connects:
            return sort ? QVariant(today.connects) : QVariant(QString::number(today.connects));
        case TalkTime:
            return sort ? QVariant(today.talkSeconds) : QVariant(KpiText::clock(today.talkSeconds));
        case Customer:
            return customerText(entry);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == TimeInState && !offline) {
        const QString since = QLocale().toString(
            QDateTime::fromMSecsSinceEpoch(entry.sinceMs - m_clockOffsetMs).time(),
            QLocale::ShortFormat);
        return tr("In this state since %1").arg(since);
    }
    if (role == Qt::BackgroundRole && index.column() == TimeInState) {
        switch (level) {
        case Level::Long:
            return QBrush(QColor(0xff, 0xe0, 0x8a)); // amber
        case Level::TooLong:
            return QBrush(QColor(0xf4, 0xa6, 0xa6)); // red
        case Level::Normal:
            break;
        }
        return {};
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == TimeInState && level != Level::Normal)
            return QBrush(QColor(0x20, 0x20, 0x20)); // dark on the light warning colours
        if (offline)
            return QBrush(QColor(0x80, 0x80, 0x80));
    }
    if (role == Qt::TextAlignmentRole && index.column() >= TimeInState && index.column() <= TalkTime)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant LiveFloorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Agent:
        return tr("Agent");
    case State:
        return tr("State");
    case TimeInState:
        return tr("Time in state");
    case CallsToday:
        return tr("Calls today");
    case Connects:
        return tr("Connects");
    case TalkTime:
        return tr("Talk time");
    case Customer:
        return tr("Customer");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
