#include "uilanguage.h"
#include "tests/support/uiservicesfixture.h"
#include "ui/customereditor.h"

#include <catch2/catch.hpp>

#include <QKeySequence>
#include <QLabel>
#include <QMap>

using namespace Leadline;

// Every field of the editor is reached with Alt and its underlined letter: two fields with the
// same letter would make one of them unreachable by key (Alt only cycles between them).
TEST_CASE("GIVEN the customer editor WHEN its field names are read THEN no two share a mnemonic",
          "[ui][editor]")
{
    for (const char *language : {"en", "zh_CN"}) {
        CAPTURE(language);
        Test::UiLanguage ui{QLatin1String(language)};
        REQUIRE(ui.loaded());
        Test::UiServicesFixture f;
        Ui::CustomerEditor editor(f.services);
        editor.setCustomer({});
        QMap<QKeySequence, QString> taken;
        int fields = 0;
        for (const QLabel *label : editor.findChildren<QLabel *>()) {
            const QKeySequence key = QKeySequence::mnemonic(label->text());
            if (key.isEmpty() || !label->buddy())
                continue;
            ++fields;
            CAPTURE(label->text());
            CHECK_FALSE(taken.contains(key));
            taken.insert(key, label->text());
        }
        CHECK(fields >= 12);
    }
}
