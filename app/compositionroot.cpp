#include "compositionroot.h"

#include "cli.h"
#include "core/analytics/kpiengine.h"
#include "core/importexport/exporter.h"
#include "core/importexport/importundo.h"
#include "core/customers/activityrepository.h"
#include "core/customers/customermerger.h"
#include "core/customers/customerrepository.h"
#include "core/customers/customersearch.h"
#include "core/customers/duplicatefinder.h"
#include "core/customers/timelinequery.h"
#include "core/domain/clock.h"
#include "core/knowledge/articlerepository.h"
#include "core/knowledge/articlesearch.h"
#include "core/queue/leadpool.h"
#include "core/queue/queuequery.h"
#include "core/queue/reminderscheduler.h"
#include "core/queue/todoservice.h"
#include "core/reference/auditquery.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/rules/rulescheduler.h"
#include "core/storage/changebus.h"
#include "core/storage/localstore.h"
#include "core/storage/workspacecheck.h"
#include "core/sync/conflictlog.h"
#include "core/sync/serverexportclearance.h"
#include "core/sync/useradministration.h"
#include "core/sync/workspacerecovery.h"
#include "recoverysetup.h"
#include "startupprobe.h"
#include "syncsetup.h"
#include "presencesetup.h"
#include "telephonysetup.h"
#include "ui/auditview.h"
#include "ui/knowledgebaseview.h"
#include "ui/mainwindow.h"
#include "ui/poolview.h"
#include "ui/queueview.h"
#include "ui/rulesview.h"
#include "ui/suggestedscripts.h"
#include "ui/teamview.h"
#include "ui/usersview.h"
#include "ui/remindernotifier.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

