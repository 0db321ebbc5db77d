#pragma once

#include "core/sync/serverurl.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Leadline::Ui {

/// Sign in to the shared server: server address, login and password. The address and login
/// are kept in the settings, the password only in the keychain (when "remember" is checked).
class LoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)

public:
    explicit LoginDialog(QWidget *parent = nullptr);

    void setServer(const QString &address, const QString &login);
    /// The server with the login and password entered (valid after accept()).
    ServerUrl server() const { return m_server; }
    bool rememberPassword() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onAccepted();

    QLabel *m_addressLabel;
    QLineEdit *m_address;
    QLabel *m_loginLabel;
    QLineEdit *m_login;
    QLabel *m_passwordLabel;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    ServerUrl m_server;
};

} // namespace Leadline::Ui
