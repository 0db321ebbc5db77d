#include <catch2/catch.hpp>

#include "tests/support/testworkspace.h"
#include "core/customers/customerrepository.h"
#include "core/customers/customersearch.h"
#include "core/customers/customersearchworker.h"
#include "core/storage/searchindex.h"
#include "core/storage/searchtokens.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace Leadline;
using Leadline::Test::TestWorkspace;

namespace {

constexpr qint64 day = 24LL * 3600 * 1000;

struct SearchFixture
{
    TestWorkspace workspace;
    CustomerRepository customers{workspace.store()};

    QString add(const QString &name, const QString &company, const QStringList &phones,
                const QString &email = {}, const QStringList &tags = {},
                const QString &contactName = {})
    {
        Customer c;
        c.name = name;
        c.company = company;
        c.email = email;
        c.tags = tags;
        Contact contact;
        contact.name = contactName.isEmpty() ? name : contactName;
        for (const QString &phone : phones)
            contact.phones.append({QString(), phone, QStringLiteral("手机")});
        c.contacts = {contact};
        auto id = customers.create(c);
        INFO(id.message().toStdString());
        REQUIRE(id.ok());
        return id.value();
    }

    QStringList names(const QString &text, const CustomerFilter &filter = {},
                      const CustomerSort &sort = {})
    {
        QStringList out;
        const auto hits = CustomerSearch(workspace.store()).search(text, filter, 50, 0, sort).value();
        for (const CustomerHit &hit : hits)
            out.append(hit.name);
        return out;
    }

    int rowCountOfCustomers() const { return workspace.rowCount(QStringLiteral("customers")); }

    int count(const QString &text, const CustomerFilter &filter = {}, int cap = 0)
    {
        return CustomerSearch(workspace.store()).count(text, filter, cap).value();
    }
};

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

TEST_CASE("Phone numbers are found from digits in any format and from their last digits", "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")});
    f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("010-8888 8000")});
    f.add(QStringLiteral("王芳"), QStringLiteral("上海云帆贸易有限公司"),
          {QStringLiteral("13700001111"), QStringLiteral("+86 139 1234 5678")});

    CHECK(f.names(QStringLiteral("138 0013 8000")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("+86 138-0013-8000")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("13800138000")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("008613800138000")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("(010) 8888-8000")) == QStringList{QStringLiteral("李娜")});
    // Last four digits: 138 0013 8000 and 010 8888 8000 both end in 8000.
    CHECK(sorted(f.names(QStringLiteral("8000"))) == sorted({QStringLiteral("王建国"), QStringLiteral("李娜")}));
    // Every phone of a customer counts, not only the first one.
    CHECK(f.names(QStringLiteral("139-1234-5678")) == QStringList{QStringLiteral("王芳")});
    CHECK(f.names(QStringLiteral("5678")) == QStringList{QStringLiteral("王芳")});
    // A number being typed from the start matches as a prefix.
    CHECK(f.names(QStringLiteral("1370000")) == QStringList{QStringLiteral("王芳")});
    CHECK(f.names(QStringLiteral("13999999999")).isEmpty());
    CHECK(f.count(QStringLiteral("8000")) == 2);
}