namespace Leadline::CompositionRoot {

namespace {

QString g_language;

void addGuiOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QCoreApplication::translate("Leadline::Cli",
                                    "Leadline telesales workstation.\n\nWithout a command, opens the "
                                    "workstation window.\nCommands: %1 (run 'leadline COMMAND --help').")
            .arg(Cli::commandNames().join(QStringLiteral(", "))));
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
    // English has its own file too, for its plural forms ("%n row(s)": "1 row", "2 rows").
    auto *own = new QTranslator(&app);
    if (own->load(chinese ? QStringLiteral(":/i18n/leadline_zh_CN.qm")
                          : QStringLiteral(":/i18n/leadline_en.qm")))
        QCoreApplication::installTranslator(own);
    if (!chinese)
        return;
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
        // No application object exists yet, so the parser cannot know the program's name.
        QString help = parser.helpText();
        help.replace(QStringLiteral("<executable_name>"), QStringLiteral("leadline"));
        std::printf("%s\n", help.toUtf8().constData());
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

// How long after the window is shown the time rules' first sweep starts.
constexpr int startupSweepDelayMs = 3000;

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
    // A missing or empty file becomes a workspace only when the user says so; a damaged,
    // foreign or inconsistent one is never touched.
    auto opened = LocalStore::openExisting(path);
    if (!opened && (opened.error().field == WorkspaceCheck::missingProblem
                    || opened.error().field == WorkspaceCheck::emptyProblem)
        && !WorkspaceRecovery::isUnderWay(path)) {
        const auto answer = QMessageBox::question(
            nullptr, QCoreApplication::translate("Leadline::Cli", "Leadline"),
            QCoreApplication::translate("Leadline::Cli",
                                        "%1\n\nCreate a new, empty workspace at %2?")
                .arg(opened.message(), QDir::toNativeSeparators(path)),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return 1;
        opened = LocalStore::open(path);
    }
    // A damaged workspace can be rebuilt from the server, its unsynced changes kept (§8).
    if (!opened && canOfferRecovery(path, opened.error())) {
        printError(opened.message());
        opened = offerRecovery(path, opened.error());
        if (!opened && opened.message().isEmpty())
            return 1;
    } else if (opened && WorkspaceRecovery::isUnderWay(path)) {
        opened = Error{};
        opened = offerRecovery(path, Error{});
        if (!opened && opened.message().isEmpty())
            return 1;
    }
    if (!opened) {
        printError(opened.message());
        QMessageBox::critical(nullptr, QCoreApplication::translate("Leadline::Cli", "Leadline"),
                              opened.message());
        return 1;
    }
    // Every service is built here, once, and handed to the windows that use it; the windows
    // follow changes through the workspace's change bus.
    LocalStore &store = *opened.value();
    const Permissions permissions(store);
    CustomerRepository customers(store);
    const CustomerSearch customerSearch(store);
    const TimelineQuery timeline(store);
    const DuplicateFinder duplicates(store);
    CustomerMerger merger(store);
    ActivityRepository activities(store);
    ReferenceRepository reference(store);
    (void)reference.ensureDefaultDispositions();
    TodoService todos(store);
    const QueueQuery queue(store);
    LeadPool pool(store);
    ArticleRepository articles(store);
    const ArticleSearch articleSearch(store);
    ConflictLog conflicts(store);
    const AuditQuery audit(store);
    UserAdministration users; // the sync profile sets its server
    Exporter exporter(store); // audited exports: the customer list, calls, the team tab
    std::unique_ptr<ServerExportClearance> exportClearance; // with a server, it decides exports
    ImportUndo importUndo(store); // the import history (imports run on their own connection)

    Ui::Services services;
    services.changes = &store.changeBus();
    services.permissions = &permissions;
    services.customers = &customers;
    services.customerSearch = &customerSearch;
    services.timeline = &timeline;
    services.duplicates = &duplicates;
    services.merger = &merger;
    services.activities = &activities;
    services.reference = &reference;
    services.todos = &todos;
    services.queue = &queue;
    services.pool = &pool;
    services.articles = &articles;
    services.articleSearch = &articleSearch;
    services.conflicts = &conflicts;
    services.audit = &audit;
    services.users = &users;
    services.clock = &SystemClock::instance();
    services.workspacePath = store.path();
    services.exporter = &exporter;
    services.importUndo = &importUndo;

    // Rules (§2.5): event rules run inside the writes that raise them; time rules every five
    // minutes and at start-up, the sweep on a thread of its own.
    RuleRunner rules(store);
    rules.install();
    RuleScheduler ruleSweep(store.path());
    QObject::connect(&ruleSweep, &RuleScheduler::workspaceChanged, &store.changeBus(),
                     &ChangeBus::publish);

    // Reminders and the lead pool's sweep (§2.3).
    ReminderScheduler reminders(store, SystemClock::instance());
    QTimer poolSweep;

    TelephonySetup telephony(services, store); // outlives the window and its dial panel
    Ui::MainWindow window(services);
    if (WorkspaceCheck::isReadOnly(store)) {
        // Said before the first edit; the permissions refuse every write meanwhile.
        auto *readOnly = new QLabel(
            QCoreApplication::translate("Leadline::Cli",
                                        "Read-only: this workspace cannot be changed"),
            &window);
        readOnly->setObjectName(QStringLiteral("workspaceReadOnly"));
        readOnly->setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
        window.statusBar()->addPermanentWidget(readOnly);
    }
    auto *queueView = new Ui::QueueView(services);
    window.addWorkTab(queueView, QKeySequence(Qt::Key_F4));
    auto *poolView = new Ui::PoolView(services);
    window.addWorkTab(poolView, QKeySequence(Qt::Key_F6));
    auto *knowledgeBase = new Ui::KnowledgeBaseView(services);
    window.addWorkTab(knowledgeBase, QKeySequence(Qt::Key_F3));
    KpiEngine kpis(store); // team performance (§2.6): the signed-in user's scope only
    auto *teamView = new Ui::TeamView(kpis, SystemClock::instance(), &store.changeBus(), &exporter);
    window.addWorkTab(teamView, QKeySequence(Qt::Key_F7));
    window.addRestrictedTab(new Ui::AuditView(services), QKeySequence(Qt::Key_F8),
                            Permissions::Action::ViewAudit);
    window.addRestrictedTab(new Ui::UsersView(services), QKeySequence(Qt::Key_F9),
                            Permissions::Action::ManageUsers);
    RuleRepository ruleRepository(store);
    window.addRestrictedTab(new Ui::RulesView(ruleRepository, rules, permissions, &store.changeBus()),
                            QKeySequence(Qt::Key_F10), Permissions::Action::EditRules);
    QObject::connect(&window, &Ui::MainWindow::currentCustomerChanged, knowledgeBase,
                     &Ui::KnowledgeBaseView::setCustomer);
    telephony.install(window, [queueView](const QString &current) {
        return queueView->openNextLead(current);
    });
    // A script suggested beside the call opens in the knowledge base.
    if (auto *scripts = window.findChild<Ui::SuggestedScripts *>()) {
        QObject::connect(scripts, &Ui::SuggestedScripts::articleRequested, knowledgeBase,
                         [&window, knowledgeBase](const QString &articleId) {
                             knowledgeBase->openArticle(articleId);
                             window.workTabs()->setCurrentWidget(knowledgeBase);
                         });
    }
    PresenceSetup presence(store, kpis, customers); // the live floor (§2.6)
    presence.install(window, *teamView, telephony.agentStates(), telephony.session());
    SyncSetup sync(services); // background sync with the shared server (§2.7)
    sync.setServerListener([&presence, &exporter, &exportClearance, &store](const ServerUrl &server) {
        presence.start(server);
        exportClearance = std::make_unique<ServerExportClearance>(server, store.clientId());
        exporter.setClearance(exportClearance.get());
    });
    sync.install(window);
    Ui::ReminderNotifier notifier(window, *queueView);
    QObject::connect(queueView, &Ui::QueueView::customerOpened, &window, &Ui::MainWindow::openCustomer);
    QObject::connect(poolView, &Ui::PoolView::customerOpened, &window, &Ui::MainWindow::openCustomer);
    QObject::connect(teamView, &Ui::TeamView::customerOpened, &window, &Ui::MainWindow::openCustomer);
    QObject::connect(&notifier, &Ui::ReminderNotifier::customerOpened, &window, &Ui::MainWindow::openCustomer);
    QObject::connect(&reminders, &ReminderScheduler::reminderDue, &notifier, &Ui::ReminderNotifier::notifyDue);
    QObject::connect(&reminders, &ReminderScheduler::remindersMissed, &notifier, &Ui::ReminderNotifier::notifyMissed);
    QObject::connect(&store.changeBus(), &ChangeBus::changed, &reminders,
                     [&reminders](const ChangeSet &changes) {
                         if (changes.touches({"todos"}))
                             reminders.check();
                     });
    QObject::connect(&poolSweep, &QTimer::timeout, &window, [&pool] { (void)pool.returnOverdue(); });
    poolSweep.start(60 * 1000);

    window.show();
    StartupProbe::install(window); // only when a benchmark asks for it
    // After the window is up, so missed reminders and returned leads show in it.
    QTimer::singleShot(0, &reminders, [&reminders, &pool] {
        (void)pool.returnOverdue();
        reminders.start();
    });
    // The start-up sweep leaves the first seconds' disk and processor to the window filling in.
    QTimer::singleShot(startupSweepDelayMs, &ruleSweep, [&ruleSweep] { ruleSweep.start(); });
    return app.exec();
}

} // namespace Leadline::CompositionRoot
