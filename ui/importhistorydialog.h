#pragma once

#include "services.h"

#include "core/importexport/importundo.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Leadline::Ui {

/// The import batches of this workspace (date, file, tag, counts, who) and Undo for one: it
/// first says what it will remove and restore and which records were edited since (those are
/// left as they are), then undoes the batch through ImportUndo.
class ImportHistoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportHistoryDialog)

public:
    enum Column { DateColumn, FileColumn, TagColumn, ImportedColumn, UpdatedColumn, SkippedColumn,
                  FailedColumn, ByColumn, UndoneColumn, ColumnCount };

    ImportHistoryDialog(const Services &services, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    /// Reads the batches again.
    void reload();
    /// The text the confirmation shows before undoing the selected batch (empty: none selected).
    QString undoQuestion() const;
    /// Undoes the selected batch without asking (the Undo button asks first); returns the result
    /// line shown under the list.
    Result<UndoReport> undoSelected();
    QString status() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void confirmUndo();
    QString selectedBatch() const;
    void updateButtons();

    Services m_services;
    QList<ImportBatch> m_batches;
    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_undo;
    QPushButton *m_close;
};

} // namespace Leadline::Ui