TEST_CASE("Any run of four or more digits inside a number finds it, edits and deletions followed", "[search]")
{
    SearchFixture f;
    const QString id = f.add(QStringLiteral("周敏"), QStringLiteral("成都天府茶业"), {QStringLiteral("156 8611 8797")});
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")});
    f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("010-8888 8000")});

    // The middle digits of 156 8611 8797, as typed or read off a note, with or without spaces.
    CHECK(f.names(QStringLiteral("5686118")) == QStringList{QStringLiteral("周敏")});
    CHECK(f.names(QStringLiteral("8611 87")) == QStringList{QStringLiteral("周敏")});
    CHECK(f.names(QStringLiteral("6861")) == QStringList{QStringLiteral("周敏")});
    CHECK(f.names(QStringLiteral("0013")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("8888")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.count(QStringLiteral("5686118")) == 1);
    CHECK(f.names(QStringLiteral("5686119")).isEmpty());
    // Three digits are too few to mean a number inside another: only starts and ends match.
    CHECK(f.names(QStringLiteral("686")).isEmpty());

    auto customer = f.customers.load(id).value();
    customer.contacts.first().phones.first().e164 = QStringLiteral("13912345678");
    REQUIRE(f.customers.save(customer).ok());
    CHECK(f.names(QStringLiteral("5686118")).isEmpty());
    CHECK(f.names(QStringLiteral("9123456")) == QStringList{QStringLiteral("周敏")});
    REQUIRE(f.customers.remove(id).ok());
    CHECK(f.names(QStringLiteral("9123456")).isEmpty());

    // A bulk load with the index paused finds the middle digits after the rebuild.
    REQUIRE(SearchIndex::pause(f.workspace.store()).ok());
    f.add(QStringLiteral("赵磊"), QStringLiteral("武汉长江物流"), {QStringLiteral("18727364554")});
    // (meanwhile a search reads the numbers themselves)
    CHECK(f.names(QStringLiteral("2736455")) == QStringList{QStringLiteral("赵磊")});
    REQUIRE(SearchIndex::rebuild(f.workspace.store()).ok());
    CHECK(f.names(QStringLiteral("2736455")) == QStringList{QStringLiteral("赵磊")});

    // A number holding the runs of four of the typed digits apart is not a match: 010 1234 2341
    // has 1234 and 2341 but not 12341.
    f.add(QStringLiteral("孙丽"), QStringLiteral("南京紫金茶庄"), {QStringLiteral("010-1234 2341")});
    CHECK(f.names(QStringLiteral("12341")).isEmpty());
    CHECK(f.names(QStringLiteral("12342341")) == QStringList{QStringLiteral("孙丽")});
}

TEST_CASE("The index of runs of four digits answers as a scan of every number would, through "
          "random edits",
          "[search][random]")
{
    for (quint32 seed = 1; seed <= 3; ++seed) {
        CAPTURE(seed);
        QRandomGenerator random(seed);
        SearchFixture f;
        const auto number = [&random] {
            QString digits = QStringLiteral("13");
            digits += QChar(u'5' + char16_t(random.bounded(5)));
            // Few distinct digits, so runs repeat and numbers share runs of four.
            for (int i = 0; i < 8; ++i)
                digits += QChar(u'0' + char16_t(random.bounded(3)));
            return digits;
        };
        QStringList ids;
        for (int i = 0; i < 60; ++i)
            ids.append(f.add(QStringLiteral("客户%1").arg(i), QString(), {number(), number()}));
        for (int step = 0; step < 80; ++step) {
            const QString id = ids.at(int(random.bounded(quint32(ids.size()))));
            auto loaded = f.customers.load(id);
            if (!loaded.ok())
                continue;
            if (random.bounded(5) == 0) {
                REQUIRE(f.customers.remove(id).ok());
            } else {
                Customer customer = loaded.value();
                customer.contacts.first().phones.first().e164 = number();
                REQUIRE(f.customers.save(customer).ok());
            }
        }
        QSqlQuery check(f.workspace.store().database());
        REQUIRE(check.exec(QStringLiteral("INSERT INTO phone_grams(phone_grams) VALUES('integrity-check')")));
        for (int probe = 0; probe < 40; ++probe) {
            const QString run = number().mid(2, 4 + int(random.bounded(4)));
            CAPTURE(run);
            QSqlQuery scan(f.workspace.store().database());
            REQUIRE(scan.exec(QStringLiteral(
                "SELECT count(DISTINCT c.id) FROM phones p JOIN customers c ON c.id = p.customer_id "
                "WHERE p.deleted = 0 AND c.deleted = 0 AND p.national LIKE '%%1%'").arg(run)));
            REQUIRE(scan.next());
            // Every customer holding the run is found (the fixture's page of 50 holds them all).
            const int holding = scan.value(0).toInt();
            CHECK(f.count(run) == holding);
            CHECK(f.names(run).size() == std::min(holding, 50));
        }
    }
}

