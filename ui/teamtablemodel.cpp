#include "teamtablemodel.h"

#include "kpitext.h"

#include <QLocale>

namespace Leadline::Ui {

namespace {

QVariant orMinus(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant(-1.0);
}

} // namespace

TeamTableModel::TeamTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void TeamTableModel::setReport(const KpiReport &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

int TeamTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.agents.size());
}

int TeamTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TeamTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AgentKpis &row = m_report.agents.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        return exact(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Agent ? QVariant(Qt::AlignLeading | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignTrailing | Qt::AlignVCenter);
    case AgentIdRole:
        return row.agent.id;
    case SortRole:
        return sortValue(row, index.column());
    case ExportRole:
        return exportValue(row, index.column());
    case TrendRole:
        if (index.column() == Trend) {
            QList<qreal> points;
            points.reserve(row.daily.size());
            for (const DailyPoint &point : row.daily)
                points.append(qreal(point.calls.dials));
            return QVariant::fromValue(points);
        }
        return {};
    default:
        return {};
    }
}

QVariant TeamTableModel::display(const AgentKpis &row, int column) const
{
    const KpiFigures &f = row.figures;
    const QLocale locale;
    switch (column) {
    case Agent:
        return row.agent.name;
    case Dials:
        return locale.toString(f.calls.dials);
    case Connects:
        return locale.toString(f.calls.connects);
    case ConnectRate:
        return KpiText::percent(f.connectRate());
    case EffectiveTalk:
        return KpiText::clock(f.calls.effectiveTalkSeconds);
    case AverageHandle:
        return f.averageHandleSeconds() ? KpiText::clock(qint64(*f.averageHandleSeconds() + 0.5))
                                        : KpiText::none();
    case AverageWrapUp:
        return f.averageWrapUpSeconds() ? KpiText::clock(qint64(*f.averageWrapUpSeconds() + 0.5))
                                        : KpiText::none();
    case CallsPerHour:
        return KpiText::number(f.callsPerHour());
    case TodosOverdue:
        return locale.toString(f.todosOverdue);
    case CallbacksKept:
        return KpiText::percent(f.callbacksKeptRate());
    case LeadsOwned:
        return locale.toString(f.leadsOwned);
    case Conversions:
        return locale.toString(f.conversions);
    case ReadyTime:
    case NotReadyTime:
    case OnCallTime:
    case WrapUpTime:
        return KpiText::clock(f.calls.stateTime(state(column)) / 1000);
    default:
        return {};
    }
}

KpiState TeamTableModel::state(int column)
{
    switch (column) {
    case NotReadyTime:
        return KpiState::NotReady;
    case OnCallTime:
        return KpiState::OnCall;
    case WrapUpTime:
        return KpiState::WrapUp;
    default:
        return KpiState::Ready;
    }
}

QVariant TeamTableModel::exact(const AgentKpis &row, int column) const
{
    const KpiFigures &f = row.figures;
    const QLocale locale;
    switch (column) {
    case Agent:
        return tr("%1 (%2), %3").arg(row.agent.name, row.agent.login, row.agent.teamName);
    case ConnectRate:
        return tr("%1 connects of %2 dials = %3")
            .arg(f.calls.connects).arg(f.calls.dials).arg(KpiText::exactPercent(f.connectRate()));
    case EffectiveTalk:
        return tr("%1 s in connected calls of 60 s or more (all connected calls: %2 s)")
            .arg(locale.toString(f.calls.effectiveTalkSeconds), locale.toString(f.calls.talkSeconds));
    case AverageHandle:
        return tr("%1 s per dial (call %2 s + wrap-up %3 s)")
            .arg(KpiText::number(f.averageHandleSeconds(), 3))
            .arg(locale.toString(double(f.calls.callMs) / 1000.0, 'f', 3))
            .arg(locale.toString(double(f.calls.stateTime(KpiState::WrapUp)) / 1000.0, 'f', 3));
    case AverageWrapUp:
        return tr("%1 s per dial").arg(KpiText::number(f.averageWrapUpSeconds(), 3));
    case CallsPerHour:
        return tr("%1 dials in %2 h signed in (ready %3 h, not ready %4 h, on call %5 h, wrap-up %6 h)")
            .arg(f.calls.dials)
            .arg(locale.toString(double(f.calls.staffedMs()) / 3.6e6, 'f', 3))
            .arg(locale.toString(double(f.calls.stateTime(KpiState::Ready)) / 3.6e6, 'f', 3))
            .arg(locale.toString(double(f.calls.stateTime(KpiState::NotReady)) / 3.6e6, 'f', 3))
            .arg(locale.toString(double(f.calls.stateTime(KpiState::OnCall)) / 3.6e6, 'f', 3))
            .arg(locale.toString(double(f.calls.stateTime(KpiState::WrapUp)) / 3.6e6, 'f', 3));
    case CallbacksKept:
        return tr("%1 of %2 callbacks done by their due time = %3")
            .arg(f.callbacksKept).arg(f.callbacksDue).arg(KpiText::exactPercent(f.callbacksKeptRate()));
    case Conversions:
        return tr("%1 won of %2 leads created = %3; won amount %4")
            .arg(f.conversions).arg(f.leadsCreated)
            .arg(KpiText::exactPercent(f.leadConversionRate()))
            .arg(locale.toString(f.wonAmount, 'f', 2));
    case ReadyTime:
    case NotReadyTime:
    case OnCallTime:
    case WrapUpTime:
        return tr("%1 s (spans over 4 hours count as offline)")
            .arg(locale.toString(double(f.calls.stateTime(state(column))) / 1000.0, 'f', 3));
    case Trend: {
        QStringList days;
        for (const DailyPoint &point : row.daily) {
            if (point.calls.dials > 0)
                days.append(tr("%1: %2 dials").arg(locale.toString(point.day, QLocale::ShortFormat))
                                .arg(point.calls.dials));
        }
        return days.isEmpty() ? tr("No dials in this period.") : days.join(QLatin1Char('\n'));
    }
    default:
        return display(row, column);
    }
}

