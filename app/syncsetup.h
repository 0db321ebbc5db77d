#pragma once

#include "core/sync/serverurl.h"
#include "ui/services.h"

#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QToolBar;
class QToolButton;

namespace Leadline {
class SyncEngine;
}

namespace Leadline::Ui {
class ConflictsView;
class MainWindow;
class OfflineBanner;
class SyncStatusWidget;
} // namespace Leadline::Ui

namespace Leadline::CompositionRoot {

/// The sync part of the composition root: the server profile (address and login in the
/// settings, password in the keychain), the background SyncEngine, the status-bar indicator,
/// the offline banner, the sign-in dialog and the conflicts view.
class SyncSetup final
{
public:
    explicit SyncSetup(const Ui::Services &services);
    ~SyncSetup();
    SyncSetup(const SyncSetup &) = delete;
    SyncSetup &operator=(const SyncSetup &) = delete;

    /// Adds the widgets to the window and starts syncing when a profile is saved.
    void install(Ui::MainWindow &window);
    /// Called with the server and login each time syncing starts (the live floor follows).
    void setServerListener(std::function<void(const ServerUrl &)> listener)
    {
        m_serverListener = std::move(listener);
    }

private:
    void start(const ServerUrl &server);
    void signIn();
    void showConflicts();

    Ui::Services m_services;
    Ui::MainWindow *m_window = nullptr;
    std::unique_ptr<SyncEngine> m_engine;
    Ui::SyncStatusWidget *m_status = nullptr;
    Ui::OfflineBanner *m_banner = nullptr;
    QAction *m_bannerAction = nullptr;
    QToolButton *m_signIn = nullptr;
    std::function<void(const ServerUrl &)> m_serverListener;
};

} // namespace Leadline::CompositionRoot
