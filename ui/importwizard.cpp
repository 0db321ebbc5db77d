#include "importwizard.h"

#include "errorstyle.h"

#include "core/domain/fieldcatalogue.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/importexport/csvreader.h"
#include "core/importexport/importrowbuilder.h"
#include "core/importexport/importworker.h"
#include "core/importexport/tablereader.h"
#include "core/importexport/xlsxreader.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/storage/changebus.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

namespace Leadline::Ui {

namespace {

/// A page whose Next button follows a condition the wizard states.
class CheckedPage final : public QWizardPage
{
public:
    explicit CheckedPage(std::function<bool()> complete)
        : m_complete(std::move(complete))
    {}
    bool isComplete() const override { return m_complete(); }
    void update() { emit completeChanged(); }

private:
    std::function<bool()> m_complete;
};

constexpr int rawRows = 8;      ///< rows the file page shows as they are in the file
constexpr int previewRows = 5;  ///< rows the mapping page shows as they will be stored
constexpr int rowsShown = 200;  ///< rows listed behind a count

QTableWidget *newTable(QWidget *parent)
{
    auto *table = new QTableWidget(parent);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setWordWrap(false);
    return table;
}

QTableWidgetItem *item(const QString &text)
{
    auto *cell = new QTableWidgetItem(text);
    cell->setToolTip(text);
    return cell;
}

// A row's cells as a table row after the row number and the error.
void fillRow(QTableWidget *table, int row, int number, const QString &error, const QStringList &cells)
{
    table->setVerticalHeaderItem(row, new QTableWidgetItem(QString::number(number)));
    table->setItem(row, 0, item(QString::number(number)));
    table->setItem(row, 1, item(error));
    for (int i = 0; i < cells.size() && i + 2 < table->columnCount(); ++i)
        table->setItem(row, i + 2, item(cells.at(i)));
}

} // namespace

ImportWizard::ImportWizard(const Services &services, QWidget *parent)
    : QWizard(parent)
    , m_services(services)
    , m_worker(new ImportWorker(services.workspacePath, services.clock))
{
    qRegisterMetaType<ImportReport>();
    qRegisterMetaType<ImportRequest>();
    setObjectName(QStringLiteral("importWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setOption(QWizard::HaveHelpButton, false);

    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ImportWorker::progress, this, &ImportWizard::onProgress);
    connect(m_worker, &ImportWorker::finished, this, &ImportWizard::onFinished);
    connect(m_worker, &ImportWorker::failed, this, &ImportWizard::onFailed);
    connect(m_worker, &ImportWorker::mappingRecalled, this, &ImportWizard::onMappingRecalled);
    m_thread.setObjectName(QStringLiteral("import"));
    m_thread.start();

    setPage(FilePage, createFilePage());
    setPage(MappingPage, createMappingPage());
    setPage(CheckPage, createCheckPage());
    setPage(OptionsPage, createOptionsPage());
    setPage(RunPage, createRunPage());
    retranslateUi();
    resize(980, 640);
}

ImportWizard::~ImportWizard()
{
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
}

QWizardPage *ImportWizard::createFilePage()
{
    auto *page = new CheckedPage([this] { return !m_headers.isEmpty() && m_fileError->text().isEmpty(); });
    m_path = new QLineEdit(page);
    m_path->setObjectName(QStringLiteral("importPath"));
    m_browse = new QPushButton(page);
    m_sheet = new QComboBox(page);
    m_sheet->setObjectName(QStringLiteral("importSheet"));
    m_encoding = new QComboBox(page);
    m_encoding->setObjectName(QStringLiteral("importEncoding"));
    m_headerRow = new QSpinBox(page);
    m_headerRow->setObjectName(QStringLiteral("importHeaderRow"));
    m_headerRow->setRange(1, 1000);
    m_raw = newTable(page);
    m_raw->setObjectName(QStringLiteral("importRawPreview"));
    m_raw->setFocusPolicy(Qt::NoFocus);
    m_fileError = new QLabel(page);
    m_fileError->setWordWrap(true);
    markError(m_fileError);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    m_pathLabel = new QLabel(page);
    m_pathLabel->setBuddy(m_path);
    form->addRow(m_pathLabel, pathRow);
    m_sheetLabel = new QLabel(page);
    m_sheetLabel->setBuddy(m_sheet);
    form->addRow(m_sheetLabel, m_sheet);
    m_encodingLabel = new QLabel(page);
    m_encodingLabel->setBuddy(m_encoding);
    form->addRow(m_encodingLabel, m_encoding);
    m_headerRowLabel = new QLabel(page);
    m_headerRowLabel->setBuddy(m_headerRow);
    form->addRow(m_headerRowLabel, m_headerRow);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    m_rawLabel = new QLabel(page);
    layout->addWidget(m_rawLabel);
    layout->addWidget(m_raw, 1);
    layout->addWidget(m_fileError);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import leads"), QFileInfo(m_path->text()).absolutePath(),
            tr("Lead lists (*.xlsx *.csv *.txt);;All files (*)"));
        if (!path.isEmpty())
            setFilePath(path);
    });
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        if (QFileInfo(m_path->text()).isFile())
            loadFile();
    });
    connect(m_sheet, &QComboBox::activated, this, [this] { showRawPreview(); });
    connect(m_encoding, &QComboBox::activated, this, [this] { showRawPreview(); });
    connect(m_headerRow, &QSpinBox::valueChanged, this, [this] { showRawPreview(); });
    return page;
}

