#include "uilanguage.h"

#include "tests/support/testworkspace.h"

#include "core/customers/customerrepository.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/rules/defaultrules.h"
#include "core/rules/rulerepository.h"
#include "core/rules/rulerunner.h"
#include "ui/rulesview.h"

#include <catch2/catch.hpp>

#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPlainTextEdit>
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