TEST_CASE("Chinese substrings of one, two and more characters find the customer", "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")},
          QStringLiteral("wang@xinghe.cn"), {QStringLiteral("重点客户")});
    f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("13912345678")},
          QStringLiteral("Lina@YuanJing.com"), {QStringLiteral("VIP")}, QStringLiteral("陈静"));

    CHECK(f.names(QStringLiteral("科技")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("星河")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("星河科技")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("河")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("娜")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("远景软件")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("重点")) == QStringList{QStringLiteral("王建国")});   // tag
    CHECK(f.names(QStringLiteral("重点客户")) == QStringList{QStringLiteral("王建国")}); // tag
    CHECK(f.names(QStringLiteral("vip")) == QStringList{QStringLiteral("李娜")});      // tag, any case
    CHECK(f.names(QStringLiteral("VI")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("陈静")) == QStringList{QStringLiteral("李娜")});     // contact
    CHECK(f.names(QStringLiteral("xinghe")) == QStringList{QStringLiteral("王建国")}); // e-mail
    CHECK(f.names(QStringLiteral("lina@yuanjing.com")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("王 科技")) == QStringList{QStringLiteral("王建国")}); // two terms
    CHECK(f.names(QStringLiteral("王 软件")).isEmpty());
    CHECK(f.names(QStringLiteral("深圳")).isEmpty());
}

TEST_CASE("Whatever is typed into the search box gives results or nothing, never an error", "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("O'Brien \"Quote\""), QStringLiteral("Acme OR NEAR(x) *star*"), {QStringLiteral("13800138000")});
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13912345678")});

    const QStringList inputs = {
        QStringLiteral("'"), QStringLiteral("\""), QStringLiteral("*"), QStringLiteral("OR"),
        QStringLiteral("NEAR("), QStringLiteral("-"), QStringLiteral("^"), QStringLiteral("a\"b"),
        QStringLiteral("王\" OR \"李"), QStringLiteral("%"), QStringLiteral("_"), QStringLiteral("\\"),
        QStringLiteral("NOT"), QStringLiteral("AND"), QStringLiteral("("), QStringLiteral(")"),
        QStringLiteral(":"), QStringLiteral("name:王"), QStringLiteral("{name}:x"),
        QStringLiteral("'; DROP TABLE customers; --"), QStringLiteral("\"\"\""), QStringLiteral("*王*"),
        QStringLiteral("+"), QStringLiteral("++86"), QStringLiteral("\t\n"), QString(QChar(0)),
        QStringLiteral("星河*"), QStringLiteral("^星河"), QStringLiteral("-科技")};
    for (const QString &input : inputs) {
        INFO("typed: " << input.toStdString());
        const QStringList found = f.names(input);
        CHECK(found.size() <= 2);
        CHECK(f.count(input) == found.size());
    }
    CHECK(f.rowCountOfCustomers() == 2);
    // Metacharacters are matched literally, as the text they are.
    CHECK(f.names(QStringLiteral("NEAR(")) == QStringList{QStringLiteral("O'Brien \"Quote\"")});
    CHECK(f.names(QStringLiteral("O'Brien")) == QStringList{QStringLiteral("O'Brien \"Quote\"")});
    CHECK(f.names(QStringLiteral("\"Quote\"")) == QStringList{QStringLiteral("O'Brien \"Quote\"")});
    CHECK(f.names(QStringLiteral("*star*")) == QStringList{QStringLiteral("O'Brien \"Quote\"")});
    CHECK(f.names(QStringLiteral("OR")) == QStringList{QStringLiteral("O'Brien \"Quote\"")});
    CHECK(f.names(QStringLiteral("王\" OR \"李")).isEmpty());
}