QWizardPage *ImportWizard::createMappingPage()
{
    auto *page = new CheckedPage([] { return true; });
    m_mapping = newTable(page);
    m_mapping->setObjectName(QStringLiteral("importMapping"));
    m_mapping->setColumnCount(3);
    m_mapping->setSelectionMode(QAbstractItemView::NoSelection);
    m_mapping->setFocusPolicy(Qt::NoFocus);
    m_stored = newTable(page);
    m_stored->setObjectName(QStringLiteral("importStoredPreview"));
    m_stored->setFocusPolicy(Qt::NoFocus);
    m_mappingLabel = new QLabel(page);
    m_mappingLabel->setWordWrap(true);
    m_storedLabel = new QLabel(page);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_mappingLabel);
    layout->addWidget(m_mapping, 3);
    layout->addWidget(m_storedLabel);
    layout->addWidget(m_stored, 2);
    return page;
}

QWizardPage *ImportWizard::createCheckPage()
{
    auto *page = new CheckedPage([this] { return m_checked && !m_checking; });
    m_policy = new QComboBox(page);
    m_policy->setObjectName(QStringLiteral("importPolicy"));
    m_policy->addItem(QString(), int(DuplicatePolicy::Skip));
    m_policy->addItem(QString(), int(DuplicatePolicy::Update));
    m_policy->addItem(QString(), int(DuplicatePolicy::Create));
    m_checkStatus = new QLabel(page);
    m_checkStatus->setWordWrap(true);
    m_counts = newTable(page);
    m_counts->setObjectName(QStringLiteral("importCounts"));
    m_counts->setColumnCount(2);
    m_counts->setRowCount(CountCount);
    m_counts->verticalHeader()->hide();
    m_counts->setTabKeyNavigation(false);
    m_countRows = newTable(page);
    m_countRows->setObjectName(QStringLiteral("importCountRows"));
    m_countRows->verticalHeader()->hide();
    m_countRows->setTabKeyNavigation(false);
    m_countRowsLabel = new QLabel(page);
    m_policyLabel = new QLabel(page);
    m_policyLabel->setBuddy(m_policy);

    auto *policyRow = new QHBoxLayout;
    policyRow->addWidget(m_policyLabel);
    policyRow->addWidget(m_policy, 1);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(policyRow);
    layout->addWidget(m_checkStatus);
    layout->addWidget(m_counts, 2);
    layout->addWidget(m_countRowsLabel);
    layout->addWidget(m_countRows, 3);

    connect(m_policy, &QComboBox::activated, this, [this] { startDryRun(); });
    connect(m_counts, &QTableWidget::currentCellChanged, this,
            [this](int row) { showCountRows(row); });
    return page;
}

