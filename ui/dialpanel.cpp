#include "dialpanel.h"

#include "errorstyle.h"
#include "suggestedscripts.h"

#include "core/compliance/compliancechecker.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/customers/customerrepository.h"
#include "core/queue/todoservice.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"
#include "core/telephony/calldrafts.h"
#include "core/telephony/calllogger.h"

#include <QAbstractButton>
#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace Leadline::Ui {

namespace {

constexpr qint64 halfHourMs = 30 * 60 * 1000;
/// How often a call on the line is written to disk again, so that a crash loses at most this
/// much of its talk time; the note is written half a second after the agent stops typing.
constexpr qint64 draftHeartbeatMs = 10 * 1000;
constexpr int noteSaveDelayMs = 500;

/// A date-time editor whose arrows and Page keys move in 30-minute steps.
class HalfHourEdit final : public QDateTimeEdit
{
public:
    using QDateTimeEdit::QDateTimeEdit;
    void stepBy(int steps) override { setDateTime(dateTime().addSecs(qint64(steps) * 1800)); }

protected:
    StepEnabled stepEnabled() const override { return StepUpEnabled | StepDownEnabled; }
};

/// A SIP answer ("404 Not Found") in the UI language: the network's English never reaches a
/// Chinese screen; the code stays for the technician.
QString sipReason(const QString &detail)
{
    static const QRegularExpression code(QStringLiteral("^\\s*(\\d{3})\\b"));
    const auto match = code.match(detail);
    if (detail.trimmed().isEmpty())
        return detail;
    if (!match.hasMatch())
        return DialPanel::tr("the line was lost");
    const int status = match.captured(1).toInt();
    QString text;
    switch (status) {
    case 404:
    case 604:
        text = DialPanel::tr("number not in service");
        break;
    case 408:
        text = DialPanel::tr("no answer in time");
        break;
    case 480:
        text = DialPanel::tr("not reachable now");
        break;
    case 486:
    case 600:
        text = DialPanel::tr("busy");
        break;
    case 487:
        text = DialPanel::tr("call cancelled");
        break;
    case 403:
    case 603:
        text = DialPanel::tr("declined");
        break;
    case 484:
        text = DialPanel::tr("incomplete number");
        break;
    case 503:
        text = DialPanel::tr("the phone service is unavailable");
        break;
    default:
        text = DialPanel::tr("the network refused the call");
        break;
    }
    return DialPanel::tr("%1, SIP %2").arg(text).arg(status);
}

QString clockText(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2")
        .arg(seconds / 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

DialPanel::DialPanel(const Services &services, const DialServices &telephony, QWidget *parent)
    : QWidget(parent)
    , m_services(services)
    , m_telephony(telephony)
    , m_tick(new QTimer(this))
    , m_noteSave(new QTimer(this))
{
    setObjectName(QStringLiteral("dialPanel"));
    m_maskPhones = !m_services.permissions->may(Permissions::Action::SeeFullPhones);
    buildUi();
    createShortcuts();
    reloadDispositions();
    retranslateUi();

    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, [this] {
        refreshTimer();
        if (m_telephony.session->isActive()
            && m_services.clock->nowMs() - m_draftSavedAt >= draftHeartbeatMs) {
            keepDraft();
        }
    });
    m_tick->start();
    m_noteSave->setSingleShot(true);
    m_noteSave->setInterval(noteSaveDelayMs);
    connect(m_noteSave, &QTimer::timeout, this, &DialPanel::keepDraft);
    connect(m_note, &QPlainTextEdit::textChanged, m_noteSave, qOverload<>(&QTimer::start));
    connect(m_telephony.session, &CallSession::stateChanged, this, &DialPanel::onSessionState);
    connect(m_telephony.session, &CallSession::wrapUpExpired, this, &DialPanel::refreshTimer);
    connect(m_telephony.agentStates, &AgentStates::changed, this, &DialPanel::onAgentStateChanged);
    connect(m_services.changes, &ChangeBus::changed, this, &DialPanel::onWorkspaceChanged);
    onAgentStateChanged();
    resetForm();
    recoverDraft();
}

bool DialPanel::isLogging() const
{
    return m_manual || m_recovered || m_telephony.session->awaitsLog();
}

void DialPanel::keepDraft()
{
    m_noteSave->stop();
    const CallSession &session = *m_telephony.session;
    if (!m_telephony.drafts || m_manual || (!m_recovered && !session.isActive() && !session.awaitsLog()))
        return;
    CallDraft draft;
    if (m_recovered) {
        draft.phoneE164 = m_recovered->phoneE164;
        draft.startedAt = m_recovered->startedAt;
        draft.connectedAt = m_recovered->connectedAt;
        draft.endedAt = m_recovered->endedAt;
        draft.outcome = m_recovered->outcome;
    } else {
        draft.phoneE164 = session.number();
        draft.startedAt = session.startedAt();
        draft.connectedAt = session.connectedAt();
        draft.endedAt = session.endedAt();
        if (session.awaitsLog())
            draft.outcome = session.outcome();
    }
    draft.customerId = m_callCustomerId;
    draft.contactId = m_callContactId;
    draft.note = m_note->toPlainText();
    if (auto kept = m_telephony.drafts->save(draft); !kept)
        showMessage(kept.message(), true);
    m_draftSavedAt = m_services.clock->nowMs();
}

void DialPanel::recoverDraft()
{
    if (!m_telephony.drafts)
        return;
    const auto found = m_telephony.drafts->current();
    if (!found) {
        showMessage(found.message(), true);
        return;
    }
    if (!found->has_value())
        return;
    const CallDraft &draft = **found;
    m_recovered = CallDrafts::toEntry(draft);
    m_callCustomerId = draft.customerId;
    m_callContactId = draft.contactId;
    showCustomer(draft.customerId);
    {
        const QSignalBlocker blocker(m_note); // the draft already holds this note
        m_note->setPlainText(draft.note);
    }
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(draft.startedAt).toLocalTime();
    showMessage(tr("Leadline was closed during the call to %1 at %2. Pick the outcome (1–9), "
                   "check the note and save.")
                    .arg(m_maskPhones ? PhoneNumbers::masked(draft.phoneE164)
                                      : PhoneNumbers::display(draft.phoneE164),
                         locale().toString(started, QStringLiteral("MM-dd HH:mm"))),
                true);
    refreshControls();
}

bool DialPanel::confirmQuit()
{
    CallSession &session = *m_telephony.session;
    if (!session.isActive())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("A call is on the line"),
        tr("The call to %1 is still going on. Hang up and quit?\n\nThe call and your note are "
           "kept: Leadline asks for its outcome when it starts again.")
            .arg(m_customer->text()),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return false;
    session.hangup();
    keepDraft();
    return true;
}

void DialPanel::buildUi()
{
    m_customer = new QLabel(this);
    m_customer->setObjectName(QStringLiteral("customerName"));
    m_numbers = new QComboBox(this);
    m_numbers->setObjectName(QStringLiteral("numbers"));
    // The agent may also type a number (a manual dial); compliance checks it the same way.
    m_numbers->setEditable(true);
    m_numbers->setInsertPolicy(QComboBox::NoInsert);
    // Room for a mobile number; a longer label ("138 0013 8000 手机") is elided, not widening the tab.
    m_numbers->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_numbers->setMinimumContentsLength(13);
    m_dial = new QPushButton(this);
    m_dial->setObjectName(QStringLiteral("dial"));
    m_hangup = new QPushButton(this);
    m_hangup->setObjectName(QStringLiteral("hangup"));
    m_logManual = new QPushButton(this);
    m_logManual->setObjectName(QStringLiteral("logManual"));
    m_settings = new QPushButton(this);
    m_settings->setObjectName(QStringLiteral("dialerSettings"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("callState"));
    m_timer = new QLabel(this);
    m_timer->setObjectName(QStringLiteral("callTimer"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);

    connect(m_dial, &QPushButton::clicked, this, &DialPanel::dial);
    connect(m_hangup, &QPushButton::clicked, this, &DialPanel::hangup);
    connect(m_logManual, &QPushButton::clicked, this, &DialPanel::startManualLog);
    connect(m_settings, &QPushButton::clicked, this, &DialPanel::settingsRequested);

    auto *numberRow = new QHBoxLayout;
    numberRow->addWidget(m_numbers, 1);
    numberRow->addWidget(m_dial);
    numberRow->addWidget(m_hangup);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_state);
    stateRow->addStretch(1);
    stateRow->addWidget(m_timer);

    m_dispositionBox = new QWidget(this);
    m_dispositions = new QButtonGroup(this);
    m_dispositions->setExclusive(true);
    connect(m_dispositions, &QButtonGroup::idClicked, this, &DialPanel::selectDisposition);

    m_noteLabel = new QLabel(this);
    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setTabChangesFocus(true);
    m_note->setMaximumHeight(90);
    m_noteLabel->setBuddy(m_note);

    m_scheduleFollowUp = new QCheckBox(this);
    m_scheduleFollowUp->setObjectName(QStringLiteral("scheduleFollowUp"));
    m_followUp = new HalfHourEdit(this);
    m_followUp->setObjectName(QStringLiteral("followUp"));
    m_followUp->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_followUp->setCalendarPopup(true);
    m_plusHour = new QPushButton(this);
    m_plusHour->setObjectName(QStringLiteral("plusHour"));
    m_tomorrow = new QPushButton(this);
    m_tomorrow->setObjectName(QStringLiteral("tomorrow"));
    m_nextWeek = new QPushButton(this);
    m_nextWeek->setObjectName(QStringLiteral("nextWeek"));
    connect(m_scheduleFollowUp, &QCheckBox::toggled, m_followUp, &QWidget::setEnabled);
    const auto now = [this] { return m_services.clock->now().toLocalTime(); };
    connect(m_plusHour, &QPushButton::clicked, this, [this, now] { setFollowUp(now().addSecs(3600)); });
    // Follow-ups land on working days: "tomorrow" on a Friday is Monday.
    connect(m_tomorrow, &QPushButton::clicked, this, [this, now] {
        const QDate next = m_services.todos->calendar().nextWorkingDay(now().date());
        setFollowUp(QDateTime(next, QTime(9, 0)));
    });
    connect(m_nextWeek, &QPushButton::clicked, this, [this, now] {
        setFollowUp(QDateTime(m_services.todos->calendar().firstWorkingDayOfNextWeek(now().date()), QTime(9, 0)));
    });
    // The rows below are split so the panel fits a laptop screen beside the list and the 360
    // view: the quick follow-up times under the date, the manual log's caption above its fields.
    auto *followRow = new QHBoxLayout;
    followRow->addWidget(m_scheduleFollowUp);
    followRow->addWidget(m_followUp, 1);
    auto *quickFollowRow = new QHBoxLayout;
    quickFollowRow->addWidget(m_plusHour);
    quickFollowRow->addWidget(m_tomorrow);
    quickFollowRow->addWidget(m_nextWeek);
    quickFollowRow->addStretch(1);

    m_manualLabel = new QLabel(this);
    m_manualStart = new HalfHourEdit(this);
    m_manualStart->setObjectName(QStringLiteral("manualStart"));
    m_manualStart->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_manualDuration = new QSpinBox(this);
    m_manualDuration->setObjectName(QStringLiteral("manualDuration"));
    m_manualDuration->setRange(0, 4 * 3600);
    m_manualLabel->setWordWrap(true);
    auto *manualRow = new QHBoxLayout;
    manualRow->addWidget(m_manualStart, 1);
    manualRow->addWidget(m_manualDuration);

    m_save = new QPushButton(this);
    m_save->setObjectName(QStringLiteral("save"));
    m_saveNext = new QPushButton(this);
    m_saveNext->setObjectName(QStringLiteral("saveNext"));
    m_saveNext->setDefault(true);
    connect(m_save, &QPushButton::clicked, this, [this] { save(false); });
    connect(m_saveNext, &QPushButton::clicked, this, [this] { save(true); });
    auto *toolsRow = new QHBoxLayout;
    toolsRow->addWidget(m_logManual);
    toolsRow->addWidget(m_settings);
    toolsRow->addStretch(1);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_save);
    saveRow->addWidget(m_saveNext);

    m_agentLabel = new QLabel(this);
    m_agentState = new QComboBox(this);
    m_agentState->setObjectName(QStringLiteral("agentState"));
    m_agentState->addItems({QString(), QString()});
    m_notReadyReason = new QLineEdit(this);
    m_notReadyReason->setObjectName(QStringLiteral("notReadyReason"));
    m_agentNow = new QLabel(this);
    m_agentNow->setObjectName(QStringLiteral("agentNow"));
    connect(m_agentState, &QComboBox::activated, this, &DialPanel::onAgentStateChosen);
    connect(m_notReadyReason, &QLineEdit::editingFinished, this, &DialPanel::onAgentStateChosen);
    m_agentLabel->setBuddy(m_agentState); // Alt+Y: Ready or Not ready, then Tab to the reason
    auto *agentRow = new QHBoxLayout;
    agentRow->addWidget(m_agentLabel);
    agentRow->addWidget(m_agentState);
    agentRow->addWidget(m_notReadyReason, 1);
    agentRow->addWidget(m_agentNow);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(agentRow);
    layout->addWidget(m_customer);
    layout->addLayout(numberRow);
    layout->addLayout(stateRow);
    layout->addWidget(m_message);
    layout->addWidget(m_dispositionBox);
    layout->addWidget(m_noteLabel);
    layout->addWidget(m_note);
    layout->addLayout(followRow);
    layout->addLayout(quickFollowRow);
    layout->addWidget(m_manualLabel);
    layout->addLayout(manualRow);
    layout->addLayout(toolsRow);
    layout->addLayout(saveRow);
    m_scripts = new SuggestedScripts(*m_services.articleSearch, this);
    layout->addWidget(m_scripts, 1);

    // Tab follows the screen from the agent's state at the top down to save, then the scripts.
    const QList<QWidget *> order{m_agentState, m_notReadyReason, m_numbers, m_dial, m_hangup,
                                 m_note, m_scheduleFollowUp, m_followUp, m_plusHour, m_tomorrow,
                                 m_nextWeek, m_manualStart, m_manualDuration, m_logManual,
                                 m_settings, m_save, m_saveNext};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));
}

