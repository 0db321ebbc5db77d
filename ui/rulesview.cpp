#include "rulesview.h"

#include "scoreweightsdialog.h"

#include "errorstyle.h"

#include "core/domain/fieldcatalogue.h"
#include "core/reference/permissions.h"
#include "core/rules/rulecondition.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "core/storage/changebus.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextEdit>
#include <QVBoxLayout>

#include <algorithm>

namespace Leadline::Ui {

namespace {

const QList<RuleTriggerKind> triggerKinds = {
    RuleTriggerKind::CustomerCreated, RuleTriggerKind::CustomerUpdated,
    RuleTriggerKind::FieldChanged,    RuleTriggerKind::StageChanged,
    RuleTriggerKind::CallLogged,      RuleTriggerKind::TodoCompleted,
    RuleTriggerKind::TodoOverdue,     RuleTriggerKind::LeadImported,
    RuleTriggerKind::Schedule,
};

const QList<RuleActionKind> actionKinds = {
    RuleActionKind::CreateTodo, RuleActionKind::SetField,     RuleActionKind::AddTag,
    RuleActionKind::RemoveTag,  RuleActionKind::ChangeStage,  RuleActionKind::Assign,
    RuleActionKind::Notify,     RuleActionKind::AddToNurture,
};

QString triggerLabel(RuleTriggerKind kind)
{
    switch (kind) {
    case RuleTriggerKind::CustomerCreated:
        return RulesView::tr("Customer created");
    case RuleTriggerKind::CustomerUpdated:
        return RulesView::tr("Customer updated");
    case RuleTriggerKind::FieldChanged:
        return RulesView::tr("Field changed");
    case RuleTriggerKind::StageChanged:
        return RulesView::tr("Stage changed");
    case RuleTriggerKind::CallLogged:
        return RulesView::tr("Call logged");
    case RuleTriggerKind::TodoCompleted:
        return RulesView::tr("To-do completed");
    case RuleTriggerKind::TodoOverdue:
        return RulesView::tr("To-do overdue");
    case RuleTriggerKind::LeadImported:
        return RulesView::tr("Lead imported");
    case RuleTriggerKind::Schedule:
        return RulesView::tr("Every 5 minutes (time rule)");
    }
    return {};
}

QString actionLabel(RuleActionKind kind)
{
    switch (kind) {
    case RuleActionKind::CreateTodo:
        return RulesView::tr("Create a to-do");
    case RuleActionKind::SetField:
        return RulesView::tr("Set a field");
    case RuleActionKind::AddTag:
        return RulesView::tr("Add a tag");
    case RuleActionKind::RemoveTag:
        return RulesView::tr("Remove a tag");
    case RuleActionKind::ChangeStage:
        return RulesView::tr("Change the stage");
    case RuleActionKind::Assign:
        return RulesView::tr("Assign");
    case RuleActionKind::Notify:
        return RulesView::tr("Notify");
    case RuleActionKind::AddToNurture:
        return RulesView::tr("Add to a nurture list");
    }
    return {};
}

// "title=跟进{name}; due=1h; priority=1": an action's parameters as one editable line.
QString paramsText(const QVariantMap &params)
{
    QStringList parts;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        const QString value = it.value().typeId() == QMetaType::QStringList
                                      || it.value().typeId() == QMetaType::QVariantList
                                  ? it.value().toStringList().join(QLatin1Char(','))
                                  : it.value().toString();
        parts.append(it.key() + QLatin1Char('=') + value);
    }
    return parts.join(QStringLiteral("; "));
}

QVariantMap paramsFrom(const QString &text)
{
    QVariantMap params;
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype equals = part.indexOf(QLatin1Char('='));
        if (equals < 0)
            continue;
        const QString key = part.left(equals).trimmed();
        const QString value = part.mid(equals + 1).trimmed();
        if (key == QLatin1String("to"))
            params.insert(key, value.split(QLatin1Char(','), Qt::SkipEmptyParts));
        else if (key == QLatin1String("priority"))
            params.insert(key, value.toInt());
        else
            params.insert(key, value);
    }
    return params;
}

} // namespace