QWizardPage *ImportWizard::createOptionsPage()
{
    auto *page = new CheckedPage([this] {
        return (!m_toOwner->isChecked() || m_owner->currentIndex() >= 0)
               && (!m_roundRobin->isChecked() || m_team->currentIndex() >= 0);
    });
    page->setCommitPage(true);
    m_assignLabel = new QLabel(page);
    m_assignment = new QButtonGroup(page);
    m_fromFile = new QRadioButton(page);
    m_toOwner = new QRadioButton(page);
    m_roundRobin = new QRadioButton(page);
    m_toPool = new QRadioButton(page);
    m_fromFile->setObjectName(QStringLiteral("assignFromFile"));
    m_toOwner->setObjectName(QStringLiteral("assignOwner"));
    m_roundRobin->setObjectName(QStringLiteral("assignRoundRobin"));
    m_toPool->setObjectName(QStringLiteral("assignPool"));
    m_assignment->addButton(m_fromFile, int(ImportAssignment::Mode::FromFile));
    m_assignment->addButton(m_toOwner, int(ImportAssignment::Mode::Owner));
    m_assignment->addButton(m_roundRobin, int(ImportAssignment::Mode::RoundRobin));
    m_assignment->addButton(m_toPool, int(ImportAssignment::Mode::Pool));
    m_fromFile->setChecked(true);
    m_owner = new QComboBox(page);
    m_owner->setObjectName(QStringLiteral("importOwner"));
    m_team = new QComboBox(page);
    m_team->setObjectName(QStringLiteral("importTeam"));
    if (m_services.reference) {
        if (const auto agents = m_services.reference->agents()) {
            for (const Agent &agent : *agents) {
                if (agent.active)
                    m_owner->addItem(QStringLiteral("%1 (%2)").arg(agent.name, agent.login), agent.login);
            }
        }
        if (const auto teams = m_services.reference->teamNames()) {
            QStringList names = teams->values();
            names.sort(Qt::CaseInsensitive);
            for (const QString &name : std::as_const(names))
                m_team->addItem(name, name);
        }
    }
    m_owner->setEnabled(false);
    m_team->setEnabled(false);
    m_tag = new QLineEdit(page);
    m_tag->setObjectName(QStringLiteral("importTag"));
    m_tagLabel = new QLabel(page);
    m_tagLabel->setBuddy(m_tag);

    auto *grid = new QGridLayout;
    grid->addWidget(m_fromFile, 0, 0, 1, 2);
    grid->addWidget(m_toOwner, 1, 0);
    grid->addWidget(m_owner, 1, 1);
    grid->addWidget(m_roundRobin, 2, 0);
    grid->addWidget(m_team, 2, 1);
    grid->addWidget(m_toPool, 3, 0, 1, 2);
    grid->setColumnStretch(1, 1);
    auto *tagRow = new QHBoxLayout;
    tagRow->addWidget(m_tagLabel);
    tagRow->addWidget(m_tag, 1);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_assignLabel);
    layout->addLayout(grid);
    layout->addSpacing(12);
    layout->addLayout(tagRow);
    layout->addStretch(1);

    connect(m_assignment, &QButtonGroup::idToggled, this, [this, page] {
        m_owner->setEnabled(m_toOwner->isChecked());
        m_team->setEnabled(m_roundRobin->isChecked());
        page->update();
    });
    return page;
}

QWizardPage *ImportWizard::createRunPage()
{
    auto *page = new CheckedPage([this] { return m_done; });
    page->setFinalPage(true);
    m_runStatus = new QLabel(page);
    m_runStatus->setWordWrap(true);
    m_progress = new QProgressBar(page);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 1000);
    m_cancelRun = new QPushButton(page);
    m_cancelRun->setObjectName(QStringLiteral("importCancel"));
    m_failed = newTable(page);
    m_failed->setObjectName(QStringLiteral("importFailed"));
    m_failed->verticalHeader()->hide();
    m_failed->setTabKeyNavigation(false);
    m_saveFailed = new QPushButton(page);
    m_saveFailed->setObjectName(QStringLiteral("importSaveFailed"));
    m_saveFailed->setEnabled(false);

    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelRun);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    saveRow->addWidget(m_saveFailed);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(progressRow);
    layout->addWidget(m_runStatus);
    layout->addWidget(m_failed, 1);
    layout->addLayout(saveRow);

    connect(m_cancelRun, &QPushButton::clicked, this, [this] { reject(); });
    connect(m_saveFailed, &QPushButton::clicked, this, &ImportWizard::saveFailedRowsAs);
    return page;
}