void DialPanel::createShortcuts()
{
    // The loop's keys are actions: the main window adds them to its Call menu and to itself, so
    // they act wherever the focus is in the window (the next lead may have put it in the queue
    // or the list); alone, the panel carries them itself.
    const auto make = [this](const QList<QKeySequence> &keys, auto slot) {
        auto *action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        m_loopActions.append(action);
        return action;
    };
    m_dialAction = make({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_D)}, [this] { dial(); });
    m_hangupAction = make({QKeySequence(Qt::CTRL | Qt::Key_H)}, [this] { hangup(); });
    // Esc hangs up only while a call is on the line; otherwise it stays with the field or list
    // that has the focus.
    m_escapeAction = make({QKeySequence(Qt::Key_Escape)}, [this] { hangup(); });
    // Digits pick the outcome where the agent is not typing (text fields take them first);
    // Ctrl and the digit works in a text field too.
    for (int key = 1; key <= 9; ++key) {
        m_dispositionActions.append(make({QKeySequence(Qt::Key_0 + key), QKeySequence(Qt::CTRL | (Qt::Key_0 + key))},
                                         [this, key] { chooseDisposition(key); }));
    }
    // Explicit shortcuts rather than mnemonics, which some platforms turn off.
    m_plusHourAction = make({QKeySequence(Qt::ALT | Qt::Key_1)}, [this] { quickFollowUp(m_plusHour); });
    m_tomorrowAction = make({QKeySequence(Qt::ALT | Qt::Key_T)}, [this] { quickFollowUp(m_tomorrow); });
    m_nextWeekAction = make({QKeySequence(Qt::ALT | Qt::Key_W)}, [this] { quickFollowUp(m_nextWeek); });
    m_saveNextAction = make({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
                            [this] { save(true); });
    // Save without moving on stays inside the panel: other tabs (rules) save with Ctrl+S too.
    m_saveAction = new QAction(this);
    m_saveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_saveAction, &QAction::triggered, this, [this] { save(false); });
    addAction(m_saveAction);
}