QVariant TeamTableModel::sortValue(const AgentKpis &row, int column) const
{
    const KpiFigures &f = row.figures;
    switch (column) {
    case Agent:
        return row.agent.name;
    case Dials:
    case Trend:
        return f.calls.dials;
    case Connects:
        return f.calls.connects;
    case ConnectRate:
        return orMinus(f.connectRate());
    case EffectiveTalk:
        return f.calls.effectiveTalkSeconds;
    case AverageHandle:
        return orMinus(f.averageHandleSeconds());
    case AverageWrapUp:
        return orMinus(f.averageWrapUpSeconds());
    case CallsPerHour:
        return orMinus(f.callsPerHour());
    case TodosOverdue:
        return f.todosOverdue;
    case CallbacksKept:
        return orMinus(f.callbacksKeptRate());
    case LeadsOwned:
        return f.leadsOwned;
    case Conversions:
        return f.conversions;
    case ReadyTime:
    case NotReadyTime:
    case OnCallTime:
    case WrapUpTime:
        return double(f.calls.stateTime(state(column))) / 1000.0;
    default:
        return {};
    }
}

QVariant TeamTableModel::exportValue(const AgentKpis &row, int column) const
{
    const KpiFigures &f = row.figures;
    const auto orEmpty = [](const std::optional<double> &value) {
        return value ? QVariant(*value) : QVariant(QString());
    };
    switch (column) {
    case ConnectRate:
        return orEmpty(f.connectRate());
    case AverageHandle:
        return orEmpty(f.averageHandleSeconds());
    case AverageWrapUp:
        return orEmpty(f.averageWrapUpSeconds());
    case CallsPerHour:
        return orEmpty(f.callsPerHour());
    case CallbacksKept:
        return orEmpty(f.callbacksKeptRate());
    case Trend: {
        QStringList days;
        for (const DailyPoint &point : row.daily)
            days.append(QString::number(point.calls.dials));
        return days.join(QLatin1Char(' '));
    }
    default:
        return sortValue(row, column);
    }
}

QVariant TeamTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == EffectiveTalk)
        return tr("Talk time of connected calls lasting 60 seconds or more");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Agent:
        return tr("Agent");
    case Dials:
        return tr("Dials");
    case Connects:
        return tr("Connects");
    case ConnectRate:
        return tr("Connect rate");
    case EffectiveTalk:
        return tr("Effective talk");
    case AverageHandle:
        return tr("Avg handle");
    case AverageWrapUp:
        return tr("Avg wrap-up");
    case CallsPerHour:
        return tr("Calls/hour");
    case TodosOverdue:
        return tr("Todos overdue");
    case CallbacksKept:
        return tr("Callbacks kept");
    case LeadsOwned:
        return tr("Leads owned");
    case Conversions:
        return tr("Conversions");
    case ReadyTime:
        return tr("Ready");
    case NotReadyTime:
        return tr("Not ready");
    case OnCallTime:
        return tr("On call");
    case WrapUpTime:
        return tr("Wrap-up");
    case Trend:
        return tr("Daily dials");
    default:
        return {};
    }
}

void TeamTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

} // namespace Leadline::Ui
