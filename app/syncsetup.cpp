#include "syncsetup.h"

#include "core/storage/changebus.h"
#include "core/sync/syncengine.h"
#include "core/sync/useradministration.h"
#include "ui/conflictsview.h"
#include "ui/credentialstore.h"
#include "ui/logindialog.h"
#include "ui/mainwindow.h"
#include "ui/offlinebanner.h"
#include "ui/syncstatuswidget.h"

#include <QCoreApplication>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

namespace Leadline::CompositionRoot {

namespace {

const QString serverKey = QStringLiteral("sync/server");
const QString loginKey = QStringLiteral("sync/login");

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::CompositionRoot::SyncSetup", text);
}

QString keychainKey(const QString &login, const QString &server)
{
    return login + QLatin1Char('@') + server;
}

} // namespace

SyncSetup::SyncSetup(const Ui::Services &services)
    : m_services(services)
{}

SyncSetup::~SyncSetup() = default;

void SyncSetup::install(Ui::MainWindow &window)
{
    m_window = &window;
    m_status = new Ui::SyncStatusWidget(&window);
    m_status->hide();
    window.statusBar()->addPermanentWidget(m_status);
    m_signIn = new QToolButton(&window);
    m_signIn->setObjectName(QStringLiteral("serverSignIn"));
    m_signIn->setAutoRaise(true);
    m_signIn->setText(tr("Server…"));
    m_signIn->setToolTip(tr("Sign in to the shared server"));
    window.statusBar()->addPermanentWidget(m_signIn);
    QObject::connect(m_signIn, &QToolButton::clicked, &window, [this] { signIn(); });
    QObject::connect(m_status, &Ui::SyncStatusWidget::conflictsRequested, &window,
                     [this] { showConflicts(); });

    // The banner sits above the work area in a fixed, empty-handed tool bar: it never takes
    // focus and never blocks.
    auto *bar = new QToolBar(&window);
    bar->setObjectName(QStringLiteral("offlineBannerBar"));
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->toggleViewAction()->setVisible(false);
    m_banner = new Ui::OfflineBanner(bar);
    // A widget in a tool bar is shown and hidden through its action, not by itself.
    m_bannerAction = bar->addWidget(m_banner);
    m_bannerAction->setVisible(false);
    bar->hide();
    window.addToolBar(Qt::TopToolBarArea, bar);

    const QSettings settings;
    const QString server = settings.value(serverKey).toString();
    const QString login = settings.value(loginKey).toString();
    if (server.isEmpty() || login.isEmpty())
        return;
    auto url = ServerUrl::parse(server);
    auto password = Ui::CredentialStore::readPassword(keychainKey(login, server));
    if (url && password && !password->isEmpty())
        start(url->withLogin(login, *password));
    else
        window.syncStatusLabel()->setText(tr("Not signed in to the server: click \"Server…\" to sync"));
}

void SyncSetup::start(const ServerUrl &server)
{
    m_engine.reset();
    m_engine = std::make_unique<SyncEngine>(m_services.workspacePath, server);
    if (m_services.users)
        m_services.users->setServer(server); // the admin screen works as the same login
    auto *bar = m_banner->parentWidget();
    QObject::connect(m_engine.get(), &SyncEngine::statusChanged, m_status,
                     [this, bar](const SyncStatus &status) {
                         m_status->setStatus(status);
                         m_banner->setStatus(status);
                         const bool offline = status.state == SyncStatus::State::Offline
                                              || status.state == SyncStatus::State::Refused;
                         m_bannerAction->setVisible(offline);
                         bar->setVisible(offline);
                     });
    // What the sync wrote reaches every view through the workspace's change bus.
    QObject::connect(m_engine.get(), &SyncEngine::workspaceChanged, m_services.changes,
                     &ChangeBus::publish);
    QObject::connect(m_status, &Ui::SyncStatusWidget::syncRequested, m_engine.get(),
                     &SyncEngine::retryNow);
    m_window->syncStatusLabel()->hide();
    m_status->show();
    m_engine->start();
    if (m_serverListener)
        m_serverListener(server);
}

void SyncSetup::signIn()
{
    QSettings settings;
    Ui::LoginDialog dialog(m_window);
    dialog.setServer(settings.value(serverKey).toString(), settings.value(loginKey).toString());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ServerUrl server = dialog.server();
    ServerUrl stored = server.withLogin(QString(), QString());
    const QString address = stored.display().replace(QStringLiteral("postgresql://@"),
                                                     QStringLiteral("postgresql://"));
    settings.setValue(serverKey, address);
    settings.setValue(loginKey, server.user);
    const QString key = keychainKey(server.user, address);
    Status saved = dialog.rememberPassword() ? Ui::CredentialStore::writePassword(key, server.password)
                                             : Ui::CredentialStore::removePassword(key);
    if (!saved) {
        QMessageBox::warning(m_window, tr("Keychain"),
                             tr("%1\nSync runs for this session; you will be asked again next time.")
                                 .arg(saved.message()));
    }
    start(server);
}

void SyncSetup::showConflicts()
{
    Ui::ConflictsView view(*m_services.conflicts, m_window);
    if (m_engine) {
        QObject::connect(&view, &Ui::ConflictsView::conflictResolved, m_engine.get(),
                         &SyncEngine::requestSync);
    }
    view.exec();
}

} // namespace Leadline::CompositionRoot