void DialPanel::chooseDisposition(int hotkey)
{
    if (!isLogging()) {
        showMessage(tr("No call waits for an outcome: dial first (F5), or log a call made outside."), true);
        return;
    }
    if (!m_dispositions->button(hotkey)) {
        showMessage(tr("No outcome has the key %1.").arg(hotkey), true);
        return;
    }
    selectDisposition(hotkey);
}

void DialPanel::quickFollowUp(QPushButton *button)
{
    if (!isLogging() && !m_telephony.session->isActive()) {
        showMessage(tr("No call to follow up: dial first (F5)."), true);
        return;
    }
    button->click();
}

void DialPanel::onWorkspaceChanged(const ChangeSet &changes)
{
    // A supervisor's renamed or new disposition, pulled from the server, shows at once; the
    // one chosen for the call in hand stays chosen.
    if (changes.touches({"dispositions"}))
        reloadDispositions();
    if (changes.touches({"agents", "policies"}))
        m_maskPhones = !m_services.permissions->may(Permissions::Action::SeeFullPhones);
    // The numbers follow edits of the customer's contacts and phones (and the masking policy)
    // only between calls: during one the panel stays as it was dialled, and logging a call
    // does not reset the number chosen.
    const bool idle = m_telephony.session->state() == CallSession::State::Idle;
    const bool numbersChanged = changes.touchesCustomer(m_customerId)
                                && changes.touches({"customers", "contacts", "phones"})
                                && !changes.touches({"calls"});
    if (idle && !m_customerId.isEmpty()
        && (numbersChanged || changes.touches({"agents", "policies"}))) {
        const QString next = m_nextCustomerId;
        showCustomer(m_customerId);
        m_nextCustomerId = next;
    }
}

