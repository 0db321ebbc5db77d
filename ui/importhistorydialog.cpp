#include "importhistorydialog.h"

#include "errorstyle.h"

#include "core/storage/changebus.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Leadline::Ui {

ImportHistoryDialog::ImportHistoryDialog(const Services &services, QWidget *parent)
    : QDialog(parent)
    , m_services(services)
    , m_table(new QTableWidget(this))
    , m_status(new QLabel(this))
    , m_undo(new QPushButton(this))
    , m_close(new QPushButton(this))
{
    setObjectName(QStringLiteral("importHistory"));
    m_table->setObjectName(QStringLiteral("importBatches"));
    m_table->setColumnCount(ColumnCount);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_status->setWordWrap(true);
    m_undo->setObjectName(QStringLiteral("undoImport"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_undo, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(m_undo, &QPushButton::clicked, this, &ImportHistoryDialog::confirmUndo);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_table, &QTableWidget::currentCellChanged, this, &ImportHistoryDialog::updateButtons);
    retranslateUi();
    reload();
    resize(960, 460);
}

void ImportHistoryDialog::retranslateUi()
{
    setWindowTitle(tr("Import history"));
    m_table->setHorizontalHeaderLabels({tr("Date"), tr("File"), tr("Tag"), tr("Imported"),
                                        tr("Updated"), tr("Skipped"), tr("Failed"), tr("By"),
                                        tr("Undone")});
    m_undo->setText(tr("&Undo import…"));
    m_close->setText(tr("&Close"));
}

void ImportHistoryDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        reload();
    }
    QDialog::changeEvent(event);
}

void ImportHistoryDialog::reload()
{
    const QString selected = selectedBatch();
    m_table->setRowCount(0);
    m_batches.clear();
    const auto batches = m_services.importUndo->batches();
    if (!batches) {
        m_status->setText(batches.message());
        markError(m_status);
        updateButtons();
        return;
    }
    m_batches = *batches;
    const QLocale locale;
    m_table->setRowCount(int(m_batches.size()));
    for (int row = 0; row < m_batches.size(); ++row) {
        const ImportBatch &batch = m_batches.at(row);
        auto set = [&](int column, const QString &text, bool number = false) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(text);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        };
        set(DateColumn, locale.toString(QDateTime::fromMSecsSinceEpoch(batch.createdAt), QLocale::ShortFormat));
        set(FileColumn, batch.fileName);
        set(TagColumn, batch.tag);
        set(ImportedColumn, locale.toString(batch.imported), true);
        set(UpdatedColumn, locale.toString(batch.updated), true);
        set(SkippedColumn, locale.toString(batch.skipped), true);
        set(FailedColumn, locale.toString(batch.failed), true);
        set(ByColumn, batch.createdBy);
        set(UndoneColumn, batch.undoneAt ? locale.toString(QDateTime::fromMSecsSinceEpoch(batch.undoneAt),
                                                           QLocale::ShortFormat)
                                         : QString());
        if (batch.id == selected)
            m_table->setCurrentCell(row, 0);
    }
    m_table->resizeColumnsToContents();
    if (m_table->currentRow() < 0 && m_table->rowCount() > 0)
        m_table->setCurrentCell(0, 0);
    if (m_batches.isEmpty())
        m_status->setText(tr("No lead list was imported into this workspace yet."));
    updateButtons();
}

QString ImportHistoryDialog::selectedBatch() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_batches.size() ? m_batches.at(row).id : QString();
}

void ImportHistoryDialog::updateButtons()
{
    const int row = m_table->currentRow();
    m_undo->setEnabled(row >= 0 && row < m_batches.size() && m_batches.at(row).undoneAt == 0);
}

QString ImportHistoryDialog::status() const
{
    return m_status->text();
}

QString ImportHistoryDialog::undoQuestion() const
{
    const QString batch = selectedBatch();
    if (batch.isEmpty())
        return {};
    const auto preview = m_services.importUndo->preview(batch);
    if (!preview)
        return preview.message();
    QString text = tr("Undoing this import removes %n customer(s) it created", nullptr, preview->removed)
                   + QLatin1Char(' ')
                   + tr("and restores %n customer(s) it updated to their fields before the import.",
                        nullptr, preview->restored);
    if (!preview->editedSince.isEmpty()) {
        QStringList lines;
        for (const UndoSkip &skip : preview->editedSince)
            lines.append(tr("Row %1: %2").arg(skip.row).arg(skip.name));
        if (lines.size() > 20) {
            const qsizetype more = lines.size() - 20;
            lines = lines.mid(0, 20);
            lines.append(tr("… and %n more", nullptr, int(more)));
        }
        text += QStringLiteral("\n\n")
                + tr("%n record(s) were edited since the import and are left as they are:", nullptr,
                     int(preview->editedSince.size()))
                + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    }
    return text;
}

Result<UndoReport> ImportHistoryDialog::undoSelected()
{
    const QString batch = selectedBatch();
    if (batch.isEmpty())
        return Error{tr("Select an import first.")};
    const auto undone = m_services.importUndo->undo(batch);
    if (!undone) {
        m_status->setText(undone.message());
        markError(m_status);
        return undone;
    }
    markError(m_status, false);
    QString text = tr("Removed %1 customers, restored %2.").arg(undone->removed).arg(undone->restored);
    if (!undone->editedSince.isEmpty())
        text += QLatin1Char(' ') + tr("%n record(s) edited since were left as they are.", nullptr,
                                      int(undone->editedSince.size()));
    reload();
    m_status->setText(text);
    return undone;
}

void ImportHistoryDialog::confirmUndo()
{
    const QString question = undoQuestion();
    if (question.isEmpty())
        return;
    QMessageBox box(QMessageBox::Question, tr("Undo import"), question,
                    QMessageBox::Yes | QMessageBox::No, this);
    box.button(QMessageBox::Yes)->setText(tr("&Undo import"));
    box.button(QMessageBox::No)->setText(tr("&Keep it"));
    box.setDefaultButton(QMessageBox::No);
    if (box.exec() == QMessageBox::Yes)
        (void)undoSelected();
}

} // namespace Leadline::Ui