void ImportWizard::retranslateUi()
{
    setWindowTitle(tr("Import leads"));
    setButtonText(QWizard::NextButton, tr("&Next >"));
    setButtonText(QWizard::BackButton, tr("< &Back"));
    setButtonText(QWizard::CommitButton, tr("&Import"));
    setButtonText(QWizard::FinishButton, tr("&Finish"));
    setButtonText(QWizard::CancelButton, tr("Cancel"));

    page(FilePage)->setTitle(tr("File"));
    page(FilePage)->setSubTitle(tr("A lead list saved by Excel or WPS: XLSX, or CSV in any encoding."));
    m_pathLabel->setText(tr("&File:"));
    m_browse->setText(tr("B&rowse…"));
    m_sheetLabel->setText(tr("&Sheet:"));
    m_encodingLabel->setText(tr("&Encoding:"));
    m_headerRowLabel->setText(tr("&Header row:"));
    m_rawLabel->setText(tr("The first rows as they are in the file:"));

    page(MappingPage)->setTitle(tr("Columns"));
    page(MappingPage)->setSubTitle(tr("Which field each column fills. Guessed from the headers; "
                                      "the choice is remembered for lists with the same headers."));
    m_mapping->setHorizontalHeaderLabels({tr("Column"), tr("First value"), tr("Field")});
    m_mappingLabel->setText(tr("Tab to a column's field and choose with the arrow keys."));
    m_storedLabel->setText(tr("The first rows as they will be stored:"));

    page(CheckPage)->setTitle(tr("Check"));
    page(CheckPage)->setSubTitle(tr("A dry run: nothing is written yet. Select a count to see its rows."));
    m_policyLabel->setText(tr("A row matching an existing customer by phone or e-mail:"));
    m_policy->setItemText(0, tr("Skip it"));
    m_policy->setItemText(1, tr("Update the existing customer"));
    m_policy->setItemText(2, tr("Create a new customer anyway"));
    m_counts->setHorizontalHeaderLabels({tr("Rows"), tr("Count")});
    m_countRowsLabel->setText(tr("The rows behind the selected count:"));
    if (m_checked)
        showCounts();

    page(OptionsPage)->setTitle(tr("Owner and tag"));
    page(OptionsPage)->setSubTitle(tr("Who gets the new customers, and the tag that marks this import."));
    m_assignLabel->setText(tr("New customers go to:"));
    m_fromFile->setText(tr("The owner named in the file (else the &pool)"));
    m_toOwner->setText(tr("One o&wner:"));
    m_roundRobin->setText(tr("A &team, in turn:"));
    m_toPool->setText(tr("The lead p&ool"));
    m_tagLabel->setText(tr("Batch t&ag:"));

    page(RunPage)->setTitle(tr("Import"));
    page(RunPage)->setSubTitle(tr("The rows are written in batches; a cancelled import keeps the "
                                  "batches written, which Import history can undo."));
    m_cancelRun->setText(tr("Cancel import"));
    m_saveFailed->setText(tr("&Save failed rows…"));
}

void ImportWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizard::changeEvent(event);
}

void ImportWizard::setFilePath(const QString &path)
{
    m_path->setText(path);
    loadFile();
}

bool ImportWizard::isXlsx() const
{
    return m_path->text().endsWith(QLatin1String(".xlsx"), Qt::CaseInsensitive);
}

Result<QList<QPair<int, QStringList>>> ImportWizard::readRows(int lastRow) const
{
    auto reader = TableReader::open(m_path->text(), isXlsx() ? m_sheet->currentText() : QString(),
                                    isXlsx() ? QString() : m_encoding->currentData().toString());
    if (!reader)
        return reader.error();
    QList<QPair<int, QStringList>> rows;
    QStringList cells;
    while (reader.value()->next(cells)) {
        const int number = reader.value()->rowNumber();
        if (number > lastRow)
            break;
        rows.append({number, cells});
    }
    if (const auto error = reader.value()->error(); error && rows.isEmpty())
        return *error;
    return rows;
}

