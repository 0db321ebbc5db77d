#pragma once

#include "core/rules/rule.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QResizeEvent;
class QSplitter;
class QTableWidget;

namespace Leadline {
class ChangeBus;
class Permissions;
class RuleRepository;
class RuleRunner;
struct RulePlan;
} // namespace Leadline

namespace Leadline::Ui {

/// The rules work tab (规则) for supervisors: the workspace's rules on the left; on the right the
/// chosen rule's name, trigger, condition (checked as it is typed, the mistake underlined and
/// explained), actions and enabled flag; a dry run ("which customers would it match now and what
/// would it do") and a 30-day backtest list the customers with the decision for each, decided
/// exactly as the real run decides. Everything works from the keyboard: Insert new rule, Ctrl+S
/// save, Ctrl+R dry run, Ctrl+B backtest; Alt+P opens the lead score's weights.
class RulesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesView)

public:
    RulesView(RuleRepository &rules,
              RuleRunner &runner,
              const Permissions &permissions,
              ChangeBus *changes,
              QWidget *parent = nullptr);

    /// The rule as the form holds it (what save, the dry run and the backtest use).
    Rule editedRule() const;
    /// Shows a stored rule in the form (empty id: a new rule).
    void showRule(const QString &ruleId);
    /// The condition's mistake as shown under it (empty when it checks).
    QString conditionError() const;
    bool save();
    void dryRun();
    void backtest();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslateUi();
    void reload();
    void checkCondition();
    void updateTriggerFields();
    void addActionRow(RuleActionKind kind, const QVariantMap &params);
    void removeAction();
    void showPlans(const QList<RulePlan> &plans, const QString &what);
    void showStatus(const QString &text, bool error);
    void removeRule();
    void editWeights();

    RuleRepository &m_rules;
    RuleRunner &m_runner;
    const Permissions &m_permissions;
    QString m_ruleId;
    bool m_loading = false;

    QLabel *m_listLabel;
    QListWidget *m_list;
    QPushButton *m_newButton;
    QPushButton *m_deleteButton;
    QLabel *m_nameLabel;
    QLineEdit *m_name;
    QLabel *m_triggerLabel;
    QComboBox *m_trigger;
    QComboBox *m_triggerField;
    QLineEdit *m_triggerValue;
    QLabel *m_conditionLabel;
    QPlainTextEdit *m_condition;
    QLabel *m_conditionError;
    QLabel *m_actionsLabel;
    QTableWidget *m_actions;
    QPushButton *m_addAction;
    QPushButton *m_removeAction;
    QCheckBox *m_enabled;
    QPushButton *m_saveButton;
    QPushButton *m_dryRunButton;
    QPushButton *m_backtestButton;
    QPushButton *m_weightsButton;
    QLabel *m_status;
    QSplitter *m_splitter = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_dryRunAction = nullptr;
    QAction *m_backtestAction = nullptr;
    QLabel *m_resultsLabel;
    QTableWidget *m_results;
};

} // namespace Leadline::Ui
