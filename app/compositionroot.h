#pragma once

#include <QStringList>

#include <optional>

class QApplication;
class QCoreApplication;

namespace Leadline::CompositionRoot {

/// Loads the UI language: --lang / the saved setting / the system locale (zh_CN or English).
void installTranslations(QCoreApplication &app, const QString &forcedLanguage = {});
/// Handles --help, --version and bad GUI arguments before any window exists; returns the exit
/// code when the process should stop there.
std::optional<int> handleGuiArguments(const QStringList &arguments);
/// Opens the workspace, wires core services to the main window and runs the event loop.
int runGui(QApplication &app);

} // namespace Leadline::CompositionRoot
