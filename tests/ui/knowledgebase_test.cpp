#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/activityrepository.h"
#include "core/knowledge/articlerepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "ui/knowledgebaseview.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using namespace Leadline;

namespace {

struct Fixture : Leadline::Test::UiServicesFixture
{
    Fixture()
    {
        setRole(QStringLiteral("supervisor"));
    }

    QString addArticle(const QString &title, const QString &body, const QString &stages = {})
    {
        Article a;
        a.title = title;
        a.body = body;
        a.category = QStringLiteral("异议处理");
        a.stages = stages;
        return articles.create(a).value();
    }
};

} // namespace

TEST_CASE("The knowledge base finds, opens and copies a script", "[ui][knowledge]")
{
    Fixture f;
    const QString priceId = f.addArticle(QStringLiteral("价格异议处理"),
                                         QStringLiteral("# 太贵了\n\n{contact.name}您好，我是{agent.name}。"
                                                        "{customer.company}的预算我们可以分期。"),
                                         QStringLiteral("报价阶段"));
    f.addArticle(QStringLiteral("产品总览"), QStringLiteral("云鹊CRM的价格按用户计算。"));
    f.addArticle(QStringLiteral("开场白"), QStringLiteral("您好，我是云鹊CRM的{agent.name}。"),
                 QStringLiteral("首次联系"));

    Customer customer;
    customer.name = QStringLiteral("王芳");
    customer.company = QStringLiteral("北京星河科技有限公司");
    customer.stage = QStringLiteral("报价阶段");
    Contact contact;
    contact.name = QStringLiteral("李娜");
    contact.isPrimary = true;
    customer.contacts.append(contact);
    const QString customerId = f.customers.create(customer).value();

    Ui::KnowledgeBaseView view(f.services);
    view.resize(900, 600);
    view.show();
    REQUIRE(QTest::qWaitForWindowActive(&view)); // Ctrl+Shift+C is a shortcut of the view
    CHECK(view.windowTitle() == QStringLiteral("Knowledge base"));
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("kbSearch"));
    auto *results = view.findChild<QListWidget *>(QStringLiteral("kbResults"));
    auto *suggestions = view.findChild<QListWidget *>(QStringLiteral("kbSuggestions"));
    auto *viewer = view.findChild<QTextBrowser *>(QStringLiteral("kbViewer"));
    REQUIRE(search);
    REQUIRE(results);
    REQUIRE(suggestions);
    REQUIRE(viewer);

    GIVEN("the customer on screen")
    {
        view.setCustomer(customerId);
        THEN("the script for their stage is suggested")
        {
            REQUIRE(suggestions->count() == 1);
            CHECK(suggestions->item(0)->data(Qt::UserRole).toString() == priceId);
        }
        WHEN("the agent types a two-character Chinese word")
        {
            search->insert(QStringLiteral("价格"));
            THEN("both articles are listed, the title hit first and highlighted, and it opens")
            {
                REQUIRE(results->count() == 2);
                CHECK(results->item(0)->data(Qt::UserRole + 1).toString() == QStringLiteral("价格异议处理"));
                auto *label = qobject_cast<QLabel *>(results->itemWidget(results->item(0)));
                REQUIRE(label);
                CHECK(label->text().contains(QStringLiteral("background-color:#ffe58f\">价格</span>")));
                CHECK(view.currentArticleId() == priceId);
                const QString text = viewer->toPlainText();
                CHECK(text.contains(QStringLiteral("李娜您好，我是张伟。北京星河科技有限公司的预算")));
                CHECK_FALSE(text.contains(QStringLiteral("{contact.name}")));
            }
            AND_WHEN("the agent presses Ctrl+Shift+C")
            {
                QSignalSpy copied(&view, &Ui::KnowledgeBaseView::scriptCopied);
                QTest::keyClick(search, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
                THEN("the rendered script is on the clipboard")
                {
                    CHECK(copied.count() == 1);
                    CHECK(QGuiApplication::clipboard()->text() == viewer->toPlainText());
                    CHECK(QGuiApplication::clipboard()->text().contains(QStringLiteral("李娜您好")));
                }
            }
        }
    }
    WHEN("the agent picks the second result with the keyboard")
    {
        QTest::keyClicks(search, QStringLiteral("crm"));
        REQUIRE(results->count() == 2);
        results->setFocus();
        QTest::keyClick(results, Qt::Key_Down);
        THEN("that article opens")
        {
            CHECK(results->currentRow() == 1);
            CHECK(view.currentArticleId() == results->item(1)->data(Qt::UserRole).toString());
        }
    }
    WHEN("the user types search syntax")
    {
        search->insert(QStringLiteral("\"NEAR( OR *'"));
        THEN("nothing is found and nothing breaks")
        {
            CHECK(results->count() == 0);
        }
    }
    THEN("a supervisor sees the editing buttons")
    {
        CHECK(view.findChild<QPushButton *>(QStringLiteral("kbNew"))->isVisible());
    }
}
