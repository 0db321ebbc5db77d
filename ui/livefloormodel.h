#pragma once

#include "core/analytics/kpireport.h"
#include "core/sync/presence.h"

#include <QAbstractTableModel>
#include <QHash>

#include <functional>

namespace Leadline::Ui {

/// The live floor (§2.6): one row per agent the supervisor may see, with his state (and the
/// reason when not ready), the time in that state from the server's timestamps, his calls,
/// connects and talk time today, and the customer on the line (masked). A time in state past a
/// threshold is coloured and always says so in words ("long", "too long").
class LiveFloorModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveFloorModel)

public:
    enum Column { Agent, State, TimeInState, CallsToday, Connects, TalkTime, Customer, ColumnCount };
    enum Role {
        AgentIdRole = Qt::UserRole, ///< the agent's id (every column)
        SortRole,                   ///< a number (or text) to sort by
        LevelRole                   ///< TimeInState: the Level as an int
    };
    /// How long the agent has been in his state, against the state's thresholds.
    enum class Level { Normal, Long, TooLong };

    explicit LiveFloorModel(QObject *parent = nullptr);

    /// A new reading of the floor from the server.
    void setFloor(const PresenceFloor &floor);
    /// Today's calls per agent id (dials, connects, talk time).
    void setToday(const QHash<QString, CallFigures> &today);
    /// This machine's clock (UTC ms): the times in state follow it between readings.
    void setNow(qint64 localNowMs);
    /// Names the customer on the line (the supervisor's own cache); empty when unknown.
    void setCustomerNamer(std::function<QString(const QString &)> namer);
    void retranslate();

    /// Milliseconds an agent has spent in his state at the current time.
    qint64 timeInStateMs(int row) const;
    /// The thresholds: a state held this long is Long, then TooLong (Offline has none).
    static Level levelOf(const QString &state, qint64 ms);
    static QString stateLabel(const QString &state);
    const QList<PresenceEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString customerText(const PresenceEntry &entry) const;

    QList<PresenceEntry> m_entries;
    QHash<QString, CallFigures> m_today;
    std::function<QString(const QString &)> m_namer;
    qint64 m_clockOffsetMs = 0; ///< server clock minus this machine's, at the last reading
    qint64 m_nowMs = 0;         ///< this machine's clock
};

} // namespace Leadline::Ui
