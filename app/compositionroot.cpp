#include "compositionroot.h"

#include "cli.h"
#include "core/domain/clock.h"
#include "core/storage/activityrepository.h"
#include "core/storage/customerrepository.h"
#include "core/storage/localstore.h"
#include "core/storage/referencerepository.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTranslator>

#include <cstdio>

namespace Leadline::CompositionRoot {

namespace {

QString g_language;

void addGuiOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "Leadline::Cli",
        "Leadline telesales workstation.\n\nWithout a command, opens the workstation window.\n"
        "Commands: demo, search (run 'leadline COMMAND --help')."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("workspace"),
                      QCoreApplication::translate("Leadline::Cli", "The local workspace file."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("lang"),
                      QCoreApplication::translate("Leadline::Cli", "UI language: zh_CN or en."),
                      QStringLiteral("LANG")});
}

void printError(const QString &message)
{
    const QByteArray text = (QStringLiteral("leadline: ") + message.simplified()).toUtf8();
    std::fprintf(stderr, "%s\n", text.constData());
}

QString defaultWorkspace()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir(folder).filePath(QStringLiteral("workspace.leadline"));
}

} // namespace

void installTranslations(QCoreApplication &app, const QString &forcedLanguage)
{
    QString language = forcedLanguage;
    if (language.isEmpty())
        language = QSettings().value(QStringLiteral("ui/language")).toString();
    if (language.isEmpty())
        language = QLocale::system().name();
    const bool chinese = language.startsWith(QLatin1String("zh"));
    g_language = chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    QLocale::setDefault(chinese ? QLocale(QLocale::Chinese, QLocale::China)
                                : QLocale(QLocale::English, QLocale::UnitedStates));
    if (!chinese)
        return;
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/leadline_zh_CN.qm")))
        QCoreApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"),
                 QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    }
}

std::optional<int> handleGuiArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    addGuiOptions(parser);
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s\n", parser.helpText().toUtf8().constData());
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("leadline %s\n", LEADLINE_VERSION);
        return 0;
    }
    const QString language = parser.value(QStringLiteral("lang"));
    if (!language.isEmpty() && language != QLatin1String("en") && !language.startsWith(QLatin1String("zh"))) {
        printError(QStringLiteral("--lang takes zh_CN or en, not \"%1\"").arg(language));
        return 2;
    }
    if (parser.isSet(QStringLiteral("workspace"))) {
        const QString path = parser.value(QStringLiteral("workspace"));
        if (QFileInfo::exists(path) && !QFileInfo(path).isReadable()) {
            printError(QStringLiteral("cannot read workspace %1").arg(path));
            return 1;
        }
    }
    return std::nullopt;
}

int runGui(QApplication &app)
{
    QCommandLineParser parser;
    addGuiOptions(parser);
    parser.parse(app.arguments()); // already checked by handleGuiArguments
    installTranslations(app, parser.value(QStringLiteral("lang")));
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    const QString path = parser.isSet(QStringLiteral("workspace"))
                             ? parser.value(QStringLiteral("workspace"))
                             : defaultWorkspace();
    auto opened = LocalStore::open(path);
    if (!opened) {
        printError(opened.message());
        QMessageBox::critical(nullptr, QCoreApplication::translate("Leadline::Cli", "Leadline"),
                              opened.message());
        return 1;
    }
    LocalStore &store = *opened.value();
    CustomerRepository customers(store);
    ActivityRepository activities(store);
    ReferenceRepository reference(store);
    (void)reference.ensureDefaultDispositions();

    Ui::Services services;
    services.store = &store;
    services.customers = &customers;
    services.activities = &activities;
    services.reference = &reference;
    services.clock = &SystemClock::instance();

    Ui::MainWindow window(services);
    window.show();
    return app.exec();
}

} // namespace Leadline::CompositionRoot
