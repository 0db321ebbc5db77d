#pragma once

#include "services.h"
#include "core/domain/result.h"

#include <QThread>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTreeView;

namespace Leadline {
struct ServerUser;
class UserAdministration;
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

    ~UsersView() override;

    /// Reads the users from the server again. This and the operations below ask the server on
    /// the view's own thread: the window stays responsive, the buttons wait, and finished()
    /// reports the outcome (the status line shows the same).
    void refresh();
    /// The selected user's login (empty when none).
    QString currentLogin() const;
    void selectLogin(const QString &login);

    /// True while the server is being asked.
    bool isBusy() const { return m_busy; }

    // What the buttons do once their dialog is answered (tests call them directly).
    void addUser(const ServerUser &user);
    void setCurrentActive(bool active);
    void setCurrentRole(const QString &role);
    void setCurrentTeam(const QString &team);
    void setCurrentPassword(const QString &password);

signals:
    /// The server answered an operation: the error message, empty when it succeeded.
    void finished(const QString &error);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void updateButtons();
    void report(const Status &status, const QString &done);
    /// Runs work on the server thread, then done on this one with what work returned; the
    /// users are read again after a change (reload) so the list shows the server's state.
    void ask(std::function<Status(UserAdministration &)> work, bool reload,
             std::function<QString()> done, const QString &select = {});
    void setBusy(bool busy);
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
    bool m_busy = false;
    QThread m_serverThread;
    QObject *m_serverContext; ///< lives on m_serverThread: the operations run in its events
};

} // namespace Leadline::Ui