TEST_CASE("Exact phone and exact name matches come first, then name prefixes, then the rest", "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("赵六"), QStringLiteral("李明科技"), {QStringLiteral("13600000001")});
    f.add(QStringLiteral("张李明"), QStringLiteral("远景"), {QStringLiteral("13600000002")});
    f.add(QStringLiteral("李明华"), QStringLiteral("云帆"), {QStringLiteral("13600000003")});
    f.add(QStringLiteral("李明"), QStringLiteral("星河"), {QStringLiteral("13600000004")});

    CHECK(f.names(QStringLiteral("李明")) == QStringList{QStringLiteral("李明"), QStringLiteral("李明华"),
                                                         QStringLiteral("张李明"), QStringLiteral("赵六")});

    f.add(QStringLiteral("Anna"), QStringLiteral("Annapurna Trading"), {QStringLiteral("13600000005")});
    f.add(QStringLiteral("Annabel"), QStringLiteral("Bell"), {QStringLiteral("13600000006")});
    f.add(QStringLiteral("Joanna"), QStringLiteral("Jo"), {QStringLiteral("13600000007")});
    f.add(QStringLiteral("Zed"), QStringLiteral("Zed"), {QStringLiteral("13600000008")}, QStringLiteral("anna@zed.io"));
    CHECK(f.names(QStringLiteral("Anna")) == QStringList{QStringLiteral("Anna"), QStringLiteral("Annabel"),
                                                        QStringLiteral("Joanna"), QStringLiteral("Zed")});

    // The exact phone beats a customer whose phone merely ends with the same digits.
    f.add(QStringLiteral("孙七"), QStringLiteral("七"), {QStringLiteral("13600000001")});
    const QStringList byPhone = f.names(QStringLiteral("136 0000 0001"));
    REQUIRE(byPhone.size() == 2);
    CHECK(sorted(byPhone) == sorted({QStringLiteral("赵六"), QStringLiteral("孙七")}));
    f.add(QStringLiteral("周八"), QStringLiteral("八"), {QStringLiteral("18800000001")});
    CHECK(f.names(QStringLiteral("00000001")).size() == 3);
    CHECK(f.names(QStringLiteral("18800000001")) == QStringList{QStringLiteral("周八")});
    CHECK(f.names(QStringLiteral("0000 0001")).last() == QStringLiteral("周八"));
}

TEST_CASE("Filters narrow the list by stage, intent, owner, pool, tag, source, score and last contact", "[search]")
{
    SearchFixture f;
    const qint64 now = f.workspace.clock().nowMs();
    auto make = [&](const QString &name, const QString &stage, const QString &intent,
                    const QString &owner, const QString &source, int score,
                    std::optional<qint64> lastContact, const QStringList &tags) {
        Customer c;
        c.name = name;
        c.stage = stage;
        c.intent = intent;
        c.ownerId = owner;
        c.source = source;
        c.score = score;
        c.lastContactAt = lastContact;
        c.tags = tags;
        REQUIRE(f.customers.create(c).ok());
    };
    make(QStringLiteral("甲"), QStringLiteral("首次联系"), QStringLiteral("高"), QStringLiteral("agent-me"),
         QStringLiteral("官网"), 90, now - 1 * day, {QStringLiteral("VIP")});
    make(QStringLiteral("乙"), QStringLiteral("需求沟通"), QStringLiteral("中"), QStringLiteral("agent-2"),
         QStringLiteral("展会"), 55, now - 10 * day, {});
    make(QStringLiteral("丙"), QStringLiteral("需求沟通"), QStringLiteral("高"), QString(),
         QStringLiteral("官网"), 20, std::nullopt, {QStringLiteral("VIP")});
    make(QStringLiteral("丁"), QStringLiteral("成交"), QStringLiteral("低"), QStringLiteral("agent-me"),
         QStringLiteral("转介绍"), 70, now - 40 * day, {});

    CustomerFilter stage;
    stage.stage = QStringLiteral("需求沟通");
    CHECK(sorted(f.names({}, stage)) == sorted({QStringLiteral("乙"), QStringLiteral("丙")}));
    CustomerFilter intent;
    intent.intent = QStringLiteral("高");
    CHECK(sorted(f.names({}, intent)) == sorted({QStringLiteral("甲"), QStringLiteral("丙")}));
    CustomerFilter owner;
    owner.ownerId = QStringLiteral("agent-me");
    CHECK(sorted(f.names({}, owner)) == sorted({QStringLiteral("甲"), QStringLiteral("丁")}));
    CustomerFilter pool;
    pool.poolOnly = true;
    CHECK(f.names({}, pool) == QStringList{QStringLiteral("丙")});
    CustomerFilter tag;
    tag.tag = QStringLiteral("VIP");
    CHECK(sorted(f.names({}, tag)) == sorted({QStringLiteral("甲"), QStringLiteral("丙")}));
    CustomerFilter source;
    source.source = QStringLiteral("官网");
    source.intent = QStringLiteral("高");
    CHECK(sorted(f.names({}, source)) == sorted({QStringLiteral("甲"), QStringLiteral("丙")}));
    CustomerFilter band;
    band.minScore = 50;
    band.maxScore = 79;
    CHECK(sorted(f.names({}, band)) == sorted({QStringLiteral("乙"), QStringLiteral("丁")}));
    CustomerFilter recent;
    recent.contactedWithinDays = 7;
    CHECK(f.names({}, recent) == QStringList{QStringLiteral("甲")});
    CustomerFilter stale;
    stale.notContactedForDays = 30;
    CHECK(sorted(f.names({}, stale)) == sorted({QStringLiteral("丙"), QStringLiteral("丁")}));
    // A filter applies to text searches too.
    CHECK(f.names(QStringLiteral("甲"), stage).isEmpty());
    CHECK(f.count({}, stage) == 2);
    CHECK(f.count(QStringLiteral("丙"), stage) == 1);
}

