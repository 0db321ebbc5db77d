#pragma once

#include "services.h"

#include "core/importexport/importer.h"

#include <QThread>
#include <QWizard>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace Leadline {
class ImportWorker;
}

namespace Leadline::Ui {

/// Imports a lead list (§2.8): file, sheet and encoding, header row → column-to-field mapping
/// (guessed from the field catalogue's synonyms, remembered per header set) with a preview of
/// the rows as they will be stored → a dry run with the rows behind each count and the
/// duplicate policy → assignment and batch tag → the import on a worker thread with its own
/// workspace connection, a progress bar and Cancel → what was imported, updated, skipped and
/// failed, the failed rows savable as CSV with an error column. The Importer does the work.
class ImportWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportWizard)

public:
    enum Page { FilePage, MappingPage, CheckPage, OptionsPage, RunPage };
    /// The dry run's counts, in the order the check page lists them.
    enum Count { NewCount, UpdateCount, InFileCount, ExistingCount, InvalidCount, CountCount };

    ImportWizard(const Services &services, QWidget *parent = nullptr);
    ~ImportWizard() override;

    /// Fills in the file (as typing it does).
    void setFilePath(const QString &path);
    /// Rows per transaction (tests make it small to cancel between batches).
    void setBatchSize(int rows) { m_batchSize = rows; }
    /// Writes the failed rows with an error column (UTF-8 with BOM).
    Status saveFailedRows(const QString &path) const;

    /// What the page widgets hold, for tests and screenshots.
    QString detectedEncoding() const { return m_detectedEncoding; }
    QStringList mappedFields() const;
    QTableWidget *countsTable() const { return m_counts; }
    QTableWidget *countRowsTable() const { return m_countRows; }
    QTableWidget *storedPreview() const { return m_stored; }
    QTableWidget *mappingTable() const { return m_mapping; }
    QTableWidget *failedTable() const { return m_failed; }
    const ImportReport &dryRun() const { return m_dryRun; }
    const ImportReport &result() const { return m_result; }
    bool isChecking() const { return m_checking; }
    bool isRunning() const { return m_running; }
    bool isDone() const { return m_done; }
    QString lastError() const { return m_error; }

    void reject() override;

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;
    void changeEvent(QEvent *event) override;

private:
    QWizardPage *createFilePage();
    QWizardPage *createMappingPage();
    QWizardPage *createCheckPage();
    QWizardPage *createOptionsPage();
    QWizardPage *createRunPage();
    void retranslateUi();

    bool isXlsx() const;
    /// The file's rows up to lastRow (row number, cells), as the reader gives them.
    Result<QList<QPair<int, QStringList>>> readRows(int lastRow) const;
    void loadFile();
    void showRawPreview();
    void showMapping(const ImportMapping &mapping);
    void showStoredPreview();
    ImportMapping currentMapping() const;
    ImportOptions options() const;
    void startDryRun();
    void showCounts();
    void showCountRows(int count);
    void startImport();
    void onProgress(int permille);
    void onFinished(const Leadline::ImportReport &report);
    void onFailed(const QString &message);
    void onMappingRecalled(const QStringList &headers, const QStringList &fields);
    void saveFailedRowsAs();
    void setPageError(QLabel *label, const QString &message);

    Services m_services;
    QThread m_thread;
    ImportWorker *m_worker;
    int m_batchSize = 5000;

    // File page.
    QLabel *m_pathLabel = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_sheetLabel = nullptr;
    QComboBox *m_sheet = nullptr;
    QLabel *m_encodingLabel = nullptr;
    QComboBox *m_encoding = nullptr;
    QLabel *m_headerRowLabel = nullptr;
    QSpinBox *m_headerRow = nullptr;
    QLabel *m_rawLabel = nullptr;
    QTableWidget *m_raw = nullptr;
    QLabel *m_fileError = nullptr;
    QString m_loadedPath;
    QString m_detectedEncoding;
    QList<QPair<int, QStringList>> m_firstRows; ///< header row and a few rows after it
    QStringList m_headers;

    // Mapping page.
    QLabel *m_mappingLabel = nullptr;
    QTableWidget *m_mapping = nullptr;
    QLabel *m_storedLabel = nullptr;
    QTableWidget *m_stored = nullptr;

    // Check page.
    QLabel *m_policyLabel = nullptr;
    QComboBox *m_policy = nullptr;
    QLabel *m_checkStatus = nullptr;
    QTableWidget *m_counts = nullptr;
    QLabel *m_countRowsLabel = nullptr;
    QTableWidget *m_countRows = nullptr;
    ImportReport m_dryRun;
    bool m_checking = false;
    bool m_checked = false;

    // Options page.
    QLabel *m_assignLabel = nullptr;
    QButtonGroup *m_assignment = nullptr;
    QRadioButton *m_fromFile = nullptr;
    QRadioButton *m_toOwner = nullptr;
    QComboBox *m_owner = nullptr;
    QRadioButton *m_roundRobin = nullptr;
    QComboBox *m_team = nullptr;
    QRadioButton *m_toPool = nullptr;
    QLabel *m_tagLabel = nullptr;
    QLineEdit *m_tag = nullptr;

    // Run page.
    QLabel *m_runStatus = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelRun = nullptr;
    QTableWidget *m_failed = nullptr;
    QPushButton *m_saveFailed = nullptr;
    ImportReport m_result;
    bool m_running = false;
    bool m_done = false;
    QString m_error;
};

} // namespace Leadline::Ui