void ImportWizard::loadFile()
{
    const QString path = m_path->text();
    if (path == m_loadedPath)
        return;
    m_loadedPath = path;
    m_sheet->clear();
    m_encoding->clear();
    m_detectedEncoding.clear();
    if (isXlsx()) {
        if (const auto sheets = XlsxReader::sheetNames(path))
            m_sheet->addItems(*sheets);
    } else if (const auto csv = CsvReader::open(path)) {
        m_detectedEncoding = csv.value()->format().encoding;
    }
    m_sheet->setEnabled(isXlsx());
    m_encoding->setEnabled(!isXlsx());
    if (!isXlsx()) {
        m_encoding->addItem(tr("%1 (detected)").arg(m_detectedEncoding), QString());
        for (const char *name : {"UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", "Big5", "ISO-8859-1"}) {
            if (QLatin1String(name) != m_detectedEncoding)
                m_encoding->addItem(QLatin1String(name), QLatin1String(name));
        }
    }
    showRawPreview();
}

void ImportWizard::showRawPreview()
{
    m_headers.clear();
    m_firstRows.clear();
    m_raw->clear();
    m_raw->setRowCount(0);
    setPageError(m_fileError, {});
    m_checked = false;
    const int headerRow = m_headerRow->value();
    const auto rows = readRows(qMax(rawRows, headerRow + previewRows));
    if (!rows) {
        setPageError(m_fileError, rows.message());
    } else {
        int columns = 0;
        for (const auto &row : *rows)
            columns = qMax(columns, int(row.second.size()));
        m_raw->setColumnCount(columns);
        int shown = 0;
        for (const auto &row : *rows) {
            if (row.first == headerRow) {
                for (const QString &cell : row.second)
                    m_headers.append(cell.trimmed());
            }
            if (row.first >= headerRow)
                m_firstRows.append(row);
            if (row.first > qMax(rawRows, headerRow))
                continue;
            m_raw->insertRow(shown);
            m_raw->setVerticalHeaderItem(shown, new QTableWidgetItem(QString::number(row.first)));
            for (int i = 0; i < row.second.size(); ++i) {
                QTableWidgetItem *cell = item(row.second.at(i));
                if (row.first == headerRow) {
                    QFont font = cell->font();
                    font.setBold(true);
                    cell->setFont(font);
                }
                m_raw->setItem(shown, i, cell);
            }
            ++shown;
        }
        if (m_headers.isEmpty())
            setPageError(m_fileError, tr("The file has no row %1 to take the headers from.").arg(headerRow));
    }
    static_cast<CheckedPage *>(page(FilePage))->update();
}

void ImportWizard::initializePage(int id)
{
    switch (id) {
    case MappingPage:
        showMapping(ImportMapping::guess(m_headers));
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, headers = m_headers] {
            worker->recall(headers);
        }, Qt::QueuedConnection);
        break;
    case CheckPage:
        startDryRun();
        break;
    case OptionsPage:
        if (m_tag->text().isEmpty()) {
            m_tag->setText(QStringLiteral("%1 %2").arg(QFileInfo(m_path->text()).completeBaseName(),
                                                       QDate::currentDate().toString(Qt::ISODate)));
        }
        break;
    case RunPage:
        startImport();
        break;
    default:
        break;
    }
    QWizard::initializePage(id);
}

bool ImportWizard::validateCurrentPage()
{
    if (currentId() == CheckPage && (m_checking || !m_checked))
        return false;
    return QWizard::validateCurrentPage();
}

void ImportWizard::showMapping(const ImportMapping &mapping)
{
    const QStringList fields = ImportMapping::importableFields();
    m_mapping->setRowCount(int(m_headers.size()));
    const QStringList first = m_firstRows.size() > 1 ? m_firstRows.at(1).second : QStringList();
    for (int column = 0; column < m_headers.size(); ++column) {
        m_mapping->setItem(column, 0, item(m_headers.at(column)));
        m_mapping->setItem(column, 1, item(first.value(column)));
        auto *combo = new QComboBox(m_mapping);
        combo->setObjectName(QStringLiteral("field%1").arg(column));
        combo->addItem(tr("(leave out)"), QString());
        for (const QString &key : fields) {
            const FieldDefinition *field = FieldCatalogue::field(key);
            combo->addItem(field ? field->label() : key, key);
        }
        combo->setCurrentIndex(qMax(0, combo->findData(mapping.fields.value(column))));
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { showStoredPreview(); });
        m_mapping->setCellWidget(column, 2, combo);
    }
    m_mapping->resizeColumnToContents(0);
    m_mapping->setColumnWidth(0, qMin(m_mapping->columnWidth(0), 260));
    m_mapping->setColumnWidth(1, 240);
    if (auto *firstCombo = m_mapping->cellWidget(0, 2))
        firstCombo->setFocus();
    showStoredPreview();
}

