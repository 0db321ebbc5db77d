#include "mainwindow.h"

#include "customerlistmodel.h"
#include "customerlistview.h"
#include "customerpanel.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace Leadline::Ui {

MainWindow::MainWindow(const Services &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_list(new CustomerListView(services, this))
    , m_panel(new CustomerPanel(services, this))
    , m_tabs(new QTabWidget(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_syncStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_tabs->setObjectName(QStringLiteral("workTabs"));
    m_syncStatus->setObjectName(QStringLiteral("syncStatus"));

    m_splitter->addWidget(m_list);
    m_splitter->addWidget(m_panel);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 4);
    m_splitter->setStretchFactor(2, 3);
    m_splitter->setSizes({520, 620, 460});
    setCentralWidget(m_splitter);
    statusBar()->addWidget(m_syncStatus, 1);

    createActions();
    retranslateUi();
    m_list->model()->setMaskPhones(!m_services.permissions->may(Permissions::Action::SeeFullPhones));

    connect(m_list, &CustomerListView::customerSelected, this, &MainWindow::openCustomer);
    connect(m_panel, &CustomerPanel::openRequested, this, &MainWindow::openCustomer);
    connect(m_list, &CustomerListView::customerOpened, this, [this](const QString &id) {
        openCustomer(id);
        m_panel->setFocus(Qt::OtherFocusReason);
    });
    connect(m_services.changes, &ChangeBus::changed, this, [this](const ChangeSet &changes) {
        if (changes.touches({"customers", "contacts", "phones", "tags", "customer_tags", "agents",
                             "policies"})) {
            reloadCustomers();
        }
        if (changes.touches({"agents"})) {
            refreshIdentity();
            updateRestrictedTabs();
        }
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: use most of the screen, the agent lives in this window all day.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(available.size() * 0.92);
        move(available.center() - rect().center());
    }
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!m_list->currentCustomerId().isEmpty())
        openCustomer(m_list->currentCustomerId());
}

void MainWindow::createActions()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_goMenu = menuBar()->addMenu(QString());
    m_findAction = m_goMenu->addAction(QString(), m_list, &CustomerListView::focusSearch);
    m_findAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_F), QKeySequence(Qt::Key_Slash)});
    m_nextAction = m_goMenu->addAction(QString(), this, [this] { m_list->step(1); });
    m_nextAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    m_previousAction = m_goMenu->addAction(QString(), this, [this] { m_list->step(-1); });
    m_previousAction->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_noteAction = m_goMenu->addAction(QString(), m_panel, &CustomerPanel::focusNote);
    m_noteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_editCustomerAction = m_goMenu->addAction(QString(), m_panel, &CustomerPanel::editCustomer);
    m_editCustomerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_newCustomerAction = m_goMenu->addAction(QString(), m_panel, &CustomerPanel::newCustomer);
    m_newCustomerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_goMenu->addSeparator();

    m_helpMenu = menuBar()->addMenu(QString());
    m_shortcutsAction = m_helpMenu->addAction(QString(), this, &MainWindow::showShortcuts);
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
}

void MainWindow::refreshIdentity()
{
    // Who is signed in, as what, in which workspace: a shared seat or a borrowed laptop must
    // never leave that in doubt.
    QString role;
    switch (m_services.permissions->role()) {
    case Permissions::Role::Agent:
        role = tr("agent");
        break;
    case Permissions::Role::Supervisor:
        role = tr("supervisor");
        break;
    case Permissions::Role::Admin:
        role = tr("administrator");
        break;
    case Permissions::Role::None:
        role = tr("not an active user");
        break;
    }
    const QString agentId = m_services.permissions->currentAgentId();
    const auto agent = m_services.reference ? m_services.reference->agent(agentId)
                                            : Result<std::optional<Agent>>(std::nullopt);
    const QString who = agent && *agent && !(*agent)->name.isEmpty() ? (*agent)->name : agentId;
    const QString workspace = QFileInfo(m_services.workspacePath).fileName();
    QString title = tr("Leadline — %1 (%2)").arg(who, role);
    if (!workspace.isEmpty())
        title += QStringLiteral(" · ") + workspace;
    setWindowTitle(title);
}

