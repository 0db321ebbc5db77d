#pragma once

#include "core/reference/auditquery.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Leadline::Ui {

/// Audit log entries, newest first: when, who, what, on which record, details, workstation.
class AuditModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)

public:
    enum Column {
        TimeColumn,
        WhoColumn,
        ActionColumn,
        RecordColumn,
        DetailColumn,
        WorkstationColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole, ActionRole, AgentIdRole, AtRole };

    explicit AuditModel(QObject *parent = nullptr);

    /// Shows these entries; names maps agent and team ids to display names (ids in details too).
    void setEntries(const QList<AuditEntry> &entries, const QHash<QString, QString> &names);
    /// The action's name in the user's language.
    static QString actionLabel(const QString &action);
    /// A changed column's name in the user's language ("owner_id" of customers: 负责人).
    static QString columnLabel(const QString &table, const QString &column);
    /// The record an entry concerns: its kind, and the name of a person or team.
    QString recordText(const AuditEntry &entry) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString who(const AuditEntry &entry) const;
    QString detailText(const AuditEntry &entry) const;

    QList<AuditEntry> m_entries;
    QHash<QString, QString> m_names;
};

} // namespace Leadline::Ui
