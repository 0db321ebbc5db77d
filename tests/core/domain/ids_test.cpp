#include <catch2/catch.hpp>

#include "core/domain/ids.h"

#include <QDateTime>
#include <QSet>
#include <QUuid>

using namespace Leadline;

TEST_CASE("New ids are version 7 UUIDs that sort in the order they were made", "[ids]")
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QStringList ids;
    for (int i = 0; i < 20000; ++i)
        ids.append(newId());
    const qint64 after = QDateTime::currentMSecsSinceEpoch();

    QSet<QString> distinct(ids.cbegin(), ids.cend());
    CHECK(distinct.size() == ids.size());
    for (int i = 1; i < ids.size(); ++i) {
        INFO(ids.at(i - 1).toStdString() << " then " << ids.at(i).toStdString());
        REQUIRE(ids.at(i - 1) < ids.at(i));
    }
    for (const QString &id : {ids.first(), ids.last()}) {
        const QUuid uuid(id);
        REQUIRE(!uuid.isNull());
        CHECK(uuid.toString(QUuid::WithoutBraces) == id);
        CHECK(id.size() == 36);
        // Version 7 (Qt 6.4's QUuid::version() knows only 1 to 5) and the RFC 9562 variant.
        CHECK(id.at(14) == QLatin1Char('7'));
        CHECK(QStringLiteral("89ab").contains(id.at(19)));
        CHECK(uuid.variant() == QUuid::DCE);
        // The first 48 bits are the time it was made, in milliseconds (a burst of more than
        // 4,096 ids in one millisecond borrows from the next ones).
        const qint64 stamp = QString(id).remove(QLatin1Char('-')).left(12).toLongLong(nullptr, 16);
        CHECK(stamp >= before);
        CHECK(stamp <= after + 20000 / 4096 + 1);
    }
}