void DialPanel::reloadDispositions()
{
    const QString chosen = m_dispositions->checkedButton()
                               ? m_dispositions->checkedButton()->property("dispositionId").toString()
                               : QString();
    qDeleteAll(m_dispositionBox->findChildren<QPushButton *>(Qt::FindDirectChildrenOnly));
    delete m_dispositionBox->layout();
    auto *grid = new QGridLayout(m_dispositionBox);
    grid->setContentsMargins(0, 0, 0, 0);
    int index = 0;
    const auto dispositions = m_services.reference->dispositions();
    if (!dispositions)
        showMessage(dispositions.message(), true); // no buttons: never a silently empty list
    for (const Disposition &d : dispositions ? *dispositions : QList<Disposition>()) {
        if (d.hotkey < 1 || d.hotkey > 9)
            continue;
        // The shipped outcomes in the UI language; a supervisor's own names as entered.
        auto *button = new QPushButton(QStringLiteral("%1  %2").arg(d.hotkey).arg(Vocabulary::label(d.name)),
                                       m_dispositionBox);
        button->setObjectName(QStringLiteral("disposition%1").arg(d.hotkey));
        button->setCheckable(true);
        button->setFocusPolicy(Qt::NoFocus);
        button->setProperty("dispositionId", d.id);
        button->setProperty("noteRequired", d.noteRequired);
        button->setProperty("callbackRequired", d.callbackRequired);
        button->setProperty("redialDelay", d.redialDelayMinutes);
        m_dispositions->addButton(button, d.hotkey);
        button->setChecked(!chosen.isEmpty() && d.id == chosen);
        // Three columns: nine hotkeys make a keypad-like 3×3, narrow enough for a laptop.
        grid->addWidget(button, index / 3, index % 3);
        ++index;
    }
    refreshDispositionActions();
}

