#include "cli.h"
#include "compositionroot.h"

#include <QApplication>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Leadline"));
    QCoreApplication::setApplicationName(QStringLiteral("leadline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LEADLINE_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    if (Leadline::Cli::isSubcommand(arguments)) {
        QCoreApplication app(argc, argv);
        Leadline::CompositionRoot::installTranslations(app);
        return Leadline::Cli::run(app.arguments());
    }
    if (auto early = Leadline::CompositionRoot::handleGuiArguments(arguments); early)
        return *early;

    QApplication app(argc, argv);
    return Leadline::CompositionRoot::runGui(app);
}