TEST_CASE("The list sorts by name, stage, score and last contact, and counts can be capped", "[search]")
{
    SearchFixture f;
    const qint64 now = f.workspace.clock().nowMs();
    const QStringList names = {QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("D"), QStringLiteral("B")};
    const QList<int> scores = {30, 10, 40, 20};
    for (int i = 0; i < names.size(); ++i) {
        Customer c;
        c.name = names.at(i);
        c.score = scores.at(i);
        c.lastContactAt = now - (i + 1) * day; // C newest … B oldest
        REQUIRE(f.customers.create(c).ok());
    }
    CHECK(f.names({}) == QStringList{QStringLiteral("D"), QStringLiteral("C"), QStringLiteral("B"), QStringLiteral("A")});
    CHECK(f.names({}, {}, {CustomerSort::Key::Name, Qt::AscendingOrder})
          == QStringList{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D")});
    CHECK(f.names({}, {}, {CustomerSort::Key::Name, Qt::DescendingOrder})
          == QStringList{QStringLiteral("D"), QStringLiteral("C"), QStringLiteral("B"), QStringLiteral("A")});
    CHECK(f.names({}, {}, {CustomerSort::Key::Score, Qt::AscendingOrder})
          == QStringList{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D")});
    CHECK(f.names({}, {}, {CustomerSort::Key::LastContact, Qt::DescendingOrder})
          == QStringList{QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("D"), QStringLiteral("B")});
    // A sorted text search keeps only the matches.
    f.add(QStringLiteral("Ab"), QStringLiteral("x"), {});
    CHECK(f.names(QStringLiteral("a"), {}, {CustomerSort::Key::Name, Qt::DescendingOrder})
          == QStringList{QStringLiteral("Ab"), QStringLiteral("A")});
    CHECK(f.count({}) == 5);
    CHECK(f.count({}, {}, 3) == 4); // "more than 3"
    CHECK(f.count(QStringLiteral("a"), {}, 1) == 2);
    CHECK(f.count(QStringLiteral("a"), {}, 10) == 2);
    // Paging returns the next rows in the same order.
    const auto page = CustomerSearch(f.workspace.store()).search({}, {}, 2, 2, {CustomerSort::Key::Name, Qt::AscendingOrder}).value();
    REQUIRE(page.size() == 2);
    CHECK(page.at(0).name == QStringLiteral("B"));
    CHECK(page.at(1).name == QStringLiteral("C"));
}

TEST_CASE("The search index follows edits, tags, contacts and deletions", "[search]")
{
    SearchFixture f;
    const QString id = f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")});
    auto customer = f.customers.load(id).value();
    customer.name = QStringLiteral("王建军");
    customer.company = QStringLiteral("深圳海岸物流");
    customer.tags = {QStringLiteral("回访")};
    customer.contacts.first().name = QStringLiteral("刘秘书");
    REQUIRE(f.customers.save(customer).ok());
    CHECK(f.names(QStringLiteral("星河")).isEmpty());
    CHECK(f.names(QStringLiteral("建国")).isEmpty());
    CHECK(f.names(QStringLiteral("海岸")) == QStringList{QStringLiteral("王建军")});
    CHECK(f.names(QStringLiteral("回访")) == QStringList{QStringLiteral("王建军")});
    CHECK(f.names(QStringLiteral("刘秘书")) == QStringList{QStringLiteral("王建军")});
    CHECK(f.names(QStringLiteral("秘")) == QStringList{QStringLiteral("王建军")});

    customer = f.customers.load(id).value();
    customer.tags.clear();
    REQUIRE(f.customers.save(customer).ok());
    CHECK(f.names(QStringLiteral("回访")).isEmpty());

    REQUIRE(f.customers.remove(id).ok());
    CHECK(f.names(QStringLiteral("海岸")).isEmpty());
    CHECK(f.names(QStringLiteral("王")).isEmpty());
    CHECK(f.names(QStringLiteral("13800138000")).isEmpty());
}

TEST_CASE("A paused search index catches up in one rebuild", "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")});
    REQUIRE(SearchIndex::pause(f.workspace.store()).ok());
    f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("13912345678")},
          {}, {QStringLiteral("VIP")});
    CHECK(f.workspace.rowCount(QStringLiteral("customer_fts")) == 1); // not indexed while paused
    CHECK(f.names(QStringLiteral("远景")) == QStringList{QStringLiteral("李娜")}); // rows read
    REQUIRE(SearchIndex::rebuild(f.workspace.store()).ok());
    CHECK_FALSE(SearchIndex::isPaused(f.workspace.store()));
    CHECK(f.names(QStringLiteral("远景")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("VIP")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("星河")) == QStringList{QStringLiteral("王建国")});
    f.add(QStringLiteral("张伟"), QStringLiteral("远景二号"), {QStringLiteral("13700001111")});
    CHECK(f.names(QStringLiteral("远景")).size() == 2); // triggers run again
}