void DialPanel::refreshDispositionActions()
{
    for (int key = 1; key <= m_dispositionActions.size(); ++key) {
        const QAbstractButton *button = m_dispositions->button(key);
        const QString name = button ? button->text().section(QStringLiteral("  "), 1) : QString();
        m_dispositionActions.at(key - 1)->setText(name.isEmpty() ? tr("Outcome %1").arg(key)
                                                                 : tr("Outcome %1: %2").arg(key).arg(name));
    }
}

void DialPanel::retranslateUi()
{
    setWindowTitle(tr("Dial"));
    m_dial->setText(tr("Dial (F5)"));
    m_hangup->setText(tr("Hang up (Esc)"));
    m_logManual->setText(tr("Log a call made &outside…"));
    m_settings->setText(tr("Dialer settings…"));
    m_noteLabel->setText(tr("&Note:"));
    m_note->setPlaceholderText(tr("What was said, what was agreed"));
    m_scheduleFollowUp->setText(tr("Follow &up at"));
    m_plusHour->setText(tr("+1 h (Alt+1)"));
    m_tomorrow->setText(tr("Tomorrow 9:00 (Alt+T)"));
    m_nextWeek->setText(tr("Next week (Alt+W)"));
    m_manualLabel->setText(tr("Call made outside Leadline: started at / seconds"));
    m_manualDuration->setSuffix(tr(" s"));
    m_save->setText(tr("Save (Ctrl+S)"));
    m_dialAction->setText(tr("&Dial the number"));
    m_hangupAction->setText(tr("&Hang up"));
    m_escapeAction->setText(tr("Hang up (during a call)"));
    m_plusHourAction->setText(tr("Follow up in an hour"));
    m_tomorrowAction->setText(tr("Follow up tomorrow morning"));
    m_nextWeekAction->setText(tr("Follow up next week"));
    m_saveNextAction->setText(tr("&Save and next"));
    m_saveAction->setText(tr("Save the call, stay on the customer"));
    refreshDispositionActions();
    m_saveNext->setText(tr("Save and next (Ctrl+Enter)"));
    m_agentLabel->setText(tr("M&y state:"));
    m_agentState->setItemText(0, AgentStates::label(AgentStates::State::Ready));
    m_agentState->setItemText(1, AgentStates::label(AgentStates::State::NotReady));
    m_notReadyReason->setPlaceholderText(tr("Reason (break, training, meeting…)"));
    m_notReadyReason->setAccessibleName(tr("Reason for not ready"));
    if (m_customerId.isEmpty())
        m_customer->setText(tr("No customer open"));
    // Room for the longest state name, so the row does not jump as the call progresses.
    int widest = 0;
    for (int s = int(CallSession::State::Idle); s <= int(CallSession::State::Cancelled); ++s)
        widest = qMax(widest, m_state->fontMetrics().horizontalAdvance(CallSession::stateLabel(CallSession::State(s))));
    m_state->setMinimumWidth(widest + 8);
    onAgentStateChanged();
    refreshControls();
}

void DialPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DialPanel::showCustomer(const QString &customerId)
{
    // The panel stays with the customer on the call until the call is logged; the customer
    // opened meanwhile comes after.
    m_nextCustomerId = customerId;
    const bool onCall = m_telephony.session->isActive() || m_telephony.session->awaitsLog() || m_recovered;
    if (onCall && !m_callCustomerId.isEmpty() && customerId != m_callCustomerId
        && m_customerId == m_callCustomerId) {
        return;
    }
    m_customerId = customerId;
    m_numbers->clear();
    const auto customer = m_services.customers->load(customerId);
    if (!customer) {
        m_customerId.clear();
        // A customer that cannot be read says why; one that is gone is simply not open.
        m_customer->setText(customer.error().missing ? tr("No customer open") : customer.message());
        markError(m_customer, !customer.error().missing);
        m_scripts->setCustomer(nullptr);
        refreshControls();
        return;
    }
    markError(m_customer, false);
    m_scripts->setCustomer(&*customer);
    m_customerStage = customer->stage;
    m_customer->setText(customer->company.isEmpty()
                            ? customer->name
                            : QStringLiteral("%1 · %2").arg(customer->name, customer->company));
    for (const Contact &contact : customer->contacts) {
        for (const ContactPhone &phone : contact.phones) {
            const QString shown = m_maskPhones ? PhoneNumbers::masked(phone.e164)
                                               : PhoneNumbers::display(phone.e164);
            const QString label = phone.label.isEmpty()
                                      ? contact.name
                                      : contact.name + QLatin1Char(' ') + Vocabulary::label(phone.label);
            m_numbers->addItem(QStringLiteral("%1  %2").arg(shown, label),
                               QStringList{phone.e164, contact.id});
        }
    }
    chooseDefaultNumber();
    refreshControls();
}

void DialPanel::chooseDefaultNumber()
{
    const auto digitsOf = [this](int index) {
        const QString e164 = m_numbers->itemData(index).toStringList().value(0);
        const auto parsed = PhoneNumbers::parse(e164);
        return QStringList{PhoneNumbers::digitsOnly(e164), parsed ? parsed->national : QString()};
    };
    const auto indexOf = [this](const QString &e164) {
        for (int i = 0; i < m_numbers->count(); ++i) {
            if (m_numbers->itemData(i).toStringList().value(0) == e164)
                return i;
        }
        return -1;
    };
    // The number the agent searched for (four digits or more of it).
    const QString searched = PhoneNumbers::digitsOnly(m_searchText);
    static const QRegularExpression phoneLike(QStringLiteral("^[0-9+\\-(). ]+$"));
    if (searched.size() >= 4 && phoneLike.match(m_searchText.trimmed()).hasMatch()) {
        for (int i = 0; i < m_numbers->count(); ++i) {
            const QStringList digits = digitsOf(i);
            if (digits.at(0).contains(searched) || (!digits.at(1).isEmpty() && digits.at(1).contains(searched))) {
                m_numbers->setCurrentIndex(i);
                return;
            }
        }
    }
    const auto history = m_telephony.logger->lastCallPerNumber(m_customerId);
    if (!history) {
        showMessage(history.message(), true);
        return;
    }
    // The number last reached; failing that, the first whose last call did not fail.
    for (const NumberHistory &call : *history) {
        if (call.outcome == QLatin1String("connected") || call.outcome == QLatin1String("manual")) {
            if (const int index = indexOf(call.phoneE164); index >= 0) {
                m_numbers->setCurrentIndex(index);
                return;
            }
        }
    }
    QStringList failed;
    for (const NumberHistory &call : *history)
        failed.append(call.phoneE164);
    for (int i = 0; i < m_numbers->count(); ++i) {
        if (!failed.contains(m_numbers->itemData(i).toStringList().value(0))) {
            m_numbers->setCurrentIndex(i);
            return;
        }
    }
    // Every number failed last time: the one that failed longest ago.
    if (!history->isEmpty()) {
        if (const int index = indexOf(history->last().phoneE164); index >= 0)
            m_numbers->setCurrentIndex(index);
    }
}

