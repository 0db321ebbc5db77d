#include "uilanguage.h"

#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "ui/rulesview.h"
#include "ui/scoreweightsdialog.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTest>

using namespace Leadline;

namespace {

struct Fixture
{
    Test::TestWorkspace workspace;
    RuleRepository rules{workspace.store()};
    RuleRunner runner{workspace.store()};
    Permissions permissions{workspace.store()};

    Fixture()
    {
        QSqlQuery query(workspace.store().database());
        REQUIRE(query.exec(QStringLiteral(
            "INSERT INTO agents(id, login, name, role, active) VALUES"
            "('li', 'li', '李主管', 'supervisor', 1), ('wang', 'wang', '王伟', 'agent', 1)")));
        workspace.store().setCurrentAgentId(QStringLiteral("li"));
        REQUIRE(ReferenceRepository(workspace.store()).ensureDefaultDispositions());
        REQUIRE(rules.installDefaults());
        CustomerRepository customers(workspace.store());
        for (const char *intent : {"高", "中", "高"}) {
            Customer customer;
            customer.name = QStringLiteral("客户");
            customer.intent = QString::fromUtf8(intent);
            customer.ownerId = QStringLiteral("wang");
            REQUIRE(customers.create(customer));
        }
    }
};

} // namespace

TEST_CASE("GIVEN the rule editor WHEN a condition is typed THEN it is checked live and the "
          "mistake is underlined",
          "[ui][rules]")
{
    Fixture f;
    Ui::RulesView view(f.rules, f.runner, f.permissions, &f.workspace.store().changeBus());
    view.show();
    auto *condition = view.findChild<QPlainTextEdit *>(QStringLiteral("ruleCondition"));
    REQUIRE(condition);
    condition->setPlainText(QStringLiteral("intent == \"高\" and and"));
    CHECK(view.conditionError().contains(QStringLiteral("1")));
    CHECK(condition->extraSelections().size() == 1);
    CHECK(condition->extraSelections().first().cursor.selectedText() == QStringLiteral("and"));
    condition->setPlainText(QStringLiteral("intent == \"高\""));
    CHECK(view.conditionError().isEmpty());
    CHECK(condition->extraSelections().isEmpty());
}

TEST_CASE("GIVEN the rule editor WHEN a rule is saved and dry-run THEN it is stored and the "
          "matching customers are listed with the decision",
          "[ui][rules]")
{
    Fixture f;
    Ui::RulesView view(f.rules, f.runner, f.permissions, &f.workspace.store().changeBus());
    view.show();
    view.showRule({});
    view.findChild<QLineEdit *>()->setText(QStringLiteral("高意向加标签"));
    auto *condition = view.findChild<QPlainTextEdit *>(QStringLiteral("ruleCondition"));
    condition->setPlainText(QStringLiteral("intent == \"高\""));
    Rule edited = view.editedRule();
    CHECK(edited.name == QStringLiteral("高意向加标签"));
    // No action yet: the rule cannot be saved.
    CHECK_FALSE(view.save());
    auto *results = view.findChildren<QTableWidget *>().last();
    view.dryRun();
    CHECK(results->rowCount() == 2);
    CHECK(results->item(0, 2)->text().contains(QStringLiteral("intent = 高")));
}

TEST_CASE("GIVEN the rule editor WHEN its labels are read THEN every one has its own mnemonic",
          "[ui][rules]")
{
    for (const char *language : {"en", "zh_CN"}) {
        CAPTURE(language);
        Test::UiLanguage ui{QLatin1String(language)};
        REQUIRE(ui.loaded());
        Fixture f;
        Ui::RulesView view(f.rules, f.runner, f.permissions, nullptr);
        QMap<QKeySequence, QString> taken;
        for (const QLabel *label : view.findChildren<QLabel *>()) {
            const QKeySequence key = QKeySequence::mnemonic(label->text());
            if (key.isEmpty() || !label->buddy())
                continue;
            CAPTURE(label->text());
            CHECK_FALSE(taken.contains(key));
            taken.insert(key, label->text());
        }
        CHECK(taken.size() >= 5);
    }
}

TEST_CASE("GIVEN the score weights dialog WHEN a supervisor changes points from the keyboard "
          "THEN they are stored and every customer is rescored",
          "[ui][rules][weights]")
{
    Fixture f;
    // Nothing runs the events here: the three customers start unscored.
    Ui::ScoreWeightsDialog dialog(f.runner, true);
    dialog.show();
    dialog.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&dialog)); // Ctrl+S is a window shortcut
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("scoreWeightsTable"));
    REQUIRE(table != nullptr);
    // The intent row 高 is there with its default 30 points; the user types 40 over it.
    int row = -1;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->data(Qt::UserRole).toString() == QLatin1String("intent")
            && table->item(r, 1)->text() == QStringLiteral("高"))
            row = r;
    }
    REQUIRE(row >= 0);
    CHECK(table->item(row, 2)->data(Qt::EditRole).toInt() == 30);
    table->setFocus();
    table->setCurrentCell(row, 2);
    QTest::keyClick(table, Qt::Key_F2);
    // Whole points are edited in a spin box.
    auto *editor = table->viewport()->findChild<QSpinBox *>();
    REQUIRE(editor != nullptr);
    REQUIRE(editor->hasFocus());
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("40"));
    // Saved straight from the open cell: what was typed counts.
    QTest::keyClick(editor, Qt::Key_S, Qt::ControlModifier);
    CHECK(dialog.result() == QDialog::Accepted);
    CHECK(f.runner.weights().intent.value(QStringLiteral("高")) == 40);
    CHECK(dialog.rescored() == 3);
    QSqlQuery scores(f.workspace.store().database());
    REQUIRE(scores.exec(QStringLiteral("SELECT group_concat(score, ',') FROM "
                                       "(SELECT score FROM customers ORDER BY score)")));
    REQUIRE(scores.next());
    CHECK(scores.value(0).toString() == QStringLiteral("15,40,40"));

    // Thresholds the wrong way round are refused with the reason, the dialog stays open.
    dialog.show();
    QSpinBox *warm = nullptr;
    for (QSpinBox *spin : dialog.findChildren<QSpinBox *>()) {
        if (spin->value() == 40 && spin->maximum() == 1000)
            warm = spin;
    }
    REQUIRE(warm != nullptr);
    warm->setValue(90);
    CHECK_FALSE(dialog.save());
    CHECK(dialog.isVisible());
    CHECK(f.runner.weights().warmFrom == 40);
}

TEST_CASE("GIVEN an agent THEN the score weights are shown read-only", "[ui][rules][weights]")
{
    Fixture f;
    f.workspace.store().setCurrentAgentId(QStringLiteral("wang"));
    Ui::ScoreWeightsDialog dialog(f.runner, f.permissions.may(Permissions::Action::EditRules));
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("scoreWeightsTable"));
    REQUIRE(table != nullptr);
    CHECK(table->rowCount() > 10);
    CHECK(table->editTriggers() == QAbstractItemView::NoEditTriggers);
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text().contains(QStringLiteral("Save")))
            CHECK_FALSE(button->isEnabled());
    }
}
