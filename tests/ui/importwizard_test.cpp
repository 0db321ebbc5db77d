#include <catch2/catch.hpp>

#include "tests/core/importexport/xlsxbuilder.h"
#include "tests/support/uiservicesfixture.h"

#include "core/importexport/csvreader.h"
#include "core/importexport/exporter.h"
#include "core/importexport/importer.h"
#include "core/importexport/importundo.h"
#include "core/importexport/tablereader.h"
#include "ui/customerlistmodel.h"
#include "ui/customerlistview.h"
#include "ui/exportdialog.h"
#include "ui/importhistorydialog.h"
#include "ui/importwizard.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QHeaderView>
#include <QProgressBar>
#include <QAbstractButton>
#include <QTableView>
#include <QTest>

using namespace Leadline;

namespace {

constexpr int patience = 60000; // a loaded build machine; the tests wait for signals, not time

/// A supervisor's workspace with the import and export services the composition root adds.
struct ImportFixture : Test::UiServicesFixture
{
    ImportUndo undo{workspace.store()};
    Exporter exporter{workspace.store()};
    QTemporaryDir dir;

    ImportFixture()
    {
        setRole(QStringLiteral("supervisor"));
        services.importUndo = &undo;
        services.exporter = &exporter;
    }

    /// Imports a UTF-8 list through the core, as an earlier import would have.
    void seed(const QString &csv)
    {
        auto device = std::make_unique<QBuffer>();
        device->setData(csv.toUtf8());
        REQUIRE(device->open(QIODevice::ReadOnly));
        auto reader = CsvReader::fromDevice(std::move(device), CsvFormat{QStringLiteral("UTF-8")});
        REQUIRE(reader.ok());
        REQUIRE(Importer(workspace.store()).run(*reader.value(), {}).ok());
    }

    QString write(const QString &name, const QByteArray &bytes) const
    {
        const QString path = dir.filePath(name);
        QFile file(path);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        return path;
    }

    int customerCount() const
    {
        return workspace.rowCount(QStringLiteral("customers"), QStringLiteral("deleted = 0"));
    }
};

void press(QWidget &window, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *target = QApplication::focusWidget();
    QTest::keyClick(target ? target : &window, key, modifiers);
}

/// A button's mnemonic clicks it after a short animation: waits until the wizard moved on.
void advance(Ui::ImportWizard &wizard, Qt::Key key)
{
    const int before = wizard.currentId();
    press(wizard, key, Qt::AltModifier);
    REQUIRE(QTest::qWaitFor([&] { return wizard.currentId() != before; }, patience));
}

void openWizard(Ui::ImportWizard &wizard, const QString &path)
{
    wizard.show();
    wizard.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&wizard));
    auto *edit = wizard.findChild<QLineEdit *>(QStringLiteral("importPath"));
    REQUIRE(edit);
    edit->setFocus();
    QTest::keyClicks(edit, path); // typed, as a keyboard user does
    INFO(wizard.lastError().toStdString());
    REQUIRE(wizard.button(QWizard::NextButton)->isEnabled());
}

QStringList columnOf(const QTableWidget *table, int column)
{
    QStringList values;
    for (int row = 0; row < table->rowCount(); ++row)
        values.append(table->item(row, column) ? table->item(row, column)->text() : QString());
    return values;
}

QByteArray gbk(const QString &text)
{
    QStringEncoder encoder("GB18030");
    REQUIRE(encoder.isValid());
    return encoder.encode(text);
}

const QString gbkList = QStringLiteral(
    "客户名称,手机号,公司,邮箱,省份,备注\n"
    "张三,13800138000,北京甲公司,zs@example.com,北京,老客户介绍\n"
    "李四,13900139000,上海乙公司,,上海,\n"
    "张三重复,13800138000,,,,\n"
    "王五,13700137000,杭州丙公司,,,\n"
    "坏号,12345,,,,\n");

} // namespace

