#include <catch2/catch.hpp>

#include "core/domain/customervalidation.h"
#include "core/domain/fieldcatalogue.h"

#include <QSet>

using namespace Leadline;

namespace {

QString headerKey(const char *header)
{
    const FieldDefinition *field = FieldCatalogue::forHeader(QString::fromUtf8(header));
    return field ? field->key : QStringLiteral("(none)");
}

} // namespace

TEST_CASE("The catalogue lists every customer column once, with a label", "[catalogue]")
{
    QSet<QString> keys;
    for (const FieldDefinition &field : FieldCatalogue::fields()) {
        CAPTURE(field.key);
        CHECK_FALSE(keys.contains(field.key));
        keys.insert(field.key);
        CHECK_FALSE(field.label().isEmpty());
        if (field.type == FieldType::Choice)
            CHECK_FALSE(field.choices.isEmpty());
    }
    // The columns of resources/local/001_initial.sql a person edits or imports.
    for (const char *column :
         {"name", "company", "title", "email", "industry", "region", "source", "intent", "stage",
          "customer_type", "owner_id", "score", "custom_fields", "amount", "created_at",
          "assigned_at", "last_contact_at"}) {
        CAPTURE(column);
        CHECK(FieldCatalogue::byColumn(QStringLiteral("customers"), QLatin1String(column)));
    }
    for (const char *column : {"name", "title", "email", "is_primary"}) {
        CAPTURE(column);
        CHECK(FieldCatalogue::byColumn(QStringLiteral("contacts"), QLatin1String(column)));
    }
    CHECK(FieldCatalogue::byColumn(QStringLiteral("customers"), QStringLiteral("owner_id"))->key
          == QStringLiteral("owner"));
    CHECK(FieldCatalogue::byColumn(QStringLiteral("contacts"), QStringLiteral("name"))->key
          == QStringLiteral("contact_name"));
    CHECK(FieldCatalogue::field(QStringLiteral("nonexistent")) == nullptr);
}

TEST_CASE("Import headers in Chinese and English find their field", "[catalogue]")
{
    CHECK(headerKey("姓名") == QStringLiteral("name"));
    CHECK(headerKey("客户名称") == QStringLiteral("name"));
    CHECK(headerKey("联系人") == QStringLiteral("name"));
    CHECK(headerKey("Name") == QStringLiteral("name"));
    CHECK(headerKey("手机") == QStringLiteral("phone"));
    CHECK(headerKey("手机号") == QStringLiteral("phone"));
    CHECK(headerKey("电话") == QStringLiteral("phone"));
    CHECK(headerKey("Mobile") == QStringLiteral("phone"));
    CHECK(headerKey("TEL") == QStringLiteral("phone"));
    CHECK(headerKey("Phone Number") == QStringLiteral("phone"));
    CHECK(headerKey("公司") == QStringLiteral("company"));
    CHECK(headerKey("单位") == QStringLiteral("company"));
    CHECK(headerKey("职位") == QStringLiteral("title"));
    CHECK(headerKey("邮箱") == QStringLiteral("email"));
    CHECK(headerKey("E-mail") == QStringLiteral("email"));
    CHECK(headerKey("行业") == QStringLiteral("industry"));
    CHECK(headerKey("省份") == QStringLiteral("region"));
    CHECK(headerKey("城市") == QStringLiteral("region"));
    CHECK(headerKey("来源") == QStringLiteral("source"));
    CHECK(headerKey("备注") == QStringLiteral("notes"));
    CHECK(headerKey("意向") == QStringLiteral("intent"));
    CHECK(headerKey("阶段") == QStringLiteral("stage"));
    CHECK(headerKey("customer_type") == QStringLiteral("customer_type"));
    CHECK(headerKey("籍贯") == QStringLiteral("(none)"));
    CHECK(headerKey("   ") == QStringLiteral("(none)"));
}

TEST_CASE("Header matching ignores case, spaces, full-width forms and bracketed notes",
          "[catalogue]")
{
    CHECK(FieldCatalogue::normalizeHeader(QStringLiteral(" Company  Name "))
          == QStringLiteral("companyname"));
    // Full-width letters, a full-width space and a full-width colon, as a Chinese IME types them.
    CHECK(FieldCatalogue::normalizeHeader(
              QStringLiteral("\uFF25\uFF0D\uFF4D\uFF41\uFF49\uFF4C\u3000\uFF1A"))
          == QStringLiteral("email"));
    CHECK(FieldCatalogue::normalizeHeader(QStringLiteral("手机号（必填）"))
          == QStringLiteral("手机号"));
    CHECK(FieldCatalogue::normalizeHeader(QStringLiteral("*姓名")) == QStringLiteral("姓名"));
    CHECK(headerKey("\uFF34\uFF25\uFF2C") == QStringLiteral("phone")); // ＴＥＬ
    CHECK(headerKey(" 手 机 号 ") == QStringLiteral("phone"));
    CHECK(headerKey("邮箱(选填)") == QStringLiteral("email"));
    CHECK(headerKey("LEAD_SOURCE") == QStringLiteral("source"));
}

