#pragma once

#include "services.h"

#include <QMainWindow>

#include <functional>

class QLabel;
class QSplitter;
class QTabWidget;

namespace Leadline::Ui {

class CustomerListView;
class CustomerPanel;

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

private:
    void createActions();
    void retranslateUi();
    void showShortcuts();
    void showAbout();
    void reloadCustomers();

    Services m_services;
    CustomerListView *m_list;
    CustomerPanel *m_panel;
    QTabWidget *m_tabs;
    QSplitter *m_splitter;
    QLabel *m_syncStatus;
    QList<std::function<bool()>> m_closeGuards;
    void refreshTabTitles();
    QMenu *m_fileMenu = nullptr;
    QMenu *m_goMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_quitAction = nullptr;
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