RulesView::RulesView(RuleRepository &rules,
                     RuleRunner &runner,
                     const Permissions &permissions,
                     ChangeBus *changes,
                     QWidget *parent)
    : QWidget(parent)
    , m_rules(rules)
    , m_runner(runner)
    , m_permissions(permissions)
    , m_listLabel(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_newButton(new QPushButton(this))
    , m_deleteButton(new QPushButton(this))
    , m_nameLabel(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_triggerLabel(new QLabel(this))
    , m_trigger(new QComboBox(this))
    , m_triggerField(new QComboBox(this))
    , m_triggerValue(new QLineEdit(this))
    , m_conditionLabel(new QLabel(this))
    , m_condition(new QPlainTextEdit(this))
    , m_conditionError(new QLabel(this))
    , m_actionsLabel(new QLabel(this))
    , m_actions(new QTableWidget(0, 2, this))
    , m_addAction(new QPushButton(this))
    , m_removeAction(new QPushButton(this))
    , m_enabled(new QCheckBox(this))
    , m_saveButton(new QPushButton(this))
    , m_dryRunButton(new QPushButton(this))
    , m_backtestButton(new QPushButton(this))
    , m_weightsButton(new QPushButton(this))
    , m_status(new QLabel(this))
    , m_resultsLabel(new QLabel(this))
    , m_results(new QTableWidget(0, 3, this))
{
    setObjectName(QStringLiteral("rulesView"));
    m_listLabel->setBuddy(m_list);
    m_nameLabel->setBuddy(m_name);
    m_triggerLabel->setBuddy(m_trigger);
    m_conditionLabel->setBuddy(m_condition);
    m_actionsLabel->setBuddy(m_actions);
    m_resultsLabel->setBuddy(m_results);
    m_condition->setTabChangesFocus(true);
    m_condition->setObjectName(QStringLiteral("ruleCondition"));
    m_conditionError->setWordWrap(true);
    m_conditionError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_actions->horizontalHeader()->setStretchLastSection(true);
    m_actions->verticalHeader()->hide();
    m_actions->setTabKeyNavigation(false);
    m_results->horizontalHeader()->setStretchLastSection(true);
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->setTabKeyNavigation(false);
    for (const FieldDefinition &field : FieldCatalogue::fields()) {
        if (field.scope == FieldScope::Customer)
            m_triggerField->addItem(field.key, field.key);
    }

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_listLabel);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_newButton);
    listButtons->addWidget(m_deleteButton);
    listButtons->addWidget(m_weightsButton); // the score's weights are for every rule, not one
    leftLayout->addLayout(listButtons);

    auto *right = new QWidget(this);
    auto *form = new QFormLayout;
    form->addRow(m_nameLabel, m_name);
    auto *trigger = new QHBoxLayout;
    trigger->addWidget(m_trigger, 2);
    trigger->addWidget(m_triggerField, 1);
    trigger->addWidget(m_triggerValue, 1);
    form->addRow(m_triggerLabel, trigger);
    auto *condition = new QVBoxLayout;
    condition->addWidget(m_condition);
    condition->addWidget(m_conditionError);
    form->addRow(m_conditionLabel, condition);
    auto *actions = new QVBoxLayout;
    actions->addWidget(m_actions);
    auto *actionButtons = new QHBoxLayout;
    actionButtons->addWidget(m_addAction);
    actionButtons->addWidget(m_removeAction);
    actionButtons->addStretch();
    actions->addLayout(actionButtons);
    form->addRow(m_actionsLabel, actions);
    form->addRow(QString(), m_enabled);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(form);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_dryRunButton);
    buttons->addWidget(m_backtestButton);
    buttons->addStretch();
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(m_status);
    rightLayout->addWidget(m_resultsLabel);
    rightLayout->addWidget(m_results, 1);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    // Ctrl+N belongs to the whole window (write a note); a new rule is Insert, as in a list.
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *action = new QAction(this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_newAction = shortcut(QKeySequence(Qt::Key_Insert), [this] { showRule({}); });
    m_saveAction = shortcut(QKeySequence(Qt::CTRL | Qt::Key_S), [this] { save(); });
    m_dryRunAction = shortcut(QKeySequence(Qt::CTRL | Qt::Key_R), [this] { dryRun(); });
    m_backtestAction = shortcut(QKeySequence(Qt::CTRL | Qt::Key_B), [this] { backtest(); });

    connect(m_newButton, &QPushButton::clicked, this, [this] { showRule({}); });
    connect(m_deleteButton, &QPushButton::clicked, this, &RulesView::removeRule);
    connect(m_saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(m_dryRunButton, &QPushButton::clicked, this, &RulesView::dryRun);
    connect(m_backtestButton, &QPushButton::clicked, this, &RulesView::backtest);
    connect(m_weightsButton, &QPushButton::clicked, this, &RulesView::editWeights);
    connect(m_addAction, &QPushButton::clicked, this, [this] {
        addActionRow(RuleActionKind::CreateTodo,
                     {{QStringLiteral("title"), QStringLiteral("{name}")},
                      {QStringLiteral("due"), QStringLiteral("1d")}});
        m_actions->setFocus();
    });
    connect(m_removeAction, &QPushButton::clicked, this, &RulesView::removeAction);
    connect(m_condition, &QPlainTextEdit::textChanged, this, &RulesView::checkCondition);
    connect(m_trigger, &QComboBox::currentIndexChanged, this, &RulesView::updateTriggerFields);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_loading && row >= 0)
            showRule(m_list->item(row)->data(Qt::UserRole).toString());
    });
    if (changes) {
        connect(changes, &ChangeBus::changed, this, [this](const ChangeSet &changeSet) {
            if (changeSet.touches({"rules"}))
                reload();
        });
    }

    const bool editable = m_permissions.may(Permissions::Action::EditRules);
    for (QWidget *widget : std::initializer_list<QWidget *>{
             m_newButton, m_deleteButton, m_saveButton, m_addAction, m_removeAction})
        widget->setEnabled(editable);
    retranslateUi();
    reload();
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    else
        showRule({});
}

