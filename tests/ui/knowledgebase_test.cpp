#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "core/customers/activityrepository.h"
#include "core/knowledge/articlerepository.h"
#include "core/customers/customerrepository.h"
#include "core/reference/referencerepository.h"
#include "ui/articlehitsmodel.h"
#include "ui/knowledgebaseview.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QAbstractItemModelTester>
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
    auto *resultsView = view.findChild<QListView *>(QStringLiteral("kbResults"));
    auto *suggestionsView = view.findChild<QListView *>(QStringLiteral("kbSuggestions"));
    REQUIRE(resultsView);
    REQUIRE(suggestionsView);
    QAbstractItemModelTester resultsTester(resultsView->model(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester suggestionsTester(suggestionsView->model(),
                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QAbstractItemModel *results = resultsView->model();
    const QAbstractItemModel *suggestions = suggestionsView->model();
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
            REQUIRE(suggestions->rowCount() == 1);
            CHECK(suggestions->index(0, 0).data(Ui::ArticleHitsModel::IdRole).toString() == priceId);
            // Suggestions show no snippet.
            CHECK_FALSE(suggestions->index(0, 0).data(Ui::ArticleHitsModel::HtmlRole).toString().contains(QStringLiteral("<small>")));
        }
        WHEN("the agent types a two-character Chinese word")
        {
            search->insert(QStringLiteral("价格"));
            THEN("both articles are listed, the title hit first and highlighted, and it opens")
            {
                REQUIRE(results->rowCount() == 2);
                const QModelIndex first = results->index(0, 0);
                CHECK(first.data(Ui::ArticleHitsModel::TitleRole).toString() == QStringLiteral("价格异议处理"));
                const QString html = first.data(Ui::ArticleHitsModel::HtmlRole).toString();
                CHECK(html.contains(QStringLiteral("background-color:#ffe58f\">价格</span>")));
                CHECK(html.contains(QStringLiteral("<small>")));
                // The row is as tall as its wrapped rich text: title and snippet lines.
                CHECK(resultsView->sizeHintForIndex(first).height() > 2 * resultsView->fontMetrics().height());
                CHECK(resultsView->currentIndex().row() == 0);
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
        REQUIRE(results->rowCount() == 2);
        resultsView->setFocus();
        QTest::keyClick(resultsView, Qt::Key_Down);
        THEN("that article opens")
        {
            CHECK(resultsView->currentIndex().row() == 1);
            CHECK(view.currentArticleId() == results->index(1, 0).data(Ui::ArticleHitsModel::IdRole).toString());
        }
    }
    WHEN("the user types search syntax")
    {
        search->insert(QStringLiteral("\"NEAR( OR *'"));
        THEN("nothing is found and nothing breaks")
        {
            CHECK(results->rowCount() == 0);
        }
    }
    THEN("a supervisor sees the editing buttons")
    {
        CHECK(view.findChild<QPushButton *>(QStringLiteral("kbNew"))->isVisible());
    }
}

TEST_CASE("GIVEN a search that cannot be read WHEN the results model shows it THEN one disabled error row says so", "[ui][knowledge]")
{
    Ui::ArticleHitsModel model(Ui::ArticleHitsModel::Snippets::Shown);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ArticleHit hit;
    hit.id = QStringLiteral("a1");
    hit.title = QStringLiteral("<价格> & 异议");
    hit.titleRanges = {{1, 2}};
    hit.snippet = QStringLiteral("预算有限");
    model.setHits({hit});
    REQUIRE(model.rowCount() == 1);
    CHECK(model.idAt(0) == QStringLiteral("a1"));
    // Titles are escaped; only the matched part is marked.
    CHECK(model.index(0).data(Ui::ArticleHitsModel::HtmlRole).toString().startsWith(
        QStringLiteral("<b>&lt;<span style=\"background-color:#ffe58f\">价格</span>&gt; &amp; 异议</b>")));
    CHECK(model.flags(model.index(0)).testFlag(Qt::ItemIsSelectable));

    model.setError(QStringLiteral("The knowledge base cannot be read: disk I/O error"));
    REQUIRE(model.rowCount() == 1);
    CHECK(model.idAt(0).isEmpty());
    CHECK(model.index(0).data().toString() == QStringLiteral("The knowledge base cannot be read: disk I/O error"));
    CHECK(model.flags(model.index(0)) == Qt::NoItemFlags);
    CHECK(model.index(0).data(Qt::ForegroundRole).value<QColor>() == QColor(0xc6, 0x28, 0x28));

    model.setHits({});
    CHECK(model.rowCount() == 0);
}
