#include "logindialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Leadline::Ui {

LoginDialog::LoginDialog(QWidget *parent)
    : QDialog(parent)
    , m_addressLabel(new QLabel(this))
    , m_address(new QLineEdit(this))
    , m_loginLabel(new QLabel(this))
    , m_login(new QLineEdit(this))
    , m_passwordLabel(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_remember(new QCheckBox(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("loginDialog"));
    m_address->setObjectName(QStringLiteral("serverAddress"));
    m_login->setObjectName(QStringLiteral("serverLogin"));
    m_password->setObjectName(QStringLiteral("serverPassword"));
    m_remember->setObjectName(QStringLiteral("rememberPassword"));
    m_error->setObjectName(QStringLiteral("loginError"));
    m_password->setEchoMode(QLineEdit::Password);
    m_address->setPlaceholderText(QStringLiteral("postgresql://host:5432/leadline?sslmode=require"));
    m_remember->setChecked(true);
    m_error->setWordWrap(true);
    m_addressLabel->setBuddy(m_address);
    m_loginLabel->setBuddy(m_login);
    m_passwordLabel->setBuddy(m_password);

    auto *form = new QFormLayout;
    form->addRow(m_addressLabel, m_address);
    form->addRow(m_loginLabel, m_login);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(QString(), m_remember);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::onAccepted);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(480);
    retranslateUi();
}

void LoginDialog::setServer(const QString &address, const QString &login)
{
    m_address->setText(address);
    m_login->setText(login);
    // The first field still to fill takes the keyboard.
    QLineEdit *first = address.isEmpty() ? m_address : login.isEmpty() ? m_login : m_password;
    first->setFocus(Qt::OtherFocusReason);
}

bool LoginDialog::rememberPassword() const
{
    return m_remember->isChecked();
}

void LoginDialog::onAccepted()
{
    auto parsed = ServerUrl::parse(m_address->text());
    if (!parsed) {
        m_error->setText(parsed.message());
        m_address->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (m_login->text().trimmed().isEmpty()) {
        m_error->setText(tr("Enter your login."));
        m_login->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (m_password->text().isEmpty()) {
        m_error->setText(tr("Enter your password."));
        m_password->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_server = parsed->withLogin(m_login->text().trimmed(), m_password->text());
    accept();
}

void LoginDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void LoginDialog::retranslateUi()
{
    setWindowTitle(tr("Sign in to the server"));
    m_addressLabel->setText(tr("&Server:"));
    m_loginLabel->setText(tr("&Login:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_remember->setText(tr("Remember the password in the system keychain"));
}

} // namespace Leadline::Ui