void RulesView::resizeEvent(QResizeEvent *event)
{
    // Beside the 360 view the tab is narrow: the list goes above the form instead of squeezing
    // the form's buttons.
    const int sideBySide = m_splitter->widget(0)->sizeHint().width()
                           + m_splitter->widget(1)->sizeHint().width() + m_splitter->handleWidth();
    const Qt::Orientation orientation = event->size().width() >= sideBySide ? Qt::Horizontal : Qt::Vertical;
    QWidget::resizeEvent(event);
    if (orientation != m_splitter->orientation()) {
        m_splitter->setOrientation(orientation);
        m_splitter->refresh();
    }
}

void RulesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RulesView::retranslateUi()
{
    setWindowTitle(tr("Rules"));
    m_listLabel->setText(tr("&Rules"));
    m_newButton->setText(tr("&New rule"));
    m_newButton->setToolTip(tr("Insert"));
    m_newAction->setText(tr("New rule"));
    m_saveAction->setText(tr("Save the rule"));
    m_dryRunAction->setText(tr("Dry run"));
    m_backtestAction->setText(tr("Backtest 30 days"));
    m_deleteButton->setText(tr("&Delete"));
    m_nameLabel->setText(tr("N&ame"));
    m_triggerLabel->setText(tr("Tr&igger"));
    m_triggerValue->setPlaceholderText(tr("value (optional)"));
    m_conditionLabel->setText(tr("&Condition"));
    m_condition->setPlaceholderText(tr("e.g. intent == \"高\" and days_since(last_contact) > 3"));
    m_actionsLabel->setText(tr("Acti&ons"));
    m_actions->setHorizontalHeaderLabels({tr("Action"), tr("Parameters (key=value; …)")});
    m_addAction->setText(tr("Add action"));
    m_removeAction->setText(tr("Remove action"));
    m_enabled->setText(tr("&Enabled"));
    m_saveButton->setText(tr("&Save"));
    m_saveButton->setToolTip(tr("Ctrl+S"));
    m_dryRunButton->setText(tr("Dry r&un"));
    m_dryRunButton->setToolTip(tr("Ctrl+R: which customers it matches now and what it would do"));
    m_backtestButton->setText(tr("&Backtest 30 days"));
    m_backtestButton->setToolTip(tr("Ctrl+B: what it would have done over the last 30 days"));
    m_weightsButton->setText(tr("Score &points…"));
    m_weightsButton->setToolTip(
        tr("The lead score's points, decay and 热/温 thresholds; saving rescores every customer"));
    m_resultsLabel->setText(tr("&Matches"));
    // Lists and tables take their screen-reader names from here, not from their labels.
    m_list->setAccessibleName(tr("Rules"));
    m_actions->setAccessibleName(tr("Actions of the rule"));
    m_results->setAccessibleName(tr("Customers the rule matches, and what it would do"));
    m_results->setHorizontalHeaderLabels({tr("Customer"), tr("Would do"), tr("Why")});
    const QString current = m_trigger->currentData().toString();
    m_trigger->blockSignals(true);
    m_trigger->clear();
    for (RuleTriggerKind kind : triggerKinds)
        m_trigger->addItem(triggerLabel(kind), RuleTrigger::name(kind));
    m_trigger->setCurrentIndex(std::max(0, m_trigger->findData(current)));
    m_trigger->blockSignals(false);
    for (int row = 0; row < m_actions->rowCount(); ++row) {
        if (auto *combo = qobject_cast<QComboBox *>(m_actions->cellWidget(row, 0))) {
            for (int i = 0; i < combo->count(); ++i)
                combo->setItemText(i, actionLabel(actionKinds.at(i)));
        }
    }
    updateTriggerFields();
}

