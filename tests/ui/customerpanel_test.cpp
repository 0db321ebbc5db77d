#include <catch2/catch.hpp>

#include "tests/support/uiservicesfixture.h"
#include "tests/ui/uilanguage.h"
#include "core/customers/customerrepository.h"
#include "ui/customerpanel.h"

#include <QLabel>
#include <QListView>
#include <QTextLayout>
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

// Each timeline row is as tall as its wrapped text: none overlaps the next or cuts a note, and a
// very long note leaves no blank area, at the 360 view's width on a laptop and on a full-HD
// screen, in both languages.
TEST_CASE("GIVEN a timeline with short, Chinese and very long notes WHEN the 360 view is narrow or "
          "wide THEN every row fits its text, without overlap or blank space",
          "[ui][layout][timeline]")
{
    const QString language = GENERATE(QStringLiteral("zh_CN"), QStringLiteral("en"));
    const int panelWidth = GENERATE(as<int>(), 300, 760);
    Leadline::Test::UiLanguage ui(language);
    REQUIRE(ui.loaded());
    Leadline::Test::UiServicesFixture f;
    Customer c;
    c.name = QStringLiteral("王建国");
    const QString id = f.customers.create(c).value();
    QString longNote;
    while (longNote.size() < 5249)
        longNote += QStringLiteral("客户说下周再联系，需要先和财务确认预算。The budget is confirmed next week. ");
    longNote.truncate(5249);
    QString englishNote;
    while (englishNote.size() < 5249)
        englishNote += QStringLiteral("Asked for the three-year price list and a call with their finance lead. ");
    englishNote.truncate(5249);
    for (const QString &body : {englishNote, QStringLiteral("已加微信"),
                                QStringLiteral("客户对价格敏感，希望我们提供三年的分期方案，并且要求在月底前给出正式报价单，"
                                               "同时抄送采购部的李经理和财务部的张总。"),
                                longNote}) {
        Note note;
        note.customerId = id;
        note.body = body;
        REQUIRE(f.activities.addNote(note));
    }
    Ui::CustomerPanel panel(f.services);
    panel.showCustomer(id);
    panel.resize(panelWidth, 900);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    auto *view = panel.findChild<QListView *>(QStringLiteral("timeline"));
    REQUIRE(view);
    QCoreApplication::processEvents();
    const QAbstractItemModel *model = view->model();
    REQUIRE(model->rowCount() == 4);
    const QFontMetrics metrics(view->font());
    // The height of the text as the style draws it: each wrapped line at its own height (Chinese
    // lines take the taller fallback font's).
    const auto textHeight = [&](QString text) {
        text.replace(QLatin1Char('\n'), QChar::LineSeparator);
        QTextLayout layout(text, view->font());
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout.setTextOption(option);
        layout.beginLayout();
        qreal height = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(view->viewport()->width() - 12);
            height += line.height();
        }
        layout.endLayout();
        return int(height);
    };
    int previousBottom = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        const QRect rect = view->visualRect(index);
        const QString text = index.data().toString();
        const int needed = textHeight(text);
        INFO(language.toStdString() << " " << panelWidth << " row " << row << " (" << text.size() << " characters): "
             << rect.height() << " px for " << needed << " px of text");
        CHECK(rect.top() > previousBottom);
        CHECK(rect.height() >= needed);
        CHECK(rect.height() <= needed + 2 * metrics.lineSpacing());
        previousBottom = rect.bottom();
    }
}
