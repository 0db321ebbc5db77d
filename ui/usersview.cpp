#include "usersview.h"

#include "errorstyle.h"
#include "usersmodel.h"
#include "core/sync/useradministration.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

const QStringList roles = {QStringLiteral("agent"), QStringLiteral("supervisor"),
                           QStringLiteral("admin")};

} // namespace

UsersView::UsersView(const Services &services, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_model(new UsersModel(this))
    , m_tree(new QTreeView(this))
    , m_status(new QLabel(this))
    , m_refresh(new QPushButton(this))
    , m_add(new QPushButton(this))
    , m_toggleActive(new QPushButton(this))
    , m_role(new QPushButton(this))
    , m_team(new QPushButton(this))
    , m_password(new QPushButton(this))
    , m_serverContext(new QObject)
{
    m_serverThread.setObjectName(QStringLiteral("usersServer"));
    m_serverContext->moveToThread(&m_serverThread);
    connect(&m_serverThread, &QThread::finished, m_serverContext, &QObject::deleteLater);
    m_serverThread.start();
    setObjectName(QStringLiteral("usersView"));
    m_tree->setObjectName(QStringLiteral("usersTree"));
    m_status->setObjectName(QStringLiteral("usersStatus"));
    m_add->setObjectName(QStringLiteral("addUserButton"));
    m_toggleActive->setObjectName(QStringLiteral("toggleActiveButton"));
    m_role->setObjectName(QStringLiteral("roleButton"));
    m_team->setObjectName(QStringLiteral("teamButton"));
    m_password->setObjectName(QStringLiteral("passwordButton"));
    m_status->setWordWrap(true);
    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setSectionResizeMode(UsersModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_add, m_toggleActive, m_role, m_team, m_password, m_refresh})
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    setFocusProxy(m_tree);
    retranslateUi();
    updateButtons();

    connect(m_refresh, &QPushButton::clicked, this, &UsersView::refresh);
    connect(m_add, &QPushButton::clicked, this, &UsersView::onAdd);
    connect(m_toggleActive, &QPushButton::clicked, this, &UsersView::onToggleActive);
    connect(m_role, &QPushButton::clicked, this, &UsersView::onRole);
    connect(m_team, &QPushButton::clicked, this, &UsersView::onTeam);
    connect(m_password, &QPushButton::clicked, this, &UsersView::onPassword);
    connect(m_model, &QAbstractItemModel::modelReset, this, &UsersView::updateButtons);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &UsersView::updateButtons);
}

UsersView::~UsersView()
{
    // The connection closes on the thread that opened it; answers not delivered yet are
    // dropped with this view.
    if (UserAdministration *users = m_services.users) {
        QMetaObject::invokeMethod(m_serverContext, [users] { users->disconnect(); },
                                  Qt::BlockingQueuedConnection);
    }
    m_serverThread.quit();
    m_serverThread.wait();
}

void UsersView::ask(std::function<Status(UserAdministration &)> work, bool reload,
                    std::function<QString()> done, const QString &select)
{
    if (!m_services.users || m_busy)
        return;
    setBusy(true);
    UserAdministration *users = m_services.users;
    QMetaObject::invokeMethod(m_serverContext, [this, users, work, reload, done, select] {
        const Status status = work(*users);
        std::optional<Result<QList<ServerUserInfo>>> listed;
        if (status && reload)
            listed = users->list();
        // Back on the view's thread; the view waits for this thread before it goes away.
        QMetaObject::invokeMethod(this, [this, status, listed, done, select] {
            setBusy(false);
            if (listed && *listed) {
                const QString current = select.isEmpty() ? currentLogin() : select;
                m_model->setUsers(**listed);
                selectLogin(current);
            } else if (listed) {
                m_model->setUsers({});
            }
            const Status shown = listed && !*listed ? Status(listed->error()) : status;
            report(shown, shown ? done() : QString());
            emit finished(shown.message());
        });
    });
}

void UsersView::setBusy(bool busy)
{
    m_busy = busy;
    if (busy) {
        markError(m_status, false);
        m_status->setText(tr("Asking the server…"));
    }
    m_refresh->setEnabled(!busy);
    updateButtons();
}

void UsersView::showEvent(QShowEvent *event)
{
    // The server is asked when the administrator first opens the tab, not at start-up.
    if (!m_loaded)
        refresh();
    QWidget::showEvent(event);
}

void UsersView::refresh()
{
    if (!m_services.users)
        return;
    m_loaded = true;
    ask([](UserAdministration &) { return Status(); }, true,
        [this] { return tr("%n users on the server", nullptr, m_model->rowCount()); });
}

QString UsersView::currentLogin() const
{
    return m_tree->currentIndex().data(UsersModel::LoginRole).toString();
}

void UsersView::selectLogin(const QString &login)
{
    const int row = m_model->rowOf(login);
    if (row >= 0)
        m_tree->setCurrentIndex(m_model->index(row, 0));
    updateButtons();
}

