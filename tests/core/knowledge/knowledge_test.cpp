#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/knowledge/scriptrenderer.h"
#include "core/knowledge/articlerepository.h"
#include "core/reference/permissions.h"
#include "core/reference/referencerepository.h"
#include "core/knowledge/articlesearch.h"

#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

Article article(const char *title, const char *body, const char *tags = "")
{
    Article a;
    a.title = QString::fromUtf8(title);
    a.body = QString::fromUtf8(body);
    a.tags = QString::fromUtf8(tags);
    a.category = QStringLiteral("异议处理");
    return a;
}

QStringList titles(const QList<ArticleHit> &hits)
{
    QStringList out;
    for (const ArticleHit &hit : hits)
        out.append(hit.title);
    return out;
}

QStringList search(LocalStore &store, const char *text)
{
    return titles(ArticleSearch(store).search(QString::fromUtf8(text)).value());
}

QStringList u(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out.append(QString::fromUtf8(text));
    return out;
}

int outboxCount(LocalStore &store, const QString &op)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE table_name = 'articles' AND op = ?"));
    query.addBindValue(op);
    query.exec();
    return query.next() ? query.value(0).toInt() : -1;
}

} // namespace

// Supervisors and admins write the knowledge base.
void signInAsEditor(LocalStore &store)
{
    Agent editor;
    editor.id = QStringLiteral("kb-editor");
    editor.login = QStringLiteral("editor");
    editor.name = QStringLiteral("主管");
    editor.role = QStringLiteral("supervisor");
    REQUIRE(ReferenceRepository(store).addAgent(editor));
    store.setCurrentAgentId(editor.id);
}

TEST_CASE("Knowledge-base search ranks title hits first and highlights matches", "[knowledge]")
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    ArticleRepository articles(store);
    signInAsEditor(store);
    REQUIRE(articles.create(article("价格异议处理", "客户说太贵了：先认同，再换算成每人每天的成本。", "异议")));
    REQUIRE(articles.create(article("产品总览", "云鹊CRM的价格按用户计算，专业版每人每年1980元。", "介绍")));
    REQUIRE(articles.create(article("CRM integration guide", "REST API and webhooks for 科技公司.", "api")));
    REQUIRE(articles.create(article("星河科技案例", "北京星河科技有限公司上线三个月，效率提升40%。", "案例,价格")));

    SECTION("Chinese substrings of one, two and three characters")
    {
        CHECK(search(store, "价格") == u({"价格异议处理", "星河科技案例", "产品总览"}));
        CHECK(search(store, "贵") == u({"价格异议处理"}));
        CHECK(search(store, "星河科") == u({"星河科技案例"}));
        CHECK(search(store, "科技") == u({"星河科技案例", "CRM integration guide"}));
        CHECK(search(store, "每人每天").isEmpty() == false);
    }
    SECTION("English words, any case, and mixed queries")
    {
        CHECK(search(store, "crm") == u({"CRM integration guide", "产品总览"}));
        CHECK(search(store, "Webhooks") == u({"CRM integration guide"}));
        CHECK(search(store, "crm 价格") == u({"产品总览"}));
        CHECK(search(store, "api 科技") == u({"CRM integration guide"}));
    }
    SECTION("metacharacters are matched literally or ignored, never an error")
    {
        CHECK(search(store, "\"价格\"") == u({"价格异议处理", "星河科技案例", "产品总览"}));
        CHECK(search(store, "价格*") == u({"价格异议处理", "星河科技案例", "产品总览"}));
        CHECK(search(store, "NEAR(价格").isEmpty());
        CHECK(search(store, "价格 OR 介绍").isEmpty());
        CHECK(search(store, "'").isEmpty());
        CHECK(search(store, "*").isEmpty());
        CHECK(search(store, "\"").isEmpty());
        CHECK(search(store, "'); DROP TABLE articles; --").isEmpty());
        CHECK(search(store, "   ").isEmpty());
        CHECK(search(store, "价格") .size() == 3); // the table is still there
    }
    SECTION("highlight ranges in the title and the snippet")
    {
        const QList<ArticleHit> hits = ArticleSearch(store).search(QStringLiteral("价格")).value();
        REQUIRE(hits.size() == 3);
        CHECK(hits.at(0).titleRanges == QList<TextRange>{{0, 2}});
        CHECK(hits.at(2).titleRanges.isEmpty());
        // "云鹊CRM的价格按用户计算…": 价格 starts at character 6.
        REQUIRE(hits.at(2).snippetRanges.size() == 1);
        CHECK(hits.at(2).snippetRanges.at(0).start == 6);
        CHECK(hits.at(2).snippet.mid(6, 2) == QStringLiteral("价格"));
        CHECK(ArticleSearch::highlights(QStringLiteral("CRM and crm"), QStringLiteral("Crm"))
              == QList<TextRange>{{0, 3}, {8, 3}});
        CHECK(ArticleSearch::highlights(QStringLiteral("星河科技"), QStringLiteral("星河 河科"))
              == QList<TextRange>{{0, 3}});
    }
}

