#include "scoreweightsdialog.h"

#include "errorstyle.h"

#include "core/rules/rulerunner.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Leadline::Ui {

namespace {

enum Column { Kind, Value, Points };

// The sections of the points table, by stored key, in the order shown.
const char *const kinds[] = {"industry", "region", "title", "intent", "stage"};

QString kindLabel(const QString &kind)
{
    if (kind == QLatin1String("industry"))
        return ScoreWeightsDialog::tr("Industry");
    if (kind == QLatin1String("region"))
        return ScoreWeightsDialog::tr("Region");
    if (kind == QLatin1String("title"))
        return ScoreWeightsDialog::tr("Word in the title");
    if (kind == QLatin1String("intent"))
        return ScoreWeightsDialog::tr("Intent");
    return ScoreWeightsDialog::tr("Stage");
}

QHash<QString, int> &section(ScoreWeights &weights, const QString &kind)
{
    if (kind == QLatin1String("industry"))
        return weights.industry;
    if (kind == QLatin1String("region"))
        return weights.region;
    if (kind == QLatin1String("title"))
        return weights.title;
    if (kind == QLatin1String("intent"))
        return weights.intent;
    return weights.stage;
}

QSpinBox *spin(QWidget *parent, int minimum, int maximum)
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    return box;
}

} // namespace

ScoreWeightsDialog::ScoreWeightsDialog(RuleRunner &runner, bool editable, QWidget *parent)
    : QDialog(parent)
    , m_runner(runner)
    , m_points(new QTableWidget(0, 3, this))
    , m_newKind(new QComboBox(this))
    , m_addRow(new QPushButton(tr("&Add row"), this))
    , m_removeRow(new QPushButton(tr("&Remove row"), this))
    , m_connectedCall(spin(this, -100, 100))
    , m_callsCap(spin(this, 0, 1000))
    , m_recentContact(spin(this, -100, 100))
    , m_halfLife(new QDoubleSpinBox(this))
    , m_warmFrom(spin(this, 0, 1000))
    , m_hotFrom(spin(this, 0, 1000))
    , m_maximum(spin(this, 0, 1000))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("scoreWeightsDialog"));
    setWindowTitle(tr("Lead score weights"));
    m_points->setObjectName(QStringLiteral("scoreWeightsTable"));
    m_points->setHorizontalHeaderLabels({tr("Kind"), tr("Value"), tr("Points")});
    m_points->horizontalHeader()->setSectionResizeMode(Value, QHeaderView::Stretch);
    m_points->verticalHeader()->hide();
    m_points->setTabKeyNavigation(false);
    m_points->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_points->setSelectionMode(QAbstractItemView::SingleSelection);
    m_points->setEditTriggers(QAbstractItemView::AnyKeyPressed | QAbstractItemView::EditKeyPressed
                              | QAbstractItemView::DoubleClicked);
    for (const char *kind : kinds)
        m_newKind->addItem(kindLabel(QLatin1String(kind)), QLatin1String(kind));
    m_newKind->setAccessibleName(tr("Kind of the new row"));
    m_halfLife->setRange(0, 3650);
    m_halfLife->setDecimals(1);
    m_halfLife->setSuffix(tr(" days"));
    m_status->setWordWrap(true);

    auto *pointsLabel = new QLabel(tr("&Points for what a lead is (the best title word counts):"),
                                   this);
    pointsLabel->setBuddy(m_points);
    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_newKind);
    rowButtons->addWidget(m_addRow);
    rowButtons->addWidget(m_removeRow);
    rowButtons->addStretch();

    auto *form = new QFormLayout;
    const auto row = [&](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, this);
        label->setBuddy(field);
        form->addRow(label, field);
    };
    row(tr("Points per &connected call:"), m_connectedCall);
    row(tr("At most, from &calls:"), m_callsCap);
    row(tr("Points for a contact &today:"), m_recentContact);
    row(tr("Calls and contacts &halve every:"), m_halfLife);
    row(tr("&Warm (温) from:"), m_warmFrom);
    row(tr("H&ot (热) from:"), m_hotFrom);
    row(tr("&Maximum score:"), m_maximum);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pointsLabel);
    layout->addWidget(m_points, 1);
    layout->addLayout(rowButtons);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_addRow, &QPushButton::clicked, this, [this] {
        addRow(m_newKind->currentData().toString(), {}, 10);
        m_points->setCurrentCell(m_points->rowCount() - 1, Value);
        m_points->setFocus();
        m_points->editItem(m_points->currentItem());
    });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        if (m_points->currentRow() >= 0)
            m_points->removeRow(m_points->currentRow());
        m_points->setFocus();
    });
    auto *remove = new QAction(this);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, m_removeRow, &QPushButton::click);
    m_points->addAction(remove);
    auto *saveKey = new QAction(this);
    saveKey->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    connect(saveKey, &QAction::triggered, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Save)->isEnabled() && save())
            accept();
    });
    addAction(saveKey);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const ScoreWeights stored = m_runner.weights();
    showWeights(stored);
    if (!editable) {
        m_points->setEditTriggers(QAbstractItemView::NoEditTriggers);
        for (QWidget *widget : std::initializer_list<QWidget *>{
                 m_newKind, m_addRow, m_removeRow, m_connectedCall, m_callsCap, m_recentContact,
                 m_halfLife, m_warmFrom, m_hotFrom, m_maximum,
                 m_buttons->button(QDialogButtonBox::Save)}) {
            widget->setEnabled(false);
        }
        showStatus(tr("Only supervisors and administrators change the weights."), false);
    } else {
        showStatus(tr("Saving rescores every customer at once; other computers follow at their "
                      "next sync."),
                   false);
    }
    m_points->setFocus();
    if (m_points->rowCount() > 0)
        m_points->setCurrentCell(0, Value);
    resize(640, 720);
}