bool DialPanel::confirmClosedCustomer()
{
    const QStringList closed = Vocabulary::stages().mid(5); // 成交, 流失
    if (!closed.contains(m_customerStage))
        return true;
    QMessageBox box(QMessageBox::Question, tr("Call a closed customer?"),
                    tr("%1 is already at the stage \"%2\". Call anyway?")
                        .arg(m_customer->text(), Vocabulary::label(m_customerStage)),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("confirmClosedCustomer"));
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

void DialPanel::dial()
{
    CallSession &session = *m_telephony.session;
    if (session.isActive()) {
        showMessage(tr("A call is already on the line: hang up first (Ctrl+H)."), true);
        return;
    }
    if (session.awaitsLog() || m_recovered) {
        showMessage(tr("Save the last call before dialing again."), true);
        return;
    }
    if (m_customerId.isEmpty()) {
        showMessage(tr("Open a customer to dial."), true);
        return;
    }
    QStringList picked;
    const int index = m_numbers->currentIndex();
    if (index >= 0 && m_numbers->currentText() == m_numbers->itemText(index)) {
        picked = m_numbers->itemData(index).toStringList();
    } else {
        auto typed = PhoneNumbers::parse(m_numbers->currentText());
        if (!typed) {
            showMessage(typed.message(), true);
            return;
        }
        picked = QStringList{typed->e164, QString()};
    }
    if (!confirmClosedCustomer()) {
        showMessage(tr("Not dialed."), false);
        return;
    }
    const DialVerdict verdict = m_telephony.compliance->checkAndRecord(m_customerId, picked.value(0));
    if (!verdict.allowed) {
        showMessage(tr("Not dialed: %1").arg(verdict.message), true);
        return;
    }
    if (auto dialed = session.dial(picked.value(0)); !dialed) {
        showMessage(dialed.message(), true);
        return;
    }
    m_manual = false;
    m_callCustomerId = m_customerId;
    m_callContactId = picked.value(1);
    keepDraft();
    showMessage(QString(), false);
    emit attentionNeeded();
}

void DialPanel::hangup()
{
    if (!m_telephony.session->isActive()) {
        showMessage(tr("No call on the line to hang up."), true);
        return;
    }
    m_telephony.session->hangup();
}

void DialPanel::startManualLog()
{
    if (m_telephony.session->isActive() || m_telephony.session->awaitsLog() || m_recovered) {
        showMessage(tr("Finish the current call first."), true);
        return;
    }
    if (m_customerId.isEmpty()) {
        showMessage(tr("Open the customer you called first."), true);
        return;
    }
    resetForm();
    m_manual = true;
    m_callCustomerId = m_customerId;
    m_callContactId = m_numbers->currentData().toStringList().value(1);
    m_manualStart->setDateTime(m_services.clock->now().toLocalTime().addSecs(-300));
    m_manualDuration->setValue(0);
    showMessage(tr("Enter when the call started and how long it lasted, then the outcome."), false);
    refreshControls();
    m_manualStart->setFocus();
}

void DialPanel::selectDisposition(int hotkey)
{
    QAbstractButton *button = m_dispositions->button(hotkey);
    if (!button || !button->isEnabled())
        return;
    button->setChecked(true);
    const int delay = button->property("redialDelay").toInt();
    if (delay > 0) {
        setFollowUp(m_services.clock->now().toLocalTime().addSecs(qint64(delay) * 60));
    } else if (button->property("callbackRequired").toBool() && !m_scheduleFollowUp->isChecked()) {
        setFollowUp(m_services.clock->now().toLocalTime().addSecs(3600));
    }
    if (button->property("noteRequired").toBool() && m_note->toPlainText().trimmed().isEmpty())
        m_note->setFocus();
}

void DialPanel::setFollowUp(const QDateTime &when)
{
    // Round up to the next half hour.
    const qint64 ms = when.toMSecsSinceEpoch();
    const qint64 rounded = (ms + halfHourMs - 1) / halfHourMs * halfHourMs;
    m_followUp->setDateTime(QDateTime::fromMSecsSinceEpoch(rounded).toLocalTime());
    m_scheduleFollowUp->setChecked(true);
}

bool DialPanel::save(bool next)
{
    CallSession &session = *m_telephony.session;
    if (!m_manual && !m_recovered && !session.awaitsLog()) {
        showMessage(session.isActive() ? tr("Hang up before saving the call.")
                                       : tr("Nothing to save: dial first, or log a call made outside."),
                    true);
        return false;
    }
    CallLogEntry entry = m_manual      ? CallLogEntry{}
                         : m_recovered ? *m_recovered
                                       : CallLogger::fromSession(session);
    entry.customerId = m_callCustomerId;
    entry.contactId = m_callContactId;
    if (m_manual) {
        entry.phoneE164 = m_numbers->currentData().toStringList().value(0);
        entry.startedAt = m_manualStart->dateTime().toMSecsSinceEpoch();
        entry.durationSeconds = m_manualDuration->value();
    }
    if (QAbstractButton *checked = m_dispositions->checkedButton())
        entry.dispositionId = checked->property("dispositionId").toString();
    entry.note = m_note->toPlainText();
    if (m_scheduleFollowUp->isChecked())
        entry.followUpAt = m_followUp->dateTime().toMSecsSinceEpoch();

    auto logged = m_manual ? m_telephony.logger->logManual(entry) : m_telephony.logger->log(entry);
    if (!logged) {
        showMessage(logged.message(), true);
        if (logged.error().field == QLatin1String("note"))
            m_note->setFocus();
        else if (logged.error().field == QLatin1String("followup"))
            m_followUp->setFocus();
        return false;
    }
    if (m_manual)
        m_manual = false;
    else if (m_recovered)
        m_recovered.reset();
    else
        session.markLogged();
    resetForm();
    if (m_nextCustomerId != m_customerId)
        showCustomer(m_nextCustomerId);
    else
        chooseDefaultNumber(); // not the number that just failed

    showMessage(tr("Call saved."), false);
    setFocus();
    if (next)
        emit nextLeadRequested();
    return true;
}

void DialPanel::resetForm()
{
    m_dispositions->setExclusive(false);
    for (QAbstractButton *button : m_dispositions->buttons())
        button->setChecked(false);
    m_dispositions->setExclusive(true);
    m_note->clear();
    m_scheduleFollowUp->setChecked(false);
    m_followUp->setEnabled(false);
    m_followUp->setDateTime(QDateTime(m_services.clock->now().toLocalTime().date().addDays(1), QTime(9, 0)));
    refreshControls();
}

void DialPanel::onSessionState(CallSession::State state)
{
    keepDraft();
    if (m_telephony.session->awaitsLog()) {
        const QString detail = sipReason(m_telephony.session->detail());
        showMessage(state == CallSession::State::WrapUp
                        ? tr("Call ended. Pick the outcome (1–9), add a note and save.")
                        : tr("%1 (%2). Pick the outcome (1–9) and save.")
                              .arg(CallSession::stateLabel(state), detail),
                    state == CallSession::State::Failed);
        setFocus();
    }
    refreshControls();
}

void DialPanel::refreshControls()
{
    const CallSession &session = *m_telephony.session;
    const bool logging = isLogging();
    m_dial->setEnabled(!session.isActive() && !logging && !m_customerId.isEmpty());
    m_hangup->setEnabled(session.isActive());
    m_escapeAction->setEnabled(session.isActive());
    m_numbers->setEnabled(!session.isActive());
    for (QAbstractButton *button : m_dispositions->buttons())
        button->setEnabled(logging);
    m_save->setEnabled(logging);
    m_saveNext->setEnabled(logging);
    m_manualLabel->setVisible(m_manual);
    m_manualStart->setVisible(m_manual);
    m_manualDuration->setVisible(m_manual);
    m_state->setText(m_manual      ? tr("Logging a call made outside Leadline")
                     : m_recovered ? tr("Unsaved call, waiting for its outcome")
                                   : CallSession::stateLabel(session.state()));
    refreshTimer();
}

void DialPanel::refreshTimer()
{
    const CallSession &session = *m_telephony.session;
    m_timer->setText(clockText(session.elapsedMs()));
    m_timer->setStyleSheet(session.wrapUpOverrun() ? QStringLiteral("color: #c0392b; font-weight: bold")
                                                   : QString());
    m_timer->setToolTip(session.wrapUpOverrun() ? tr("Wrap-up is over its time limit.") : QString());
}

void DialPanel::onAgentStateChosen()
{
    const bool ready = m_agentState->currentIndex() == 0;
    m_notReadyReason->setEnabled(!ready);
    if (auto set = m_telephony.agentStates->set(ready ? AgentStates::State::Ready : AgentStates::State::NotReady,
                                                m_notReadyReason->text());
        !set) {
        showMessage(set.message(), true);
    }
}

void DialPanel::onAgentStateChanged()
{
    const AgentStates &states = *m_telephony.agentStates;
    const AgentStates::State state = states.current();
    m_agentState->setCurrentIndex(state == AgentStates::State::NotReady ? 1 : 0);
    m_notReadyReason->setEnabled(state == AgentStates::State::NotReady);
    if (state == AgentStates::State::NotReady)
        m_notReadyReason->setText(states.reason());
    m_agentNow->setText(AgentStates::label(state));
}

void DialPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #c0392b") : QString());
    if (error && !text.isEmpty())
        emit notice(text);
}

} // namespace Leadline::Ui
