#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "tests/ui/uilanguage.h"
#include "core/customers/customerrepository.h"
#include "ui/customerpanel.h"

#include <QLabel>
#include <QTest>

using namespace Leadline;

TEST_CASE("GIVEN the 360 view squeezed to 300 px WHEN it shows a customer in Chinese THEN every "
          "profile field name stays on one line and long values wrap",
          "[ui][layout]")
{
    const QString language = GENERATE(QStringLiteral("zh_CN"), QStringLiteral("en"));
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    INFO(language.toStdString());
    Leadline::Test::UiServicesFixture f;
    Customer c;
    c.name = QStringLiteral("王建国");
    c.company = QStringLiteral("北京星河科技有限公司");
    c.title = QStringLiteral("华北大区采购部高级经理兼供应链与物流中心负责人");
    c.email = QStringLiteral("wang@xinghe.cn");
    c.industry = QStringLiteral("制造业");
    c.region = QStringLiteral("北京市海淀区中关村");
    c.tags = {QStringLiteral("展会"), QStringLiteral("重点客户"), QStringLiteral("老客户转介绍")};
    c.scoreReasons = QStringLiteral(R"([{"points":20,"reason":"意向明确，已要求报价"},)"
                                    R"({"points":-5,"reason":"上次通话未接听"}])");
    const QString id = f.customers.create(c).value();

    Ui::CustomerPanel panel(f.services);
    panel.showCustomer(id);
    panel.resize(300, 700);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    CHECK(panel.width() == 300);

    const QList<QLabel *> names = panel.findChildren<QLabel *>(QStringLiteral("profileFieldName"));
    // Title, e-mail, industry, region, source, customer type, tags, last contact, score reasons.
    REQUIRE(names.size() == 9);
    const QList<QLabel *> values = panel.findChildren<QLabel *>(QStringLiteral("profileFieldValue"));
    REQUIRE(values.size() == names.size());
    for (const QLabel *name : names) {
        INFO(name->text().toStdString());
        const int line = name->fontMetrics().lineSpacing();
        // Laid out on one line (a wrapping label would need more height at its width) and
        // given the whole line's width, never squeezed to a character per line.
        CHECK(name->heightForWidth(name->width()) < 2 * line);
        CHECK(name->width() >= name->fontMetrics().horizontalAdvance(name->text()));
        CHECK(name->y() == values.at(names.indexOf(name))->y()); // beside its value
    }
    // The values take the rest of the row and wrap: the long title needs two lines or more.
    CHECK(values.first()->text() == c.title);
    CHECK(values.first()->height() >= 2 * values.first()->fontMetrics().lineSpacing());
    CHECK(values.first()->geometry().right() <= panel.width());
}