TEST_CASE("No import synonym names two fields", "[catalogue]")
{
    QHash<QString, QString> owner;
    for (const FieldDefinition &field : FieldCatalogue::fields()) {
        for (const QString &synonym : field.synonyms) {
            const QString normalized = FieldCatalogue::normalizeHeader(synonym);
            CAPTURE(synonym, field.key, owner.value(normalized));
            CHECK((!owner.contains(normalized) || owner.value(normalized) == field.key));
            owner.insert(normalized, field.key);
        }
    }
}

TEST_CASE("Each field validates its own values", "[catalogue]")
{
    const FieldDefinition *name = FieldCatalogue::field(QStringLiteral("name"));
    REQUIRE(name);
    REQUIRE(name->validate(QStringLiteral("  ")));
    CHECK(name->validate(QStringLiteral("  "))->message == QStringLiteral("Name is required."));
    CHECK(name->validate(QStringLiteral("  "))->field == QStringLiteral("name"));
    CHECK(name->validate(QString(201, QLatin1Char('x')))->message
          == QStringLiteral("Name is longer than 200 characters."));
    CHECK_FALSE(name->validate(QStringLiteral("王芳")));

    const FieldDefinition *email = FieldCatalogue::field(QStringLiteral("email"));
    CHECK_FALSE(email->validate(QString()));
    CHECK_FALSE(email->validate(QStringLiteral("wang@example.cn")));
    CHECK(email->validate(QStringLiteral("wang@"))->message
          == QStringLiteral("\"wang@\" is not a valid e-mail address."));

    const FieldDefinition *stage = FieldCatalogue::field(QStringLiteral("stage"));
    CHECK_FALSE(stage->validate(QStringLiteral("需求沟通")));
    CHECK(stage->validate(QStringLiteral("谈判"))
              ->message.startsWith(
                  QStringLiteral("Stage \"谈判\" is not one of: First contact, Needs analysis")));

    const FieldDefinition *type = FieldCatalogue::field(QStringLiteral("customer_type"));
    CHECK_FALSE(type->validate(QString())); // optional
    CHECK(type->validate(QStringLiteral("土豪型")));

    const FieldDefinition *amount = FieldCatalogue::field(QStringLiteral("amount"));
    CHECK_FALSE(amount->validate(12.5));
    CHECK(amount->validate(QStringLiteral("twelve"))->message
          == QStringLiteral("Deal amount must be a number, not \"twelve\"."));

    const FieldDefinition *phone = FieldCatalogue::field(QStringLiteral("phone"));
    CHECK_FALSE(phone->validate(QStringLiteral("138 0013 8000")));
    CHECK(phone->validate(QStringLiteral("12")));

    const FieldDefinition *tags = FieldCatalogue::field(QStringLiteral("tags"));
    CHECK_FALSE(tags->validate(QStringList{QStringLiteral("VIP")}));
    CHECK(tags->validate(QStringList{QString(51, QLatin1Char('t'))}));
}

TEST_CASE("A customer's values are read by field key", "[catalogue]")
{
    Customer c;
    c.name = QStringLiteral("李雷");
    c.ownerId = QStringLiteral("agent-1");
    c.amount = 5000;
    c.tags = {QStringLiteral("VIP")};
    c.lastContactAt = 1'700'000'000'000;
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("name")).toString()
          == QStringLiteral("李雷"));
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("owner")).toString()
          == QStringLiteral("agent-1"));
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("amount")).toDouble() == 5000.0);
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("tags")).toStringList()
          == QStringList{QStringLiteral("VIP")});
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("last_contact")).toLongLong()
          == 1'700'000'000'000);
    CHECK(FieldCatalogue::customerValue(c, QStringLiteral("assigned_at")).isNull());
    CHECK_FALSE(FieldCatalogue::customerValue(c, QStringLiteral("phone")).isValid());
}

TEST_CASE("validateCustomer reports each field through the catalogue", "[catalogue]")
{
    Customer c;
    c.name = QStringLiteral("王芳");
    c.stage = QStringLiteral("需求沟通");
    c.intent = QStringLiteral("高");
    CHECK(validateCustomer(c).isEmpty());

    c.stage = QStringLiteral("谈判");
    c.email = QStringLiteral("nope");
    Contact contact;
    contact.email = QStringLiteral("x@");
    contact.phones.append({QString(), QStringLiteral("12"), QString()});
    c.contacts.append(contact);
    QStringList fields;
    for (const Error &error : validateCustomer(c))
        fields.append(error.field);
    CHECK(fields
          == QStringList{QStringLiteral("email"), QStringLiteral("stage"),
                         QStringLiteral("contacts/0/name"), QStringLiteral("contacts/0/email"),
                         QStringLiteral("contacts/0/phones/0")});
}