void RulesView::reload()
{
    auto rules = m_rules.all();
    m_loading = true;
    m_list->clear();
    if (!rules) {
        showStatus(rules.message(), true);
        m_loading = false;
        return;
    }
    for (const Rule &rule : std::as_const(*rules)) {
        auto *item = new QListWidgetItem(rule.enabled ? rule.name : tr("%1 (off)").arg(rule.name));
        item->setData(Qt::UserRole, rule.id);
        m_list->addItem(item);
        if (rule.id == m_ruleId)
            m_list->setCurrentItem(item);
    }
    m_loading = false;
}

void RulesView::showRule(const QString &ruleId)
{
    Rule rule;
    rule.trigger.kind = RuleTriggerKind::Schedule;
    if (!ruleId.isEmpty()) {
        auto found = m_rules.find(ruleId);
        if (!found) {
            showStatus(found.message(), true);
            return;
        }
        if (*found)
            rule = **found;
    }
    m_loading = true;
    m_ruleId = rule.id;
    m_name->setText(rule.name);
    m_trigger->setCurrentIndex(
        std::max(0, m_trigger->findData(RuleTrigger::name(rule.trigger.kind))));
    m_triggerField->setCurrentIndex(std::max(0, m_triggerField->findData(rule.trigger.field)));
    m_triggerValue->setText(rule.trigger.value);
    m_condition->setPlainText(rule.condition);
    m_actions->setRowCount(0);
    for (const RuleAction &action : rule.actions)
        addActionRow(action.kind, action.params);
    m_enabled->setChecked(rule.enabled);
    m_results->setRowCount(0);
    m_loading = false;
    updateTriggerFields();
    checkCondition();
    showStatus(ruleId.isEmpty() ? tr("A new rule: name it, choose its trigger, condition and "
                                     "actions, then save (Ctrl+S).")
                                : QString(),
               false);
    if (ruleId.isEmpty())
        m_name->setFocus();
}

void RulesView::updateTriggerFields()
{
    const auto kind = RuleTrigger::fromName(m_trigger->currentData().toString());
    const bool field = kind == RuleTriggerKind::FieldChanged;
    const bool value
        = field || kind == RuleTriggerKind::StageChanged || kind == RuleTriggerKind::CallLogged;
    m_triggerField->setVisible(field);
    m_triggerValue->setVisible(value);
    m_triggerValue->setPlaceholderText(kind == RuleTriggerKind::CallLogged
                                           ? tr("disposition (optional)")
                                           : tr("value (optional)"));
}

void RulesView::addActionRow(RuleActionKind kind, const QVariantMap &params)
{
    const int row = m_actions->rowCount();
    m_actions->insertRow(row);
    auto *combo = new QComboBox(m_actions);
    for (RuleActionKind each : actionKinds)
        combo->addItem(actionLabel(each), RuleAction::name(each));
    combo->setCurrentIndex(int(actionKinds.indexOf(kind)));
    m_actions->setCellWidget(row, 0, combo);
    m_actions->setItem(row, 1, new QTableWidgetItem(paramsText(params)));
    m_actions->resizeColumnToContents(0);
}

void RulesView::removeAction()
{
    const int row = m_actions->currentRow();
    if (row >= 0)
        m_actions->removeRow(row);
}

Rule RulesView::editedRule() const
{
    Rule rule;
    rule.id = m_ruleId;
    rule.name = m_name->text().trimmed();
    rule.trigger.kind = RuleTrigger::fromName(m_trigger->currentData().toString())
                            .value_or(RuleTriggerKind::Schedule);
    if (rule.trigger.kind == RuleTriggerKind::FieldChanged)
        rule.trigger.field = m_triggerField->currentData().toString();
    if (m_triggerValue->isVisibleTo(this))
        rule.trigger.value = m_triggerValue->text().trimmed();
    rule.condition = m_condition->toPlainText();
    for (int row = 0; row < m_actions->rowCount(); ++row) {
        auto *combo = qobject_cast<QComboBox *>(m_actions->cellWidget(row, 0));
        const auto kind = RuleAction::fromName(combo ? combo->currentData().toString() : QString());
        if (!kind)
            continue;
        const QTableWidgetItem *item = m_actions->item(row, 1);
        rule.actions.append(RuleAction{*kind, paramsFrom(item ? item->text() : QString())});
    }
    rule.enabled = m_enabled->isChecked();
    return rule;
}

