#pragma once

#include "core/sync/conflictlog.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace Leadline::Ui {

class ConflictsModel;

/// The conflicts this client lost, one per row: keep theirs (the record already has it) or keep
/// mine (write my replaced value back).
class ConflictsView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConflictsView)

public:
    /// The display name of a synced field (customers.intent → "Intent level").
    static QString fieldLabel(const QString &table, const QString &field);
    explicit ConflictsView(ConflictLog &log, QWidget *parent = nullptr);

    void reload();

signals:
    /// A conflict was resolved (the status bar count changes).
    void conflictResolved();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onKeepMine();
    void onKeepTheirs();
    void onSelectionChanged();
    qint64 selectedId() const;

    ConflictLog &m_log;
    ConflictsModel *m_model;
    QLabel *m_intro;
    QTableView *m_table;
    QPushButton *m_keepMine;
    QPushButton *m_keepTheirs;
    QLabel *m_error;
    QLabel *m_rejectedIntro;
    QTableWidget *m_rejected;
};

} // namespace Leadline::Ui
