#pragma once

#include "services.h"
#include "core/telephony/agentstates.h"
#include "core/telephony/calllogger.h"
#include "core/telephony/callsession.h"

#include <QWidget>

class QAction;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace Leadline {
class CallDrafts;
class CallLogger;
class ComplianceChecker;
struct ChangeSet;
} // namespace Leadline

namespace Leadline::Ui {

class SuggestedScripts;

/// The telephony services the dial panel drives, owned by the composition root.
struct DialServices
{
    CallSession *session = nullptr;
    CallLogger *logger = nullptr;
    ComplianceChecker *compliance = nullptr;
    AgentStates *agentStates = nullptr;
    CallDrafts *drafts = nullptr; ///< keeps the call on the line on disk until it is logged
};

/// The dial-and-log work tab: pick a number, dial (compliance checked first), watch the call's
/// state and timer, then disposition (1–9), note, follow-up and save, all from the keyboard.
class DialPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DialPanel)

public:
    DialPanel(const Services &services, const DialServices &telephony, QWidget *parent = nullptr);

    /// Shows a customer's numbers (the panel follows MainWindow::currentCustomerChanged).
    void showCustomer(const QString &customerId);
    QString customerId() const { return m_customerId; }
    /// What the agent typed into the customer search: a number found by its digits is the one
    /// to dial.
    void setSearchText(const QString &text) { m_searchText = text; }
    /// The scripts suggested for the customer on the call.
    SuggestedScripts *suggestedScripts() const { return m_scripts; }

    void dial();
    void hangup();
    /// Saves the call's disposition, note and follow-up; with next, asks for the next lead.
    bool save(bool next = false);
    /// Starts logging a call made outside Leadline (start time and duration by hand).
    void startManualLog();
    /// Asks, when a call is on the line, whether to hang up and quit; true when the window may
    /// close. The call and its note stay on disk and are offered for logging at the next start.
    bool confirmQuit();
    /// The loop's keys (dial, hang up, outcomes 1–9, follow-ups, save and next) as actions the
    /// main window owns: they act wherever the focus is in the window, and a key that cannot
    /// act now says why (notice).
    QList<QAction *> loopActions() const { return m_loopActions; }

signals:
    /// A key or button could not act; the text says why (shown in the status bar too, since
    /// the panel may be behind another tab).
    void notice(const QString &text);
    /// A call started or awaits its log: the panel wants to be in front, with the focus.
    void attentionNeeded();
    /// The call was saved with "Save and next": open the next lead.
    void nextLeadRequested();
    /// The agent asked for the dialer settings.
    void settingsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void createShortcuts();
    void retranslateUi();
    void reloadDispositions();
    void refreshDispositionActions();
    void onWorkspaceChanged(const Leadline::ChangeSet &changes);
    void selectDisposition(int hotkey);
    void onSessionState(CallSession::State state);
    void onAgentStateChosen();
    void onAgentStateChanged();
    void refreshTimer();
    void refreshControls();
    void resetForm();
    void setFollowUp(const QDateTime &when);
    void showMessage(const QString &text, bool error);
    /// Writes the call on the line (or awaiting its log) and its note to disk.
    void keepDraft();
    /// Offers a call that Leadline was closed or lost during for logging.
    void recoverDraft();
    bool isLogging() const;
    /// Picks the number to dial: the one searched for, else the one last reached, else one
    /// whose last call did not fail.
    void chooseDefaultNumber();
    /// Asks before dialling a customer already won or lost; true to go on.
    bool confirmClosedCustomer();
    /// Picks an outcome by key; says why when no call waits for one.
    void chooseDisposition(int hotkey);
    /// Sets a quick follow-up by key; says why when no call waits for one.
    void quickFollowUp(QPushButton *button);

    Services m_services;
    DialServices m_telephony;
    QString m_customerId;
    QString m_customerStage;
    QString m_searchText;
    QString m_callCustomerId;
    QString m_callContactId;
    bool m_manual = false;
    /// A call recovered from disk at start-up, waiting for its disposition.
    std::optional<CallLogEntry> m_recovered;
    /// The customer opened last, shown once the call on the panel is logged.
    QString m_nextCustomerId;
    qint64 m_draftSavedAt = 0;
    bool m_maskPhones = true;

    QLabel *m_customer;
    SuggestedScripts *m_scripts = nullptr;
    QComboBox *m_numbers;
    QPushButton *m_dial;
    QPushButton *m_hangup;
    QPushButton *m_logManual;
    QPushButton *m_settings;
    QLabel *m_state;
    QLabel *m_timer;
    QLabel *m_message;
    QWidget *m_dispositionBox;
    QButtonGroup *m_dispositions;
    QLabel *m_noteLabel;
    QPlainTextEdit *m_note;
    QCheckBox *m_scheduleFollowUp;
    QDateTimeEdit *m_followUp;
    QPushButton *m_plusHour;
    QPushButton *m_tomorrow;
    QPushButton *m_nextWeek;
    QLabel *m_manualLabel;
    QDateTimeEdit *m_manualStart;
    QSpinBox *m_manualDuration;
    QPushButton *m_save;
    QPushButton *m_saveNext;
    QLabel *m_agentLabel;
    QComboBox *m_agentState;
    QLineEdit *m_notReadyReason;
    QLabel *m_agentNow;
    QTimer *m_tick;
    QTimer *m_noteSave;
    QList<QAction *> m_loopActions;
    QAction *m_dialAction = nullptr;
    QAction *m_hangupAction = nullptr;
    QAction *m_escapeAction = nullptr;
    QAction *m_saveNextAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_plusHourAction = nullptr;
    QAction *m_tomorrowAction = nullptr;
    QAction *m_nextWeekAction = nullptr;
    QList<QAction *> m_dispositionActions;
};

} // namespace Leadline::Ui