QString RulesView::conditionError() const
{
    return m_conditionError->isVisible() ? m_conditionError->text() : QString();
}

void RulesView::checkCondition()
{
    if (m_loading)
        return;
    const QString source = m_condition->toPlainText();
    QList<QTextEdit::ExtraSelection> marks;
    if (source.trimmed().isEmpty()) {
        m_conditionError->hide();
        m_condition->setExtraSelections(marks);
        return;
    }
    const RuleCondition condition = RuleCondition::compile(source, m_rules.checkContext());
    if (condition.ok()) {
        m_conditionError->hide();
        m_condition->setExtraSelections(marks);
        return;
    }
    const RuleError &error = *condition.error();
    m_conditionError->setText(error.message);
    markError(m_conditionError);
    m_conditionError->show();
    // Underline the spot; at the end of the text, the last character.
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(m_condition->document());
    const int end = int(source.size());
    const int start = std::clamp(error.offset, 0, std::max(0, end - 1));
    const int length = std::clamp(error.length, 1, std::max(1, end - start));
    mark.cursor.setPosition(start);
    mark.cursor.setPosition(std::min(end, start + length), QTextCursor::KeepAnchor);
    mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    mark.format.setUnderlineColor(m_conditionError->palette().color(QPalette::WindowText));
    marks.append(mark);
    m_condition->setExtraSelections(marks);
}

bool RulesView::save()
{
    auto saved = m_rules.save(editedRule());
    if (!saved) {
        const QString where = saved.error().field;
        showStatus(where.isEmpty() ? saved.message() : tr("%1 (%2)").arg(saved.message(), where),
                   true);
        return false;
    }
    m_ruleId = *saved;
    reload();
    showStatus(tr("Saved \"%1\".").arg(m_name->text().trimmed()), false);
    return true;
}

void RulesView::dryRun()
{
    auto plans = m_runner.dryRun(editedRule());
    if (!plans) {
        showStatus(plans.message(), true);
        return;
    }
    showPlans(*plans, tr("Now, %n customer(s) match.", nullptr, int(plans->size())));
}

void RulesView::backtest()
{
    auto plans = m_runner.backtest(editedRule(), 30);
    if (!plans) {
        showStatus(plans.message(), true);
        return;
    }
    showPlans(*plans, tr("Over the last 30 days it would have acted %n time(s).", nullptr,
                         int(plans->size())));
}

void RulesView::showPlans(const QList<RulePlan> &plans, const QString &what)
{
    constexpr int shown = 500;
    m_results->setRowCount(0);
    m_results->setRowCount(int(std::min<qsizetype>(plans.size(), shown)));
    for (int row = 0; row < m_results->rowCount(); ++row) {
        const RulePlan &plan = plans.at(row);
        QStringList summaries;
        for (const PlannedAction &action : plan.actions)
            summaries.append(action.summary);
        QString customer = plan.customerName;
        const qsizetype at = plan.cause.lastIndexOf(QLatin1Char('@'));
        if (at > 0) {
            customer += QStringLiteral("  ")
                        + QDateTime::fromMSecsSinceEpoch(plan.cause.mid(at + 1).toLongLong())
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        }
        auto *name = new QTableWidgetItem(customer);
        name->setData(Qt::UserRole, plan.customerId);
        m_results->setItem(row, 0, name);
        m_results->setItem(
            row, 1,
            new QTableWidgetItem(
                plan.alreadyRun ? tr("(already done) %1").arg(summaries.join(QStringLiteral("；")))
                                : summaries.join(QStringLiteral("；"))));
        m_results->setItem(row, 2, new QTableWidgetItem(plan.why()));
    }
    m_results->resizeColumnToContents(0);
    showStatus(plans.size() > shown ? tr("%1 The first %2 are listed.").arg(what).arg(shown) : what,
               false);
}

void RulesView::editWeights()
{
    ScoreWeightsDialog dialog(m_runner, m_permissions.may(Permissions::Action::EditRules), this);
    if (dialog.exec() == QDialog::Accepted)
        showStatus(tr("Score weights saved; %n customer(s) rescored.", "", dialog.rescored()), false);
    m_weightsButton->setFocus();
}

void RulesView::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    markError(m_status, error);
}

void RulesView::removeRule()
{
    if (m_ruleId.isEmpty())
        return;
    if (auto removed = m_rules.remove(m_ruleId); !removed) {
        showStatus(removed.message(), true);
        return;
    }
    m_ruleId.clear();
    reload();
    showRule(m_list->count() > 0 ? m_list->item(0)->data(Qt::UserRole).toString() : QString());
}

} // namespace Leadline::Ui
