#include "usersmodel.h"

namespace Leadline::Ui {

UsersModel::UsersModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void UsersModel::setUsers(const QList<ServerUserInfo> &users)
{
    beginResetModel();
    m_users = users;
    endResetModel();
}

int UsersModel::rowOf(const QString &login) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).login == login)
            return row;
    }
    return -1;
}

QString UsersModel::roleLabel(const QString &role)
{
    if (role == QLatin1String("agent"))
        return tr("Agent");
    if (role == QLatin1String("supervisor"))
        return tr("Supervisor");
    if (role == QLatin1String("admin"))
        return tr("Administrator");
    return role;
}

int UsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ServerUserInfo &user = m_users.at(index.row());
    switch (role) {
    case LoginRole:
        return user.login;
    case ActiveRole:
        return user.active;
    case RoleNameRole:
        return user.role;
    case TeamRole:
        return user.team;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case LoginColumn:
        return user.login;
    case NameColumn:
        return user.name;
    case RoleColumn:
        return roleLabel(user.role);
    case TeamColumn:
        return user.team;
    case StatusColumn:
        if (!user.active)
            return tr("Disabled");
        return user.canSignIn ? tr("Active") : tr("Cannot sign in");
    case ColumnCount:
        break;
    }
    return {};
}

QVariant UsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case LoginColumn:
        return tr("Login");
    case NameColumn:
        return tr("Name");
    case RoleColumn:
        return tr("Role");
    case TeamColumn:
        return tr("Team");
    case StatusColumn:
        return tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace Leadline::Ui