void ImportWizard::onMappingRecalled(const QStringList &headers, const QStringList &fields)
{
    if (headers != m_headers || currentId() != MappingPage || fields == mappedFields())
        return;
    showMapping(ImportMapping{fields});
}

QStringList ImportWizard::mappedFields() const
{
    return currentMapping().fields;
}

ImportMapping ImportWizard::currentMapping() const
{
    ImportMapping mapping;
    for (int column = 0; column < m_mapping->rowCount(); ++column) {
        const auto *combo = qobject_cast<QComboBox *>(m_mapping->cellWidget(column, 2));
        mapping.fields.append(combo ? combo->currentData().toString() : QString());
    }
    return mapping;
}

void ImportWizard::showStoredPreview()
{
    m_checked = false;
    const ImportMapping mapping = currentMapping();
    QStringList keys;
    for (const QString &key : mapping.fields) {
        if (!key.isEmpty() && !keys.contains(key))
            keys.append(key);
    }
    QHash<QString, QString> agents; // login and name → id, as the importer matches owners
    QHash<QString, QString> names;  // id → name, to show the owner
    if (m_services.reference) {
        if (const auto all = m_services.reference->agents()) {
            for (const Agent &agent : *all) {
                agents.insert(agent.login.toCaseFolded(), agent.id);
                agents.insert(agent.name.toCaseFolded(), agent.id);
                names.insert(agent.id, agent.name);
            }
        }
    }
    const ImportRowBuilder builder(mapping, agents);
    QStringList header;
    for (const QString &key : std::as_const(keys)) {
        const FieldDefinition *field = FieldCatalogue::field(key);
        header.append(field ? field->label() : key);
    }
    header.append(tr("Problem"));
    m_stored->clear();
    m_stored->setColumnCount(int(header.size()));
    m_stored->setHorizontalHeaderLabels(header);
    m_stored->setRowCount(0);
    for (int i = 1; i < m_firstRows.size() && m_stored->rowCount() < previewRows; ++i) {
        const ImportedRow row = builder.build(m_firstRows.at(i).second);
        if (row.blank)
            continue;
        const int r = m_stored->rowCount();
        m_stored->insertRow(r);
        m_stored->setVerticalHeaderItem(r, new QTableWidgetItem(QString::number(m_firstRows.at(i).first)));
        const Customer &customer = row.customer;
        const Contact contact = customer.contacts.value(0);
        for (int c = 0; c < keys.size(); ++c) {
            const QString &key = keys.at(c);
            QString text;
            if (key == QLatin1String("phone")) {
                QStringList phones;
                for (const Contact &each : customer.contacts) {
                    for (const ContactPhone &phone : each.phones)
                        phones.append(PhoneNumbers::display(phone.e164));
                }
                text = phones.join(QStringLiteral("; "));
            } else if (key == QLatin1String("notes")) {
                text = row.note;
            } else if (key == QLatin1String("contact_name")) {
                text = contact.name;
            } else if (key == QLatin1String("contact_title")) {
                text = contact.title;
            } else if (key == QLatin1String("contact_email")) {
                text = contact.email;
            } else if (key == QLatin1String("owner")) {
                text = customer.ownerId.isEmpty() ? tr("Pool") : names.value(customer.ownerId);
            } else if (key == QLatin1String("stage") || key == QLatin1String("intent")) {
                text = Vocabulary::label(FieldCatalogue::customerValue(customer, key).toString());
            } else if (key == QLatin1String("tags")) {
                text = customer.tags.join(QStringLiteral(", "));
            } else {
                const QVariant value = FieldCatalogue::customerValue(customer, key);
                if (key == QLatin1String("created_at") && !value.isNull())
                    text = QDateTime::fromMSecsSinceEpoch(value.toLongLong()).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
                else
                    text = value.toString();
            }
            m_stored->setItem(r, c, item(text));
        }
        m_stored->setItem(r, int(keys.size()), item(row.errorText()));
    }
}

