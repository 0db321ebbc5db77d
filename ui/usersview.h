#pragma once

#include "services.h"
#include "core/domain/result.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace Leadline {
struct ServerUser;
}

namespace Leadline::Ui {

class UsersModel;

/// The "Users" work tab for administrators: the server's users, and adding, disabling or
/// enabling, changing role or team and resetting the password of one, through the same server
/// functions as "leadline user". Passwords are typed hidden and never shown or kept.
class UsersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsersView)

public:
    explicit UsersView(const Services &services, QWidget *parent = nullptr);

    /// Reads the users from the server again.
    void refresh();
    /// The selected user's login (empty when none).
    QString currentLogin() const;
    void selectLogin(const QString &login);

    // What the buttons do once their dialog is answered (tests call them directly).
    Status addUser(const ServerUser &user);
    Status setCurrentActive(bool active);
    Status setCurrentRole(const QString &role);
    Status setCurrentTeam(const QString &team);
    Status setCurrentPassword(const QString &password);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void updateButtons();
    void report(const Status &status, const QString &done);
    void onAdd();
    void onToggleActive();
    void onRole();
    void onTeam();
    void onPassword();

    Services m_services;
    UsersModel *m_model;
    QTreeView *m_tree;
    QLabel *m_status;
    QPushButton *m_refresh;
    QPushButton *m_add;
    QPushButton *m_toggleActive;
    QPushButton *m_role;
    QPushButton *m_team;
    QPushButton *m_password;
    bool m_loaded = false;
};

} // namespace Leadline::Ui