void UsersView::updateButtons()
{
    const QModelIndex current = m_tree->currentIndex();
    const bool chosen = current.isValid() && !m_busy;
    for (QPushButton *button : {m_toggleActive, m_role, m_team, m_password})
        button->setEnabled(chosen);
    m_add->setEnabled(m_services.users != nullptr && !m_busy);
    m_toggleActive->setText(chosen && !current.data(UsersModel::ActiveRole).toBool()
                                ? tr("&Enable")
                                : tr("&Disable"));
}

void UsersView::report(const Status &status, const QString &done)
{
    markError(m_status, !status.ok());
    m_status->setText(status ? done : status.message());
}

void UsersView::addUser(const ServerUser &user)
{
    const QString login = user.login;
    ask([user](UserAdministration &users) -> Status {
            auto added = users.add(user);
            if (!added)
                return added.error();
            return {};
        },
        true, [this, login] { return tr("%1 was added.").arg(login); }, login);
}

void UsersView::setCurrentActive(bool active)
{
    const QString login = currentLogin();
    ask([login, active](UserAdministration &users) { return users.setActive(login, active); }, true,
        [this, login, active] {
            return active ? tr("%1 may sign in again.").arg(login)
                          : tr("%1 is disabled: signed out and cannot sign in.").arg(login);
        },
        login);
}

void UsersView::setCurrentRole(const QString &role)
{
    const QString login = currentLogin();
    ask([login, role](UserAdministration &users) { return users.setRole(login, role); }, true,
        [this, login, role] { return tr("%1 is now %2.").arg(login, UsersModel::roleLabel(role)); },
        login);
}

void UsersView::setCurrentTeam(const QString &team)
{
    const QString login = currentLogin();
    ask([login, team](UserAdministration &users) { return users.setTeam(login, team); }, true,
        [this, login, team] { return tr("%1 moved to team %2.").arg(login, team); }, login);
}

void UsersView::setCurrentPassword(const QString &password)
{
    const QString login = currentLogin();
    ask([login, password](UserAdministration &users) { return users.setPassword(login, password); },
        false, [this, login] { return tr("The password of %1 was reset.").arg(login); });
}

void UsersView::onAdd()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add a user"));
    auto *login = new QLineEdit(&dialog);
    auto *name = new QLineEdit(&dialog);
    auto *password = new QLineEdit(&dialog);
    password->setEchoMode(QLineEdit::Password);
    auto *role = new QComboBox(&dialog);
    for (const QString &value : roles)
        role->addItem(UsersModel::roleLabel(value), value);
    auto *team = new QLineEdit(&dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("&Login:"), login);
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&Password:"), password);
    form->addRow(tr("&Role:"), role);
    form->addRow(tr("&Team:"), team);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(box);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    ServerUser user;
    user.login = login->text().trimmed();
    user.name = name->text().trimmed();
    user.password = password->text();
    user.role = role->currentData().toString();
    user.team = team->text().trimmed();
    password->clear();
    addUser(user);
}

void UsersView::onToggleActive()
{
    setCurrentActive(!m_tree->currentIndex().data(UsersModel::ActiveRole).toBool());
}

void UsersView::onRole()
{
    QStringList labels;
    for (const QString &value : roles)
        labels.append(UsersModel::roleLabel(value));
    const int current = std::max<int>(
        0, int(roles.indexOf(m_tree->currentIndex().data(UsersModel::RoleNameRole).toString())));
    bool ok = false;
    const QString chosen = QInputDialog::getItem(this, tr("Role"),
                                                 tr("Role of %1:").arg(currentLogin()), labels,
                                                 current, false, &ok);
    if (ok)
        setCurrentRole(roles.value(int(labels.indexOf(chosen))));
}

void UsersView::onTeam()
{
    bool ok = false;
    const QString team = QInputDialog::getText(
        this, tr("Team"), tr("Team of %1 (a new name creates the team):").arg(currentLogin()),
        QLineEdit::Normal, m_tree->currentIndex().data(UsersModel::TeamRole).toString(), &ok);
    if (ok)
        setCurrentTeam(team);
}

void UsersView::onPassword()
{
    bool ok = false;
    QString password = QInputDialog::getText(this, tr("Reset password"),
                                             tr("New password for %1:").arg(currentLogin()),
                                             QLineEdit::Password, QString(), &ok);
    if (ok)
        setCurrentPassword(password);
    password.fill(QLatin1Char(' '));
}

void UsersView::retranslateUi()
{
    setWindowTitle(tr("Users"));
    m_refresh->setText(tr("Re&load"));
    m_add->setText(tr("&Add user…"));
    m_role->setText(tr("&Role…"));
    m_team->setText(tr("&Team…"));
    m_password->setText(tr("Reset &password…"));
    m_tree->setAccessibleName(tr("Users"));
    updateButtons();
}

void UsersView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace Leadline::Ui
