#pragma once

#include "core/sync/serverusers.h"

#include <QAbstractTableModel>

namespace Leadline::Ui {

/// The server's users for the admin screen: login, name, role, team and whether they may sign in.
class UsersModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersModel)

public:
    enum Column { LoginColumn, NameColumn, RoleColumn, TeamColumn, StatusColumn, ColumnCount };
    enum Role { LoginRole = Qt::UserRole, ActiveRole, RoleNameRole, TeamRole };

    explicit UsersModel(QObject *parent = nullptr);

    void setUsers(const QList<ServerUserInfo> &users);
    /// The row of a login, or -1.
    int rowOf(const QString &login) const;
    /// A role's name in the user's language.
    static QString roleLabel(const QString &role);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<ServerUserInfo> m_users;
};

} // namespace Leadline::Ui