void MainWindow::retranslateUi()
{
    refreshIdentity();
    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit"));
    m_goMenu->setTitle(tr("&Go"));
    m_findAction->setText(tr("&Find customer"));
    m_nextAction->setText(tr("&Next customer"));
    m_previousAction->setText(tr("&Previous customer"));
    m_noteAction->setText(tr("Write a &note"));
    m_editCustomerAction->setText(tr("&Edit customer"));
    m_newCustomerAction->setText(tr("New &customer"));
    m_helpMenu->setTitle(tr("&Help"));
    m_shortcutsAction->setText(tr("&Keyboard shortcuts"));
    m_aboutAction->setText(tr("&About Leadline"));
    // The tabs retranslate themselves on the same event; read their titles afterwards.
    QTimer::singleShot(0, this, &MainWindow::refreshTabTitles);
    if (m_syncStatus->text().isEmpty())
        m_syncStatus->setText(tr("Working offline: no server configured"));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::addCloseGuard(std::function<bool()> mayClose)
{
    m_closeGuards.append(std::move(mayClose));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (const auto &mayClose : std::as_const(m_closeGuards)) {
        if (!mayClose()) {
            event->ignore();
            return;
        }
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    if (const QWidget *tab = m_tabs->currentWidget())
        settings.setValue(QStringLiteral("window/workTab"), tab->objectName());
    QMainWindow::closeEvent(event);
}

void MainWindow::addWorkTab(QWidget *tab, const QKeySequence &shortcut)
{
    m_tabs->addTab(tab, tab->windowTitle());
    // The agent comes back to the work tab they left.
    if (!tab->objectName().isEmpty()
        && QSettings().value(QStringLiteral("window/workTab")).toString() == tab->objectName()) {
        m_tabs->setCurrentWidget(tab);
    }
    auto *action = m_goMenu->addAction(tab->windowTitle(), this, [this, tab] {
        m_tabs->setCurrentWidget(tab);
        tab->setFocus(Qt::ShortcutFocusReason);
    });
    action->setShortcut(shortcut);
    action->setData(QVariant::fromValue(static_cast<QObject *>(tab)));
}

void MainWindow::addRestrictedTab(QWidget *tab, const QKeySequence &shortcut,
                                  Permissions::Action needed)
{
    addWorkTab(tab, shortcut);
    m_restrictedTabs.insert(tab, needed);
    updateRestrictedTabs();
}

void MainWindow::updateRestrictedTabs()
{
    for (auto it = m_restrictedTabs.cbegin(); it != m_restrictedTabs.cend(); ++it) {
        const bool allowed = m_services.permissions->may(it.value());
        const int index = m_tabs->indexOf(it.key());
        m_tabs->setTabVisible(index, allowed);
        for (int other = 0; !allowed && m_tabs->currentIndex() == index && other < m_tabs->count();
             ++other) {
            if (other != index && m_tabs->isTabVisible(other))
                m_tabs->setCurrentIndex(other);
        }
        for (QAction *action : m_goMenu->actions()) {
            if (action->data().value<QObject *>() == it.key()) {
                action->setVisible(allowed);
                action->setEnabled(allowed); // no shortcut either
            }
        }
    }
}

void MainWindow::refreshTabTitles()
{
    for (int i = 0; i < m_tabs->count(); ++i)
        m_tabs->setTabText(i, m_tabs->widget(i)->windowTitle());
    for (QAction *action : m_goMenu->actions()) {
        if (auto *tab = qobject_cast<QWidget *>(action->data().value<QObject *>()))
            action->setText(tab->windowTitle());
    }
}

void MainWindow::openCustomer(const QString &id)
{
    if (id.isEmpty())
        return;
    const bool changed = id != m_panel->customerId();
    m_panel->showCustomer(id);
    if (changed)
        emit currentCustomerChanged(id);
}

void MainWindow::reloadCustomers()
{
    // A sync may have signed this workspace in (a new workspace's first sync), changed the
    // agent's role or the masking policy: the list follows, as the 360 view does on each load.
    m_list->model()->setMaskPhones(!m_services.permissions->may(Permissions::Action::SeeFullPhones));
    m_list->refresh();
}

void MainWindow::showShortcuts()
{
    QStringList lines;
    QList<QAction *> actions = m_goMenu->actions() + m_fileMenu->actions() + m_helpMenu->actions();
    // Each work tab's own keys (queue, pool…) act while that tab has the focus.
    for (int i = 0; i < m_tabs->count(); ++i)
        actions += m_tabs->widget(i)->actions();
    for (const QAction *action : std::as_const(actions)) {
        if (action->isSeparator() || action->shortcuts().isEmpty() || !action->isVisible())
            continue;
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys.append(key.toString(QKeySequence::NativeText));
        lines.append(QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                         .arg(keys.join(QStringLiteral(", ")).toHtmlEscaped(),
                              action->text().remove(QLatin1Char('&')).toHtmlEscaped()));
    }
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("shortcutSheet"));
    box.setWindowTitle(tr("Keyboard shortcuts"));
    box.setTextFormat(Qt::RichText);
    box.setText(QStringLiteral("<table cellpadding=4>") + lines.join(QString()) + QStringLiteral("</table>"));
    box.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Leadline"),
                       tr("Leadline %1: the telesales workstation that keeps working offline.")
                           .arg(QApplication::applicationVersion()));
}

} // namespace Leadline::Ui
