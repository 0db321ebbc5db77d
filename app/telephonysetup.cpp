#include "telephonysetup.h"

#include "core/compliance/compliancechecker.h"
#include "core/domain/clock.h"
#include "core/storage/localstore.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/baresipdialer.h"
#include "core/telephony/calldrafts.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"
#include "core/telephony/qttimers.h"
#include "core/telephony/simulateddialer.h"
#include "ui/customerpanel.h"
#include "core/telephony/uridialer.h"
#include "ui/customerlistview.h"
#include "ui/dialersettingsdialog.h"
#include "ui/dialpanel.h"
#include "ui/mainwindow.h"

#include <QDesktopServices>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace Leadline::CompositionRoot {

namespace {

std::unique_ptr<Dialer> createDialer(Timers &timers, const Clock &clock)
{
    QSettings settings;
    const QString kind = settings.value(QStringLiteral("dialer/kind"), QStringLiteral("simulated")).toString();
    if (kind == QLatin1String("uri")) {
        return std::make_unique<UriDialer>(
            [](const QUrl &url) { return QDesktopServices::openUrl(url); }, clock,
            settings.value(QStringLiteral("dialer/uri_scheme"), QStringLiteral("tel")).toString(),
            settings.value(QStringLiteral("dialer/sip_domain")).toString());
    }
    if (kind == QLatin1String("baresip")) {
        const QString address = settings.value(QStringLiteral("dialer/baresip_ctrl"),
                                               QStringLiteral("127.0.0.1:4444")).toString();
        const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
        auto dialer = std::make_unique<BaresipDialer>(clock, address.left(colon),
                                                      quint16(address.mid(colon + 1).toUInt()));
        dialer->setDialTemplate(settings.value(QStringLiteral("dialer/baresip_template"),
                                               QStringLiteral("{number}")).toString());
        dialer->connectToBaresip();
        return dialer;
    }
    return std::make_unique<SimulatedDialer>(timers, clock,
                                             settings.value(QStringLiteral("dialer/seed"), 1).toUInt());
}

} // namespace

TelephonySetup::TelephonySetup(const Ui::Services &services, LocalStore &store)
    : m_services(services)
    , m_timers(std::make_unique<QtTimers>())
{
    const Clock &clock = *services.clock;
    m_dialer = createDialer(*m_timers, clock);
    m_session = std::make_unique<CallSession>(*m_dialer, *m_timers, clock);
    QSettings settings;
    m_session->setSettings({settings.value(QStringLiteral("dialer/ring_timeout_s"), 45).toLongLong() * 1000,
                            settings.value(QStringLiteral("dialer/wrapup_max_s"), 120).toLongLong() * 1000});
    m_logger = std::make_unique<CallLogger>(store, *services.activities, *services.reference);
    m_compliance = std::make_unique<ComplianceChecker>(store);
    m_drafts = std::make_unique<CallDrafts>(store);
    m_agentStates = std::make_unique<AgentStates>(store);
    m_agentStates->attach(*m_session);
}

TelephonySetup::~TelephonySetup() = default;

void TelephonySetup::install(Ui::MainWindow &window, std::function<bool(const QString &)> nextLead)
{
    auto *panel = new Ui::DialPanel(m_services, {m_session.get(), m_logger.get(), m_compliance.get(),
                                                 m_agentStates.get(), m_drafts.get()});
    window.addDialPanel(panel, QKeySequence(Qt::Key_F2), std::move(nextLead));
    QObject::connect(panel, &Ui::DialPanel::settingsRequested, &window, [&window] {
        Ui::DialerSettingsDialog dialog(&window);
        dialog.exec();
    });
    if (auto *baresip = qobject_cast<BaresipDialer *>(m_dialer.get())) {
        QObject::connect(baresip, &BaresipDialer::controlConnectionChanged, &window,
                         [&window](bool, const QString &message) {
                             window.statusBar()->showMessage(message, 10000);
                         });
    }
}

} // namespace Leadline::CompositionRoot