ImportOptions ImportWizard::options() const
{
    ImportOptions options;
    options.headerRow = m_headerRow->value();
    options.mapping = currentMapping();
    options.onDuplicate = DuplicatePolicy(m_policy->currentData().toInt());
    options.assignment.mode = ImportAssignment::Mode(m_assignment->checkedId());
    if (m_toOwner->isChecked())
        options.assignment.value = m_owner->currentData().toString();
    else if (m_roundRobin->isChecked())
        options.assignment.value = m_team->currentData().toString();
    options.tag = m_tag->text().trimmed();
    options.fileName = QFileInfo(m_path->text()).fileName();
    options.batchSize = m_batchSize;
    // A long list is written with the indexes paused and built once at the end.
    options.bulk = QFileInfo(m_path->text()).size() > 4 * 1024 * 1024;
    return options;
}

void ImportWizard::startDryRun()
{
    if (m_running || m_checking)
        return;
    ImportRequest request{m_path->text(), isXlsx() ? m_sheet->currentText() : QString(),
                          isXlsx() ? QString() : m_encoding->currentData().toString(), options()};
    request.options.dryRun = true;
    request.options.bulk = false;
    m_checking = true;
    m_checked = false;
    m_checkStatus->setText(tr("Checking every row…"));
    markError(m_checkStatus, false);
    static_cast<CheckedPage *>(page(CheckPage))->update();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->run(request); },
                              Qt::QueuedConnection);
}

void ImportWizard::showCounts()
{
    const ImportReport &report = m_dryRun;
    const QList<QPair<QString, qsizetype>> counts = {
        {tr("New customers"), report.newRows.size()},
        {tr("Will update an existing customer"), report.updateRows.size()},
        {tr("Duplicate of an earlier row in the file"), report.duplicateInFile.size()},
        {tr("Duplicate of an existing customer"), report.duplicateExisting.size()},
        {tr("Invalid (will fail)"), report.invalidRows.size()},
    };
    for (int i = 0; i < counts.size(); ++i) {
        m_counts->setItem(i, 0, item(counts.at(i).first));
        auto *count = item(QLocale().toString(counts.at(i).second));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_counts->setItem(i, 1, count);
    }
    m_counts->resizeColumnToContents(0);
    m_checkStatus->setText(
        tr("%n row(s) checked.", nullptr,
           int(report.newRows.size() + report.updateRows.size() + report.duplicateInFile.size()
               + report.duplicateExisting.size() + report.invalidRows.size())));
}

void ImportWizard::showCountRows(int count)
{
    m_countRows->clear();
    m_countRows->setRowCount(0);
    int columns = int(m_headers.size());
    m_countRows->setColumnCount(columns + 2);
    QStringList header = {tr("Row"), tr("Error")};
    header.append(m_headers);
    m_countRows->setHorizontalHeaderLabels(header);
    if (count < 0 || count >= CountCount || !m_checked)
        return;
    if (count == InvalidCount) {
        int r = 0;
        for (const ImportRowError &error : m_dryRun.errors) {
            if (r >= rowsShown)
                break;
            m_countRows->insertRow(r);
            fillRow(m_countRows, r++, error.row, error.message, error.cells);
        }
        m_countRows->resizeColumnToContents(1);
        return;
    }
    const QList<int> &numbers = count == NewCount      ? m_dryRun.newRows
                                : count == UpdateCount ? m_dryRun.updateRows
                                : count == InFileCount ? m_dryRun.duplicateInFile
                                                       : m_dryRun.duplicateExisting;
    const QList<int> shown = numbers.mid(0, rowsShown);
    if (shown.isEmpty())
        return;
    QHash<int, QStringList> cells;
    if (const auto rows = readRows(*std::max_element(shown.cbegin(), shown.cend()))) {
        for (const auto &row : *rows)
            cells.insert(row.first, row.second);
    }
    for (int r = 0; r < shown.size(); ++r) {
        m_countRows->insertRow(r);
        fillRow(m_countRows, r, shown.at(r), QString(), cells.value(shown.at(r)));
    }
}