void ScoreWeightsDialog::addRow(const QString &kind, const QString &value, int points)
{
    const int rowIndex = m_points->rowCount();
    m_points->insertRow(rowIndex);
    auto *kindItem = new QTableWidgetItem(kindLabel(kind));
    kindItem->setData(Qt::UserRole, kind);
    kindItem->setFlags(kindItem->flags() & ~Qt::ItemIsEditable);
    m_points->setItem(rowIndex, Kind, kindItem);
    m_points->setItem(rowIndex, Value, new QTableWidgetItem(value));
    auto *pointsItem = new QTableWidgetItem;
    pointsItem->setData(Qt::EditRole, points);
    m_points->setItem(rowIndex, Points, pointsItem);
}

void ScoreWeightsDialog::showWeights(const ScoreWeights &weights)
{
    m_points->setRowCount(0);
    ScoreWeights copy = weights;
    for (const char *kind : kinds) {
        const QHash<QString, int> &points = section(copy, QLatin1String(kind));
        QStringList values = points.keys();
        std::sort(values.begin(), values.end());
        for (const QString &value : std::as_const(values))
            addRow(QLatin1String(kind), value, points.value(value));
    }
    m_points->resizeColumnToContents(Kind);
    m_connectedCall->setValue(weights.connectedCall);
    m_callsCap->setValue(weights.connectedCallsCap);
    m_recentContact->setValue(weights.recentContact);
    m_halfLife->setValue(weights.halfLifeDays);
    m_warmFrom->setValue(weights.warmFrom);
    m_hotFrom->setValue(weights.hotFrom);
    m_maximum->setValue(weights.maximum);
}

ScoreWeights ScoreWeightsDialog::editedWeights() const
{
    ScoreWeights weights;
    for (int r = 0; r < m_points->rowCount(); ++r) {
        const QString kind = m_points->item(r, Kind)->data(Qt::UserRole).toString();
        const QString value = m_points->item(r, Value)->text().trimmed();
        section(weights, kind).insert(value, m_points->item(r, Points)->data(Qt::EditRole).toInt());
    }
    weights.connectedCall = m_connectedCall->value();
    weights.connectedCallsCap = m_callsCap->value();
    weights.recentContact = m_recentContact->value();
    weights.halfLifeDays = m_halfLife->value();
    weights.warmFrom = m_warmFrom->value();
    weights.hotFrom = m_hotFrom->value();
    weights.maximum = m_maximum->value();
    return weights;
}

bool ScoreWeightsDialog::save()
{
    // A cell still being edited (Ctrl+S from inside it) keeps what was typed: leaving the
    // editor commits it.
    if (m_points->viewport()->isAncestorOf(QApplication::focusWidget()))
        m_buttons->button(QDialogButtonBox::Save)->setFocus();
    for (int r = 0; r < m_points->rowCount(); ++r) {
        bool number = false;
        m_points->item(r, Points)->data(Qt::EditRole).toString().toInt(&number);
        if (!number || m_points->item(r, Value)->text().trimmed().isEmpty()) {
            m_points->setCurrentCell(r, number ? Value : Points);
            m_points->setFocus();
            showStatus(tr("Row %1 needs a value to match and whole points.").arg(r + 1), true);
            return false;
        }
    }
    const ScoreWeights weights = editedWeights();
    if (const QString problem = weights.problem(); !problem.isEmpty()) {
        showStatus(problem, true);
        return false;
    }
    auto saved = m_runner.saveWeights(weights);
    if (!saved) {
        showStatus(saved.message(), true);
        return false;
    }
    m_rescored = *saved;
    return true;
}

void ScoreWeightsDialog::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    markError(m_status, error);
}

} // namespace Leadline::Ui