TEST_CASE("GIVEN a GBK CSV with Chinese headers WHEN a supervisor goes through the import wizard "
          "with the keyboard only THEN the mapping is guessed, the dry run counts and shows the "
          "rows behind each count, the import runs and the failed rows are saved with their error",
          "[ui][import]")
{
    ImportFixture f;
    f.seed(QStringLiteral("姓名,手机\n老客户,13700137000\n"));
    REQUIRE(f.customerCount() == 1);
    const QString path = f.write(QStringLiteral("list-gbk.csv"), gbk(gbkList));

    Ui::ImportWizard wizard(f.services);
    openWizard(wizard, path);
    CHECK(wizard.detectedEncoding() == QStringLiteral("GB18030"));
    REQUIRE(wizard.currentId() == Ui::ImportWizard::FilePage);

    advance(wizard, Qt::Key_N);
    REQUIRE(wizard.currentId() == Ui::ImportWizard::MappingPage);
    const QStringList expected = {QStringLiteral("name"),  QStringLiteral("phone"),
                                  QStringLiteral("company"), QStringLiteral("email"),
                                  QStringLiteral("region"), QStringLiteral("notes")};
    CHECK(wizard.mappedFields() == expected);
    QAbstractItemModelTester storedTester(wizard.storedPreview()->model(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    // The first rows as they will be stored, the bad phone flagged.
    const QTableWidget *stored = wizard.storedPreview();
    REQUIRE(stored->rowCount() == 5);
    CHECK(stored->item(0, 0)->text() == QStringLiteral("张三"));
    CHECK(stored->item(0, 4)->text() == QStringLiteral("北京"));
    CHECK(stored->item(0, 6)->text().isEmpty());
    CHECK_FALSE(stored->item(4, 6)->text().isEmpty());

    advance(wizard, Qt::Key_N);
    REQUIRE(wizard.currentId() == Ui::ImportWizard::CheckPage);
    REQUIRE(QTest::qWaitFor([&] { return !wizard.isChecking(); }, patience));
    CHECK(wizard.lastError().isEmpty());
    CHECK(f.customerCount() == 1); // a dry run writes nothing
    QAbstractItemModelTester countsTester(wizard.countsTable()->model(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester rowsTester(wizard.countRowsTable()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(columnOf(wizard.countsTable(), 1)
          == QStringList{QStringLiteral("2"), QStringLiteral("0"), QStringLiteral("1"),
                         QStringLiteral("1"), QStringLiteral("1")});
    // With an invalid row, its rows are shown first: the row number, the error, the cells.
    CHECK(wizard.countsTable()->currentRow() == Ui::ImportWizard::InvalidCount);
    REQUIRE(wizard.countRowsTable()->rowCount() == 1);
    CHECK(wizard.countRowsTable()->item(0, 0)->text() == QStringLiteral("6"));
    CHECK(wizard.countRowsTable()->item(0, 1)->text().contains(QStringLiteral("12345")));
    CHECK(wizard.countRowsTable()->item(0, 2)->text() == QStringLiteral("坏号"));
    // Selecting another count with the keys shows its rows.
    wizard.countsTable()->setFocus();
    QTest::keyClick(wizard.countsTable(), Qt::Key_Home, Qt::ControlModifier);
    CHECK(columnOf(wizard.countRowsTable(), 0) == QStringList{QStringLiteral("2"), QStringLiteral("3")});
    CHECK(columnOf(wizard.countRowsTable(), 2) == QStringList{QStringLiteral("张三"), QStringLiteral("李四")});
    QTest::keyClick(wizard.countsTable(), Qt::Key_Down);
    QTest::keyClick(wizard.countsTable(), Qt::Key_Down);
    CHECK(columnOf(wizard.countRowsTable(), 0) == QStringList{QStringLiteral("4")});
    QTest::keyClick(wizard.countsTable(), Qt::Key_Down);
    CHECK(columnOf(wizard.countRowsTable(), 2) == QStringList{QStringLiteral("王五")});

    // The duplicate policy: update the existing customer instead of skipping it.
    auto *policy = wizard.findChild<QComboBox *>(QStringLiteral("importPolicy"));
    policy->setFocus();
    QTest::keyClick(policy, Qt::Key_Down);
    REQUIRE(QTest::qWaitFor([&] { return !wizard.isChecking(); }, patience));
    CHECK(wizard.dryRun().updateRows == QList<int>{5});

    advance(wizard, Qt::Key_N);
    REQUIRE(wizard.currentId() == Ui::ImportWizard::OptionsPage);
    auto *tag = wizard.findChild<QLineEdit *>(QStringLiteral("importTag"));
    tag->setFocus();
    tag->selectAll();
    tag->insert(QStringLiteral("展会名单")); // what an input method commits
    QTest::keyClick(&wizard, Qt::Key_O, Qt::AltModifier); // the lead pool
    auto *pool = wizard.findChild<QAbstractButton *>(QStringLiteral("assignPool"));
    REQUIRE(QTest::qWaitFor([&] { return pool->isChecked(); }, patience));
    advance(wizard, Qt::Key_I);              // Import
    REQUIRE(wizard.currentId() == Ui::ImportWizard::RunPage);
    REQUIRE(QTest::qWaitFor([&] { return wizard.isDone(); }, patience));
    CHECK(wizard.lastError().isEmpty());
    CHECK(wizard.result().imported == 2);
    CHECK(wizard.result().updated == 1);
    CHECK(wizard.result().failed == 1);
    CHECK(f.customerCount() == 3);
    CHECK(f.workspace.rowCount(QStringLiteral("customers"),
                               QStringLiteral("deleted = 0 AND (owner_id IS NULL OR owner_id = '')"))
          == 3); // the pool
    CHECK(f.workspace.rowCount(QStringLiteral("tags"), QStringLiteral("name = '展会名单'")) == 1);
    QAbstractItemModelTester failedTester(wizard.failedTable()->model(),
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    REQUIRE(wizard.failedTable()->rowCount() == 1);
    CHECK(wizard.failedTable()->item(0, 0)->text() == QStringLiteral("6"));

    const QString failed = f.dir.filePath(QStringLiteral("failed.csv"));
    REQUIRE(wizard.saveFailedRows(failed).ok());
    auto reader = TableReader::open(failed);
    REQUIRE(reader.ok());
    QStringList cells;
    REQUIRE(reader.value()->next(cells));
    CHECK(cells.last() == QStringLiteral("Error"));
    REQUIRE(reader.value()->next(cells));
    CHECK(cells.contains(QStringLiteral("坏号")));
    CHECK(cells.last().contains(QStringLiteral("12345")));

    // The mapping is remembered for these headers.
    CHECK(ImportMapping::recall(f.workspace.store(), wizard.result().headers).fields == expected);
    press(wizard, Qt::Key_Return); // Finish
    CHECK_FALSE(wizard.isVisible());
}

TEST_CASE("GIVEN an XLSX list with Chinese headers WHEN imported through the wizard without "
          "touching the mapping THEN its rows are stored and the batch can be undone from the "
          "import history, which first says what it will do and lists records edited since",
          "[ui][import][undo]")
{
    ImportFixture f;
    const QByteArray rows =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>单位</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>赵六</t></is></c><c r=\"B2\"><v>13600136000</v></c>"
        "<c r=\"C2\" t=\"inlineStr\"><is><t>广州丁公司</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>钱七</t></is></c><c r=\"B3\"><v>1.3500135E+10</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>孙八</t></is></c><c r=\"B4\" t=\"inlineStr\"><is><t>13400134000</t></is></c></row>";
    const QByteArray shared = "<si><t>联系人</t></si><si><t>手机</t></si>";
    const QString path = f.write(QStringLiteral("leads.xlsx"), Test::simpleWorkbook(rows, shared));

    Ui::ImportWizard wizard(f.services);
    openWizard(wizard, path);
    auto *sheet = wizard.findChild<QComboBox *>(QStringLiteral("importSheet"));
    CHECK(sheet->isEnabled());
    CHECK(sheet->currentText() == QStringLiteral("客户"));
    advance(wizard, Qt::Key_N);
    REQUIRE(wizard.currentId() == Ui::ImportWizard::MappingPage);
    CHECK(wizard.mappedFields()
          == QStringList{QStringLiteral("name"), QStringLiteral("phone"), QStringLiteral("company")});
    advance(wizard, Qt::Key_N);
    REQUIRE(QTest::qWaitFor([&] { return !wizard.isChecking(); }, patience));
    CHECK(wizard.dryRun().newRows == QList<int>{2, 3, 4});
    advance(wizard, Qt::Key_N);
    REQUIRE(wizard.currentId() == Ui::ImportWizard::OptionsPage);
    advance(wizard, Qt::Key_I);
    REQUIRE(QTest::qWaitFor([&] { return wizard.isDone(); }, patience));
    CHECK(wizard.result().imported == 3);
    CHECK(f.customerCount() == 3);
    press(wizard, Qt::Key_Return);

    // Someone edits one of the imported customers afterwards.
    const QString batch = wizard.result().batchId;
    QSqlQuery edit(f.workspace.store().database());
    REQUIRE(edit.exec(QStringLiteral("SELECT customer_id FROM import_batch_rows WHERE row_number = 4")));
    REQUIRE(edit.next());
    auto customer = f.customers.load(edit.value(0).toString());
    REQUIRE(customer.ok());
    Customer changed = *customer;
    changed.company = QStringLiteral("后来改的公司");
    REQUIRE(f.customers.save(changed).ok());

    Ui::ImportHistoryDialog history(f.services);
    QAbstractItemModelTester tester(history.table()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    REQUIRE(history.table()->rowCount() == 1);
    CHECK(history.table()->item(0, Ui::ImportHistoryDialog::FileColumn)->text() == QStringLiteral("leads.xlsx"));
    CHECK(history.table()->item(0, Ui::ImportHistoryDialog::ImportedColumn)->text() == QStringLiteral("3"));
    CHECK(history.table()->item(0, Ui::ImportHistoryDialog::ByColumn)->text() == QStringLiteral("张伟"));
    const QString question = history.undoQuestion();
    CHECK(question.contains(QStringLiteral("removes 2 customer")));
    CHECK(question.contains(QStringLiteral("Row 4: 孙八")));
    CHECK(f.customerCount() == 3); // asking changes nothing
    const auto undone = history.undoSelected();
    REQUIRE(undone.ok());
    CHECK(undone->removed == 2);
    CHECK(undone->editedSince.size() == 1);
    CHECK(f.customerCount() == 1);
    CHECK_FALSE(history.table()->item(0, Ui::ImportHistoryDialog::UndoneColumn)->text().isEmpty());
    CHECK_FALSE(f.undo.undo(batch).ok()); // once only
}

TEST_CASE("GIVEN a long import WHEN it is cancelled mid-run THEN whole batches are kept, the "
          "workspace is consistent and the batch can still be undone",
          "[ui][import][undo]")
{
    ImportFixture f;
    QString csv = QStringLiteral("姓名,手机\n");
    for (int i = 0; i < 400; ++i)
        csv += QStringLiteral("客户%1,1380000%2\n").arg(i).arg(i, 4, 10, QLatin1Char('0'));
    const QString path = f.write(QStringLiteral("long.csv"), csv.toUtf8());

    Ui::ImportWizard wizard(f.services);
    wizard.setBatchSize(10);
    openWizard(wizard, path);
    advance(wizard, Qt::Key_N);
    advance(wizard, Qt::Key_N);
    REQUIRE(QTest::qWaitFor([&] { return !wizard.isChecking(); }, patience));
    CHECK(wizard.dryRun().newRows.size() == 400);
    advance(wizard, Qt::Key_N);
    // Stop the worker at its first progress report, then press Esc: the import stops there.
    auto *progress = wizard.findChild<QProgressBar *>(QStringLiteral("importProgress"));
    REQUIRE(progress);
    bool escaped = false;
    QObject::connect(progress, &QProgressBar::valueChanged, &wizard, [&] {
        if (!escaped && wizard.isRunning()) {
            escaped = true;
            QTest::keyClick(&wizard, Qt::Key_Escape);
        }
    });
    advance(wizard, Qt::Key_I);
    REQUIRE(QTest::qWaitFor([&] { return wizard.isDone(); }, patience));
    CHECK(escaped);
    CHECK(wizard.isVisible()); // Esc while running cancels the import, not the window
    const ImportReport &report = wizard.result();
    CHECK(report.cancelled);
    CHECK(report.imported % 10 == 0);
    CHECK(report.imported < 400);
    CHECK(f.customerCount() == report.imported);
    CHECK(f.workspace.rowCount(QStringLiteral("import_batch_rows")) == report.imported);
    press(wizard, Qt::Key_Escape);
    CHECK_FALSE(wizard.isVisible());

    const auto undone = f.undo.undo(report.batchId);
    REQUIRE(undone.ok());
    CHECK(undone->removed == report.imported);
    CHECK(f.customerCount() == 0);
}

TEST_CASE("GIVEN a filtered, sorted customer list WHEN exported from File → Export THEN the file "
          "holds the customers the list matches, in its order, with its visible columns",
          "[ui][export]")
{
    ImportFixture f;
    f.seed(QStringLiteral("姓名,手机,公司\n"
                          "北京甲,13800138001,甲公司\n"
                          "上海乙,13800138002,乙公司\n"
                          "北京丙,13800138003,丙公司\n"));
    Ui::MainWindow window(f.services);
    auto *list = window.customerList();
    auto *search = list->findChild<QLineEdit *>();
    REQUIRE(search);
    search->setFocus();
    search->insert(QStringLiteral("北京")); // what an input method commits
    REQUIRE(QTest::qWaitFor([&] { return !list->model()->isSearching() && list->model()->rowCount() == 2; }, patience));
    list->model()->sort(Ui::CustomerListModel::NameColumn, Qt::DescendingOrder);
    REQUIRE(QTest::qWaitFor([&] { return !list->model()->isSearching(); }, patience));
    auto *table = list->findChild<QTableView *>();
    REQUIRE(table);
    table->horizontalHeader()->hideSection(Ui::CustomerListModel::ScoreColumn);
    table->horizontalHeader()->moveSection(Ui::CustomerListModel::CompanyColumn, 0);

    Ui::ExportDialog dialog(f.services, [list] { return list->tableAsShown(); },
                            [list] { return list->matchingIds(); }, {}, {});
    const QString out = f.dir.filePath(QStringLiteral("shown.csv"));
    dialog.setPath(out);
    const auto written = dialog.exportNow();
    REQUIRE(written.ok());
    CHECK(*written == 2);
    auto reader = TableReader::open(out);
    REQUIRE(reader.ok());
    QStringList cells;
    REQUIRE(reader.value()->next(cells));
    CHECK(cells.size() == Ui::CustomerListModel::ColumnCount - 1);
    CHECK(cells.at(0) == QStringLiteral("Company"));
    CHECK_FALSE(cells.contains(QStringLiteral("Score")));
    QStringList shown;
    for (int row = 0; row < list->model()->rowCount(); ++row)
        shown.append(list->model()->index(row, Ui::CustomerListModel::CompanyColumn).data().toString());
    QStringList exported;
    while (reader.value()->next(cells))
        exported.append(cells.at(0));
    CHECK(exported == shown);
    CHECK(exported.size() == 2);
    CHECK(f.workspace.rowCount(QStringLiteral("audit_log"), QStringLiteral("action = 'export'")) == 1);
}

TEST_CASE("GIVEN an agent WHEN the window opens THEN File has no import, import history or "
          "export, their shortcuts do nothing, and the services refuse",
          "[ui][import][export]")
{
    ImportFixture f;
    f.setRole(QStringLiteral("agent"));
    Ui::MainWindow window(f.services);
    for (const char *name : {"importLeads", "importHistory", "exportData"}) {
        auto *action = window.findChild<QAction *>(QLatin1String(name));
        REQUIRE(action);
        CHECK_FALSE(action->isVisible());
        CHECK_FALSE(action->isEnabled());
    }
    CHECK_FALSE(f.undo.batches().ok());
    CHECK_FALSE(f.exporter.mayExport());

    f.setRole(QStringLiteral("supervisor"));
    Ui::MainWindow supervisors(f.services);
    auto *import = supervisors.findChild<QAction *>(QStringLiteral("importLeads"));
    CHECK(import->isVisible());
    CHECK(import->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I));
}
