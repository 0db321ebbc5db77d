#pragma once

#include "services.h"
#include "core/reference/permissions.h"

#include <QHash>

#include <QMainWindow>

#include <functional>

class QLabel;
class QSplitter;
class QTabWidget;

namespace Leadline::Ui {

class CustomerListView;
class CustomerPanel;
class DialPanel;

/// The agent's one screen: customer list, the 360 view, and the work tabs (dial, queue,
/// knowledge base), with sync state in the status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const Services &services, QWidget *parent = nullptr);

    CustomerListView *customerList() const { return m_list; }
    CustomerPanel *customerPanel() const { return m_panel; }
    QTabWidget *workTabs() const { return m_tabs; }
    /// Adds a work tab (dial panel, queue, knowledge base…) with a shortcut to reach it; the
    /// tab's title is its windowTitle(), which the tab keeps translated.
    void addWorkTab(QWidget *tab, const QKeySequence &shortcut);
    /// The same for a tab only some roles see (audit, users): it and its menu entry are hidden
    /// while the signed-in user may not do needed, and follow a change of role.
    void addRestrictedTab(QWidget *tab, const QKeySequence &shortcut, Permissions::Action needed);
    /// Adds the dial panel as a work tab and owns its loop keys (dial, hang up, outcomes,
    /// follow-ups, save and next): a Call menu, acting wherever the focus is in the window and
    /// before a text field's own Ctrl keys; what a key could not do shows in the status bar.
    /// "Save and next" opens the lead nextLead gives (false: none), else the list's next customer.
    void addDialPanel(DialPanel *panel, const QKeySequence &shortcut,
                      std::function<bool(const QString &current)> nextLead = {});
    /// Opens a customer in the 360 view (from the list, the queue or a search).
    void openCustomer(const QString &id);
    /// The sync-state label on the left of the status bar.
    QLabel *syncStatusLabel() const { return m_syncStatus; }
    /// Adds a check run before the window closes; a check that returns false keeps it open
    /// (a call on the line asks first).
    void addCloseGuard(std::function<bool()> mayClose);

signals:
    /// The customer shown in the 360 view changed.
    void currentCustomerChanged(const QString &id);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void retranslateUi();
    void showShortcuts();
    void switchProfile();
    /// Column widths and sort orders of every named list and table, kept between sessions.
    void saveViews() const;
    void restoreViews();
public:
    /// The palettes: the system's (as Leadline found it at start), light or dark.
    enum class Theme { System, Light, Dark };
    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }
private:
    void showAbout();
    void reloadCustomers();
    /// The window title names the signed-in user, their role and the workspace.
    void refreshIdentity();
    void updateRestrictedTabs();
    void importLeads();
    void showImportHistory();
    void exportData();
    /// Says why not and returns true when the signed-in user may not do this.
    bool refuseUnless(Permissions::Action needed);
    /// A Ctrl key of one of the window's own actions, which text fields must not swallow.
    bool isWindowKey(const QKeyCombination &key) const;

    Services m_services;
    CustomerListView *m_list;
    CustomerPanel *m_panel;
    QTabWidget *m_tabs;
    QSplitter *m_splitter;
    QHash<QWidget *, Permissions::Action> m_restrictedTabs;
    QLabel *m_syncStatus;
    QList<std::function<bool()>> m_closeGuards;
    void refreshTabTitles();
    QMenu *m_fileMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_callMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QList<QAction *> m_themeActions;
    Theme m_theme = Theme::System;
    bool m_viewsRestored = false;
    QAction *m_quitAction = nullptr;
    QAction *m_switchProfileAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_importHistoryAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_noteAction = nullptr;
    QAction *m_editCustomerAction = nullptr;
    QAction *m_newCustomerAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_aboutAction = nullptr;
};

} // namespace Leadline::Ui