TEST_CASE("Scripts render merge fields for the customer on screen", "[knowledge]")
{
    Customer customer;
    customer.name = QStringLiteral("王芳");
    customer.company = QStringLiteral("北京星河科技有限公司");
    Contact contact;
    contact.name = QStringLiteral("李娜");
    Agent agent;
    agent.name = QStringLiteral("张伟");
    const QString script = QStringLiteral("{contact.name}您好，我是{agent.name}，{customer.company}"
                                          "的{contact.title}；行业：{customer.industry}；{foo.bar}");
    const QString kept = script;

    GIVEN("a customer, a contact without a title and an agent")
    {
        const QString rendered = ScriptRenderer(customer, contact, agent).render(script);
        THEN("known fields are filled, empty ones and unknown ones are marked")
        {
            CHECK(rendered == QStringLiteral("李娜您好，我是张伟，北京星河科技有限公司的⟦missing: "
                                             "contact.title⟧；行业：⟦missing: customer.industry⟧；"
                                             "⟦unknown: foo.bar⟧"));
            CHECK(script == kept);
        }
    }
    GIVEN("no contact and no agent")
    {
        const QString rendered = ScriptRenderer(customer, std::nullopt, std::nullopt)
                                     .render(QStringLiteral("{contact.name}/{agent.name}/{customer.name}"));
        CHECK(rendered == QStringLiteral("⟦missing: contact.name⟧/⟦missing: agent.name⟧/王芳"));
    }
    CHECK(ScriptRenderer::fieldsIn(script)
          == QStringList{QStringLiteral("contact.name"), QStringLiteral("agent.name"),
                         QStringLiteral("customer.company"), QStringLiteral("contact.title"),
                         QStringLiteral("customer.industry"), QStringLiteral("foo.bar")});
    CHECK(ScriptRenderer(customer, contact, agent).render(QStringLiteral("{ not a field } {x}"))
          == QStringLiteral("{ not a field } {x}"));
}

TEST_CASE("Suggestions fit the customer's stage, type and industry, best first", "[knowledge]")
{
    TestWorkspace workspace;
    ArticleRepository articles(workspace.store());
    signInAsEditor(workspace.store());
    auto make = [&](const char *title, const char *stages, const char *industries, const char *types) {
        Article a = article(title, "正文");
        a.stages = QString::fromUtf8(stages);
        a.industries = QString::fromUtf8(industries);
        a.customerTypes = QString::fromUtf8(types);
        auto id = articles.create(a);
        REQUIRE(id);
        return id.value();
    };
    make("S1 报价话术", "报价阶段, 待签约", "", "价格敏感型");          // 4 + 3 = 7
    const QString best = make("S2 制造业报价", "报价阶段", "制造业", "价格敏感型"); // 9
    make("S3 制造业方案", "", "制造业，医疗健康", "");                 // 2
    make("S4 开场白", "首次联系", "", "");                            // 0: left out
    make("S5 价格异议", "", "", "技术导向型、价格敏感型");              // 3

    const ArticleSearch search(workspace.store());
    const auto hits = search.suggestions(QStringLiteral("报价阶段"), QStringLiteral("制造业"),
                                         QStringLiteral("价格敏感型")).value();
    CHECK(titles(hits) == u({"S2 制造业报价", "S1 报价话术", "S5 价格异议", "S3 制造业方案"}));
    CHECK(hits.at(0).score == 9);
    // A customer without an industry or type gets what fits the stage only.
    CHECK(titles(search.suggestions(QStringLiteral("首次联系"), QString(), QString()).value())
          == u({"S4 开场白"}));

    REQUIRE(articles.setRetired(best, true));
    CHECK(titles(search.suggestions(QStringLiteral("报价阶段"), QStringLiteral("制造业"),
                                    QStringLiteral("价格敏感型")).value())
          == u({"S1 报价话术", "S5 价格异议", "S3 制造业方案"}));
}

TEST_CASE("Editing an article goes through the store and the outbox", "[knowledge]")
{
    TestWorkspace workspace;
    LocalStore &store = workspace.store();
    ArticleRepository articles(store);
    signInAsEditor(store);

    auto id = articles.create(article("续费话术", "到期前30天电话沟通续费。", "续费"));
    REQUIRE(id);
    CHECK(outboxCount(store, QStringLiteral("insert")) == 1);

    Article edited = *articles.load(id.value());
    edited.body = QStringLiteral("到期前60天发送年度使用报告，{customer.name}。");
    edited.tags = QStringLiteral("续费， 老客户");
    REQUIRE(articles.save(edited));
    CHECK(outboxCount(store, QStringLiteral("update")) == 1);

    const Article loaded = *articles.load(id.value());
    CHECK(loaded.body == edited.body);
    CHECK(loaded.tags == QStringLiteral("续费,老客户"));
    CHECK(loaded.updatedAt == TestWorkspace::defaultStartMs);
    CHECK(search(store, "年度使用报告") == u({"续费话术"}));
    CHECK(search(store, "电话沟通").isEmpty());
    CHECK(search(store, "老客户") == u({"续费话术"}));

    REQUIRE(articles.setRetired(id.value(), true));
    CHECK(outboxCount(store, QStringLiteral("update")) == 2);
    CHECK(search(store, "续费").isEmpty());
    CHECK(articles.all().isEmpty());
    CHECK(articles.all(true).size() == 1);

    SECTION("agents read but cannot write")
    {
        ReferenceRepository reference(store);
        Agent agent;
        agent.id = QStringLiteral("agent-me");
        agent.login = QStringLiteral("me");
        agent.name = QStringLiteral("我");
        REQUIRE(reference.addAgent(agent));
        store.setCurrentAgentId(agent.id);
        CHECK_FALSE(Permissions(store).may(Permissions::Action::EditKnowledgeBase));
        CHECK_FALSE(articles.create(article("新文章", "正文")));
        CHECK_FALSE(articles.setRetired(id.value(), false));
    }
    SECTION("the shipped articles import once")
    {
        auto added = articles.importDefaults();
        REQUIRE(added);
        CHECK(added.value() >= 30);
        auto again = articles.importDefaults();
        REQUIRE(again);
        CHECK(again.value() == 0);
        CHECK(search(store, "太贵").isEmpty() == false);
    }
}
