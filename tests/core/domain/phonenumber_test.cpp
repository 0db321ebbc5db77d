#include <catch2/catch.hpp>

#include "core/domain/phonenumber.h"

using namespace Leadline;

TEST_CASE("Chinese mobile numbers normalize to E.164 whatever the typing", "[phone]")
{
    const char *inputs[] = {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
                            "+86-138-0013-8000", "008613800138000", "(+86) 13800138000"};
    for (const char *input : inputs) {
        INFO(input);
        const auto parsed = PhoneNumbers::parse(QString::fromUtf8(input));
        REQUIRE(parsed.ok());
        CHECK(parsed->e164 == QStringLiteral("+8613800138000"));
        CHECK(parsed->e164Digits == QStringLiteral("8613800138000"));
        CHECK(parsed->national == QStringLiteral("13800138000"));
        CHECK(parsed->nationalRev == QStringLiteral("00083100831"));
        CHECK(parsed->region == QStringLiteral("CN"));
    }
}

TEST_CASE("Landlines and international numbers keep their region", "[phone]")
{
    const auto beijing = PhoneNumbers::parse(QStringLiteral("010-6552 9988"));
    REQUIRE(beijing.ok());
    CHECK(beijing->e164 == QStringLiteral("+861065529988"));

    const auto london = PhoneNumbers::parse(QStringLiteral("+44 20 7946 0958"));
    REQUIRE(london.ok());
    CHECK(london->e164 == QStringLiteral("+442079460958"));
    CHECK(london->region == QStringLiteral("GB"));

    const auto newYork = PhoneNumbers::parse(QStringLiteral("(212) 555-0143"), QStringLiteral("US"));
    REQUIRE(newYork.ok());
    CHECK(newYork->e164 == QStringLiteral("+12125550143"));
}

TEST_CASE("Invalid numbers give a clear message", "[phone]")
{
    const char *inputs[] = {"", "12345", "abc", "1380013800099999", "+999 1234 5678"};
    for (const char *input : inputs) {
        INFO(input);
        const auto parsed = PhoneNumbers::parse(QString::fromUtf8(input));
        CHECK_FALSE(parsed.ok());
        if (!parsed.ok()) {
            CHECK_FALSE(parsed.message().isEmpty());
            CHECK(parsed.error().field == QStringLiteral("phone"));
        }
    }
}

TEST_CASE("Numbers display in national format and mask for agents", "[phone]")
{
    CHECK(PhoneNumbers::display(QStringLiteral("+8613800138000")) == QStringLiteral("138 0013 8000"));
    CHECK(PhoneNumbers::display(QStringLiteral("+861065529988")) == QStringLiteral("010 6552 9988"));
    CHECK(PhoneNumbers::display(QStringLiteral("+442079460958")) == QStringLiteral("+44 20 7946 0958"));
    CHECK(PhoneNumbers::masked(QStringLiteral("+8613800138000")) == QStringLiteral("138****8000"));
    CHECK(PhoneNumbers::digitsOnly(QStringLiteral("+86 (138) 0013-8000")) == QStringLiteral("8613800138000"));
}