TEST_CASE("Short-query tokens are every character and every adjacent pair, once", "[search]")
{
    CHECK(SearchTokens::grams(QStringLiteral("星河科技")) == QStringLiteral("星 星河 河 河科 科 科技 技"));
    CHECK(SearchTokens::grams(QStringLiteral("Ab-c a")) == QStringLiteral("a ab b c"));
    CHECK(SearchTokens::grams(QStringLiteral("王芳 wf@qq.com 星")) == QStringLiteral("王 王芳 芳 星"));
    CHECK(SearchTokens::phrase(QStringLiteral("a\"b")) == QStringLiteral("\"a\"\"b\""));
    CHECK(SearchTokens::isGramTerm(QStringLiteral("科技")));
    CHECK(SearchTokens::shortKey(QStringLiteral("王\"")) == QStringLiteral("王"));
    CHECK(SearchTokens::shortKey(QStringLiteral("'-")).isEmpty());
}

TEST_CASE("A damaged workspace makes the search fail with a message, never answer with fewer rows",
          "[search][damage]")
{
    TestWorkspace workspace;
    {
        CustomerRepository customers(workspace.store());
        for (int i = 0; i < 400; ++i) {
            Customer c;
            c.name = QStringLiteral("损坏测试客户%1").arg(i);
            c.company = QStringLiteral("北京星河科技有限公司第%1分部").arg(i);
            REQUIRE(customers.create(c));
        }
        const auto healthy = CustomerSearch(workspace.store()).search({}, {}, 1000);
        REQUIRE(healthy);
        REQUIRE(healthy->size() == 400);
    }
    QSqlQuery query(workspace.store().database());
    REQUIRE(query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    REQUIRE(query.exec(QStringLiteral("PRAGMA page_size")));
    REQUIRE(query.next());
    const qint64 pageSize = query.value(0).toLongLong();
    REQUIRE(query.exec(QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'customers'")));
    REQUIRE(query.next());
    const qint64 customersRoot = query.value(0).toLongLong();
    query.finish();
    workspace.close();

    // GIVEN the customer table's root page overwritten in the middle of the file (the header and
    // the schema stay intact, so the workspace still opens)
    QFile file(workspace.path());
    REQUIRE(file.open(QIODevice::ReadWrite));
    REQUIRE(file.seek((customersRoot - 1) * pageSize));
    REQUIRE(file.write(QByteArray(int(pageSize), char(0x5a))) == pageSize);
    file.close();

    // WHEN the workspace is opened again
    const auto reopened = LocalStore::openExisting(workspace.path());

    // THEN the open check finds the damaged page before any search can answer short (damage
    // found later, in use, fails the read: tests/core/storage/integrity_test.cpp)
    REQUIRE_FALSE(reopened.ok());
    CHECK(reopened.message().contains(QStringLiteral("damaged")));
}

TEST_CASE("The search thread sends the rows before their count and drops a request a newer one replaced", "[search][worker]")
{
    SearchFixture f;
    for (int i = 0; i < 250; ++i)
        f.add(QStringLiteral("客户%1").arg(i), QStringLiteral("公司"), {});
    std::atomic<quint64> latest{1};
    CustomerSearchWorker worker(f.workspace.path(), &f.workspace.clock(), &latest);
    QStringList heard;
    QObject::connect(&worker, &CustomerSearchWorker::pageReady,
                     [&](quint64 generation, int offset, const QList<CustomerHit> &hits, int total) {
                         heard.append(QStringLiteral("page %1 %2 %3 %4")
                                          .arg(generation).arg(offset).arg(hits.size()).arg(total));
                     });
    QObject::connect(&worker, &CustomerSearchWorker::countReady, [&](quint64 generation, int total) {
        heard.append(QStringLiteral("count %1 %2").arg(generation).arg(total));
    });
    QObject::connect(&worker, &CustomerSearchWorker::pageFailed,
                     [&](quint64, const QString &message) { heard.append(message); });

    CustomerSearchRequest request;
    request.generation = 1;
    request.text = QStringLiteral("客户");
    request.limit = 200;
    request.countCap = 10000;
    worker.run(request); // a full page: the rows first, then the count
    CHECK(heard == QStringList{QStringLiteral("page 1 0 200 -1"), QStringLiteral("count 1 250")});

    heard.clear();
    request.text = QStringLiteral("客户1"); // 客户1, 客户10–19, 客户100–199: the page is the answer
    worker.run(request);
    CHECK(heard == QStringList{QStringLiteral("page 1 0 111 111")});

    heard.clear();
    request.offset = 200; // a further page counts nothing
    request.countCap = 0;
    request.text = QStringLiteral("客户");
    worker.run(request);
    CHECK(heard == QStringList{QStringLiteral("page 1 200 50 -1")});

    heard.clear();
    latest = 2; // typed on: the older request is not run
    worker.interrupt(); // nothing is running: changes nothing
    worker.run(request);
    CHECK(heard.isEmpty());
    request.generation = 2;
    worker.run(request);
    CHECK(heard == QStringList{QStringLiteral("page 2 200 50 -1")});
}

TEST_CASE("While a first sync builds the search index, a search reads the rows and finds names, "
          "companies, e-mail and phone digits",
          "[search]")
{
    SearchFixture f;
    f.add(QStringLiteral("王建国"), QStringLiteral("北京星河科技有限公司"), {QStringLiteral("13800138000")},
          QStringLiteral("wang@xinghe.cn"), {QStringLiteral("重点客户")});
    f.add(QStringLiteral("李娜"), QStringLiteral("杭州远景软件"), {QStringLiteral("13912345678")},
          QStringLiteral("Lina@YuanJing.com"), {QStringLiteral("VIP")}, QStringLiteral("陈静"));
    // GIVEN the state a first sync leaves while the index is built: rows in, index paused and empty
    REQUIRE(SearchIndex::pause(f.workspace.store()));
    QSqlQuery empty(f.workspace.store().database());
    REQUIRE(empty.exec(QStringLiteral("DELETE FROM customer_fts")));
    REQUIRE(empty.exec(QStringLiteral("DELETE FROM customer_grams")));
    REQUIRE(empty.exec(QStringLiteral("INSERT INTO phone_grams(phone_grams) VALUES('delete-all')")));
    CHECK_FALSE(CustomerSearch(f.workspace.store()).indexReady());

    // THEN substrings of names, companies and e-mail, and digits inside a number, still match
    CHECK(f.names(QStringLiteral("河")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("星河科技")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("娜")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("XINGHE")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("王 科技")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("王 软件")).isEmpty());
    CHECK(f.names(QStringLiteral("1234")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("0013")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.count(QStringLiteral("A")) == 2);
    CHECK(f.names(QStringLiteral("河"), {}, {CustomerSort::Key::Name, Qt::AscendingOrder})
          == QStringList{QStringLiteral("王建国")});

    // WHEN the index is built, tags and contacts match again and the index is used
    REQUIRE(SearchIndex::rebuild(f.workspace.store()));
    CHECK(CustomerSearch(f.workspace.store()).indexReady());
    CHECK(f.names(QStringLiteral("重点")) == QStringList{QStringLiteral("王建国")});
    CHECK(f.names(QStringLiteral("陈静")) == QStringList{QStringLiteral("李娜")});
    CHECK(f.names(QStringLiteral("0013")) == QStringList{QStringLiteral("王建国")});
}
