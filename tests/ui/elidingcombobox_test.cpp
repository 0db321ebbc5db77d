#include "ui/elidingcombobox.h"

#include <catch2/catch.hpp>

#include <QChar>

using namespace Leadline;

TEST_CASE("GIVEN a filter narrower than its text WHEN it is drawn THEN the text ends with an "
          "ellipsis, and shows whole when there is room",
          "[ui][list]")
{
    Ui::ElidingComboBox box;
    box.addItem(QStringLiteral("Any last contact"));
    box.setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box.setMinimumContentsLength(4);

    box.resize(box.minimumSizeHint());
    box.show();
    const QString narrow = box.displayedText();
    CHECK(narrow.endsWith(QChar(0x2026)));
    CHECK(narrow.size() < box.currentText().size());

    box.resize(box.fontMetrics().horizontalAdvance(box.currentText()) * 2 + 60, box.height());
    CHECK(box.displayedText() == QStringLiteral("Any last contact"));
    // grab() paints through paintEvent: it must not fail with either width
    CHECK_FALSE(box.grab().isNull());
}
