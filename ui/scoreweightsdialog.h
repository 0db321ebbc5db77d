#pragma once

#include "core/rules/scoreweights.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Leadline {
class RuleRunner;
} // namespace Leadline

namespace Leadline::Ui {

/// The lead score's weights, decay and thresholds, for supervisors (opened from the rules tab):
/// a table of points per industry, region, title word, intent and stage, the call and contact
/// points with their half-life, and the 温/热 thresholds. Saving stores them (synced) and
/// rescores every customer. Keyboard: the table edits with F2 or typing; Alt+A adds a row of
/// the kind chosen beside it, Delete removes the current row; Ctrl+S saves, Esc cancels.
class ScoreWeightsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScoreWeightsDialog)

public:
    ScoreWeightsDialog(RuleRunner &runner, bool editable, QWidget *parent = nullptr);

    /// The weights as the form holds them.
    ScoreWeights editedWeights() const;
    /// Checks, stores and rescores; false (with the reason shown) when refused.
    bool save();
    /// How many customers the last save rescored.
    int rescored() const { return m_rescored; }

private:
    void showWeights(const ScoreWeights &weights);
    void addRow(const QString &kind, const QString &value, int points);
    void showStatus(const QString &text, bool error);

    RuleRunner &m_runner;
    int m_rescored = 0;
    QTableWidget *m_points;
    QComboBox *m_newKind;
    QPushButton *m_addRow;
    QPushButton *m_removeRow;
    QSpinBox *m_connectedCall;
    QSpinBox *m_callsCap;
    QSpinBox *m_recentContact;
    QDoubleSpinBox *m_halfLife;
    QSpinBox *m_warmFrom;
    QSpinBox *m_hotFrom;
    QSpinBox *m_maximum;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace Leadline::Ui