void ImportWizard::startImport()
{
    m_running = true;
    m_done = false;
    m_error.clear();
    m_progress->setValue(0);
    m_cancelRun->setEnabled(true);
    m_saveFailed->setEnabled(false);
    m_failed->clear();
    m_failed->setRowCount(0);
    m_runStatus->setText(tr("Importing…"));
    markError(m_runStatus, false);
    const ImportRequest request{m_path->text(), isXlsx() ? m_sheet->currentText() : QString(),
                                isXlsx() ? QString() : m_encoding->currentData().toString(),
                                options()};
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->run(request); },
                              Qt::QueuedConnection);
}

void ImportWizard::onProgress(int permille)
{
    m_progress->setValue(permille);
}

void ImportWizard::onFinished(const ImportReport &report)
{
    if (m_checking) {
        m_checking = false;
        m_checked = true;
        m_dryRun = report;
        showCounts();
        m_counts->setCurrentCell(report.invalidRows.isEmpty() ? NewCount : InvalidCount, 0);
        showCountRows(m_counts->currentRow());
        static_cast<CheckedPage *>(page(CheckPage))->update();
        return;
    }
    if (!m_running)
        return;
    m_running = false;
    m_done = true;
    m_result = report;
    m_progress->setValue(1000);
    m_cancelRun->setEnabled(false);
    QString text = tr("Imported %1, updated %2, skipped %3, failed %4.")
                       .arg(report.imported).arg(report.updated).arg(report.skipped).arg(report.failed);
    if (report.cancelled)
        text = tr("Cancelled. The batches written before are kept and can be undone in Import history.")
               + QLatin1Char(' ') + text;
    m_runStatus->setText(text);
    m_failed->setColumnCount(int(report.headers.size()) + 2);
    QStringList header = {tr("Row"), tr("Error")};
    header.append(report.headers);
    m_failed->setHorizontalHeaderLabels(header);
    m_failed->setRowCount(int(report.errors.size()));
    for (int r = 0; r < report.errors.size(); ++r) {
        const ImportRowError &error = report.errors.at(r);
        fillRow(m_failed, r, error.row, error.message, error.cells);
    }
    m_failed->resizeColumnToContents(1);
    m_saveFailed->setEnabled(!report.errors.isEmpty());
    if (m_services.changes && (report.imported > 0 || report.updated > 0)) {
        // Written through the import's own connection: the views re-read what they show.
        ChangeSet changes;
        for (const char *table : {"customers", "contacts", "phones", "customer_tags", "tags", "notes"})
            changes.add(QLatin1String(table));
        changes.anyCustomer = true;
        m_services.changes->publish(changes);
    }
    static_cast<CheckedPage *>(page(RunPage))->update();
    button(m_saveFailed->isEnabled() ? QWizard::FinishButton : QWizard::FinishButton)->setFocus();
}

void ImportWizard::onFailed(const QString &message)
{
    m_error = message;
    if (m_checking) {
        m_checking = false;
        m_checked = false;
        m_checkStatus->setText(message);
        markError(m_checkStatus);
        static_cast<CheckedPage *>(page(CheckPage))->update();
        return;
    }
    m_running = false;
    m_done = true;
    m_cancelRun->setEnabled(false);
    m_runStatus->setText(message);
    markError(m_runStatus);
    static_cast<CheckedPage *>(page(RunPage))->update();
}

void ImportWizard::reject()
{
    if (m_running) {
        // Stop after the batch being written; the page then shows what was kept.
        m_worker->cancel();
        m_cancelRun->setEnabled(false);
        m_runStatus->setText(tr("Cancelling after the current batch…"));
        return;
    }
    if (m_checking)
        m_worker->cancel();
    QWizard::reject();
}

Status ImportWizard::saveFailedRows(const QString &path) const
{
    return Importer::saveFailedRows(m_result, path);
}

void ImportWizard::saveFailedRowsAs()
{
    const QFileInfo source(m_path->text());
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save failed rows"),
        source.absoluteDir().filePath(tr("%1 failed rows.csv").arg(source.completeBaseName())),
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto saved = saveFailedRows(path); !saved) {
        m_runStatus->setText(saved.message());
        markError(m_runStatus);
        return;
    }
    m_runStatus->setText(m_runStatus->text() + QLatin1Char(' ')
                         + tr("Failed rows saved to %1.").arg(QDir::toNativeSeparators(path)));
}

void ImportWizard::setPageError(QLabel *label, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
}

} // namespace Leadline::Ui
