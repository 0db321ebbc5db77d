#include "mainwindow.h"

#include "customerlistmodel.h"
#include "customerlistview.h"
#include "customerpanel.h"
#include "dialpanel.h"
#include "core/customers/customerrepository.h"
#include "core/reference/permissions.h"
#include "exportdialog.h"
#include "importhistorydialog.h"
#include "importwizard.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QAction>
#include <QActionGroup>
#include <QHeaderView>
#include <QStyle>
#include <QTableView>
#include <QTreeView>
#include <QApplication>
#include <QCloseEvent>
#include <QEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QProcess>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QWindow>
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
    updateRestrictedTabs();
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
    setTheme(Theme(std::clamp(settings.value(QStringLiteral("view/theme"), 0).toInt(), 0, 2)));
    // The window's Ctrl keys (edit customer, dial, save and next…) win over a text field's own
    // editing keys (Ctrl+E is "end of line" in a line edit on X11).
    qApp->installEventFilter(this);
    if (!m_list->currentCustomerId().isEmpty())
        openCustomer(m_list->currentCustomerId());
}

void MainWindow::createActions()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_switchProfileAction = m_fileMenu->addAction(QString(), this, &MainWindow::switchProfile);
    m_switchProfileAction->setObjectName(QStringLiteral("switchProfile"));
    m_fileMenu->addSeparator();
    // Imports and exports: supervisors and admins only (hidden, with no shortcut, for agents).
    m_importAction = m_fileMenu->addAction(QString(), this, &MainWindow::importLeads);
    m_importAction->setObjectName(QStringLiteral("importLeads"));
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importHistoryAction = m_fileMenu->addAction(QString(), this, &MainWindow::showImportHistory);
    m_importHistoryAction->setObjectName(QStringLiteral("importHistory"));
    m_importHistoryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_exportAction = m_fileMenu->addAction(QString(), this, &MainWindow::exportData);
    m_exportAction->setObjectName(QStringLiteral("exportData"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_fileMenu->addSeparator();
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

    m_viewMenu = menuBar()->addMenu(QString());
    auto *themes = new QActionGroup(this);
    for (const Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction *action = m_viewMenu->addAction(QString(), this, [this, theme] { setTheme(theme); });
        action->setCheckable(true);
        action->setData(int(theme));
        themes->addAction(action);
        m_themeActions.append(action);
    }

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
    m_switchProfileAction->setText(tr("S&witch profile…"));
    m_importAction->setText(tr("&Import leads…"));
    m_importHistoryAction->setText(tr("Import &history…"));
    m_exportAction->setText(tr("&Export…"));
    m_goMenu->setTitle(tr("&Go"));
    m_findAction->setText(tr("&Find customer"));
    m_nextAction->setText(tr("&Next customer"));
    m_previousAction->setText(tr("&Previous customer"));
    m_noteAction->setText(tr("Write a &note"));
    m_editCustomerAction->setText(tr("&Edit customer"));
    m_newCustomerAction->setText(tr("New &customer"));
    m_helpMenu->setTitle(tr("&Help"));
    m_viewMenu->setTitle(tr("&View"));
    m_themeActions.at(0)->setText(tr("Colours of the &system"));
    m_themeActions.at(1)->setText(tr("&Light colours"));
    m_themeActions.at(2)->setText(tr("&Dark colours"));
    if (m_callMenu)
        m_callMenu->setTitle(tr("Ca&ll"));
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
    saveViews();
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

void MainWindow::addDialPanel(DialPanel *panel, const QKeySequence &shortcut,
                               std::function<bool(const QString &)> nextLead)
{
    addWorkTab(panel, shortcut);
    addCloseGuard([panel] { return panel->confirmQuit(); });
    if (!m_callMenu) {
        m_callMenu = new QMenu(this);
        menuBar()->insertMenu(m_helpMenu->menuAction(), m_callMenu);
        m_callMenu->setTitle(tr("Ca&ll"));
    }
    for (QAction *action : panel->loopActions()) {
        m_callMenu->addAction(action);
        addAction(action);
    }
    // The number to dial is the one the agent searched for, when the search was a number.
    connect(this, &MainWindow::currentCustomerChanged, panel, [this, panel](const QString &id) {
        panel->setSearchText(m_list->searchText());
        panel->showCustomer(id);
    });
    connect(panel, &DialPanel::notice, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
    const auto bringForward = [this, panel] {
        m_tabs->setCurrentWidget(panel);
        panel->setFocus(Qt::OtherFocusReason);
    };
    connect(panel, &DialPanel::attentionNeeded, this, bringForward);
    // Preview dialing: the next lead comes from my queue; with an empty queue, the next customer
    // of the list.
    connect(panel, &DialPanel::nextLeadRequested, this, [this, nextLead, bringForward] {
        if (!nextLead || !nextLead(m_panel->customerId()))
            m_list->step(1);
        bringForward();
    });
    if (!m_list->currentCustomerId().isEmpty())
        panel->showCustomer(m_panel->customerId().isEmpty() ? m_list->currentCustomerId() : m_panel->customerId());
}

namespace {

QHeaderView *headerOf(QAbstractItemView *view)
{
    if (auto *tree = qobject_cast<QTreeView *>(view))
        return tree->header();
    if (auto *table = qobject_cast<QTableView *>(view))
        return table->horizontalHeader();
    return nullptr;
}

/// The palette Leadline found at start: the system's.
QPalette &systemPalette()
{
    static QPalette palette = QApplication::palette();
    return palette;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Midlight, QColor(0x34, 0x36, 0x3a));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x19, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

void MainWindow::setTheme(Theme theme)
{
    (void)systemPalette(); // remembered before the first change
    m_theme = theme;
    switch (theme) {
    case Theme::System:
        QApplication::setPalette(systemPalette());
        break;
    case Theme::Light:
        QApplication::setPalette(style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
    for (QAction *action : std::as_const(m_themeActions))
        action->setChecked(action->data().toInt() == int(theme));
    QSettings().setValue(QStringLiteral("view/theme"), int(theme));
}

void MainWindow::showEvent(QShowEvent *event)
{
    // Once every work tab is in: their lists get back the widths and orders they were left with.
    if (!m_viewsRestored) {
        m_viewsRestored = true;
        restoreViews();
    }
    QMainWindow::showEvent(event);
}

void MainWindow::saveViews() const
{
    QSettings settings;
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>()) {
        QHeaderView *header = headerOf(view);
        if (view->objectName().isEmpty() || !header || !view->model())
            continue;
        const QString key = QStringLiteral("views/%1/").arg(view->objectName());
        settings.setValue(key + QStringLiteral("header"), header->saveState());
        settings.setValue(key + QStringLiteral("columns"), header->count());
    }
}

void MainWindow::restoreViews()
{
    QSettings settings;
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>()) {
        QHeaderView *header = headerOf(view);
        if (view->objectName().isEmpty() || !header || !view->model())
            continue;
        const QString key = QStringLiteral("views/%1/").arg(view->objectName());
        // A list that gained or lost columns since starts afresh.
        if (settings.value(key + QStringLiteral("columns")).toInt() != header->count())
            continue;
        header->restoreState(settings.value(key + QStringLiteral("header")).toByteArray());
    }
    m_list->applySortIndicator();
}

bool MainWindow::isWindowKey(const QKeyCombination &key) const
{
    QList<QAction *> all = actions();
    for (const QAction *menu : menuBar()->actions()) {
        if (menu->menu())
            all += menu->menu()->actions();
    }
    for (const QAction *action : std::as_const(all)) {
        if (!action->isEnabled())
            continue;
        for (const QKeySequence &sequence : action->shortcuts()) {
            if (sequence.count() == 1 && sequence[0] == key)
                return true;
        }
    }
    return false;
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto *widget = qobject_cast<QWidget *>(watched);
        const auto *key = static_cast<QKeyEvent *>(event);
        if (widget && widget->window() == this && (key->modifiers() & Qt::ControlModifier)
            && isWindowKey(key->keyCombination())) {
            event->ignore(); // not the field's: the window's shortcut acts
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
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
    const bool mayImport = m_services.importUndo
                           && m_services.permissions->may(Permissions::Action::ImportLeads);
    const bool mayExport = m_services.exporter
                           && m_services.permissions->may(Permissions::Action::ExportData);
    for (QAction *action : {m_importAction, m_importHistoryAction}) {
        action->setVisible(mayImport);
        action->setEnabled(mayImport);
    }
    m_exportAction->setVisible(mayExport);
    m_exportAction->setEnabled(mayExport);
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

bool MainWindow::refuseUnless(Permissions::Action needed)
{
    if (auto allowed = m_services.permissions->check(needed); !allowed) {
        QMessageBox::information(this, tr("Not allowed"), allowed.message());
        return true;
    }
    return false;
}

void MainWindow::importLeads()
{
    if (!m_services.importUndo || refuseUnless(Permissions::Action::ImportLeads))
        return;
    auto *wizard = new ImportWizard(m_services, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QDialog::finished, m_list, &CustomerListView::reloadFilterChoices);
    wizard->open();
}

void MainWindow::showImportHistory()
{
    if (!m_services.importUndo || refuseUnless(Permissions::Action::ImportLeads))
        return;
    auto *dialog = new ImportHistoryDialog(m_services, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::exportData()
{
    if (!m_services.exporter || refuseUnless(Permissions::Action::ExportData))
        return;
    const QString customerId = m_panel->customerId();
    QString customerName;
    if (!customerId.isEmpty()) {
        if (const auto customer = m_services.customers->load(customerId))
            customerName = customer->name;
    }
    auto *dialog = new ExportDialog(
        m_services, [this] { return m_list->tableAsShown(); }, [this] { return m_list->matchingIds(); },
        customerId, customerName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
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
    // Grouped by where they act: the window's keys everywhere, then each work tab's own.
    QList<QPair<QString, QList<QAction *>>> groups;
    QList<QAction *> everywhere = m_fileMenu->actions() + m_goMenu->actions();
    if (m_callMenu)
        everywhere += m_callMenu->actions();
    everywhere += m_helpMenu->actions();
    groups.append({tr("Everywhere in the window"), everywhere});
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (!m_tabs->isTabVisible(i))
            continue;
        QList<QAction *> own;
        for (QAction *action : m_tabs->widget(i)->actions()) {
            if (!everywhere.contains(action))
                own.append(action);
        }
        groups.append({tr("%1 tab").arg(m_tabs->widget(i)->windowTitle()), own});
    }
    QStringList lines;
    for (const auto &[title, actions] : std::as_const(groups)) {
        QStringList rows;
        for (const QAction *action : actions) {
            if (action->isSeparator() || action->shortcuts().isEmpty() || !action->isVisible())
                continue;
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts())
                keys.append(key.toString(QKeySequence::NativeText));
            rows.append(QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                            .arg(keys.join(QStringLiteral(", ")).toHtmlEscaped(),
                                 action->text().remove(QLatin1Char('&')).toHtmlEscaped()));
        }
        if (rows.isEmpty())
            continue;
        lines.append(QStringLiteral("<tr><td colspan=2><h3>%1</h3></td></tr>").arg(title.toHtmlEscaped()));
        lines += rows;
    }
    // A scrolling sheet that never grows past the screen: the list is longer than a laptop is tall.
    QDialog sheet(this);
    sheet.setObjectName(QStringLiteral("shortcutSheet"));
    sheet.setWindowTitle(tr("Keyboard shortcuts"));
    auto *text = new QTextBrowser(&sheet);
    text->setObjectName(QStringLiteral("shortcutText"));
    text->setHtml(QStringLiteral("<table cellpadding=3>") + lines.join(QString()) + QStringLiteral("</table>"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &sheet);
    connect(buttons, &QDialogButtonBox::rejected, &sheet, &QDialog::reject);
    auto *layout = new QVBoxLayout(&sheet);
    layout->addWidget(text);
    layout->addWidget(buttons);
    const QRect screen = (windowHandle() && windowHandle()->screen() ? windowHandle()->screen()
                                                                     : QGuiApplication::primaryScreen())
                             ->availableGeometry();
    // The table's natural width decides the sheet's; its height stops at the screen's.
    text->document()->setTextWidth(text->document()->idealWidth());
    const QSizeF page = text->document()->size();
    sheet.resize(std::clamp<int>(int(page.width()) + 80, 420, screen.width() * 9 / 10),
                 std::clamp<int>(int(page.height()) + 100, 300, screen.height() * 8 / 10));
    text->setFocus();
    sheet.exec();
}

void MainWindow::switchProfile()
{
    // A profile is a workspace: one server and user each. Leadline starts again on the chosen
    // one, after this window has closed (a call on the line asks first).
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Switch profile"), QFileInfo(m_services.workspacePath).absolutePath(),
        tr("Leadline workspaces (*.leadline);;All files (*)"));
    if (path.isEmpty() || path == m_services.workspacePath)
        return;
    if (!close())
        return;
    QStringList arguments = QCoreApplication::arguments().mid(1);
    const qsizetype at = arguments.indexOf(QStringLiteral("--workspace"));
    if (at >= 0)
        arguments.remove(at, std::min<qsizetype>(2, arguments.size() - at));
    arguments << QStringLiteral("--workspace") << path;
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), arguments))
        QMessageBox::warning(nullptr, tr("Switch profile"), tr("Leadline could not be started again on %1.").arg(path));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Leadline"),
                       tr("Leadline %1: the telesales workstation that keeps working offline.")
                           .arg(QApplication::applicationVersion()));
}

} // namespace Leadline::Ui
