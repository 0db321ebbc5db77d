#include "fieldcatalogue.h"

#include "vocabulary.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

namespace Leadline {

namespace {

QStringList fromUtf8(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out.append(QString::fromUtf8(text));
    return out;
}

FieldDefinition customerField(const char *key,
                              FieldType type,
                              const char *label,
                              const char *mnemonic,
                              std::initializer_list<const char *> synonyms,
                              const char *column = nullptr)
{
    FieldDefinition field;
    field.key = QLatin1String(key);
    field.scope = FieldScope::Customer;
    field.table = QStringLiteral("customers");
    field.column = QLatin1String(column ? column : key);
    field.type = type;
    field.labelText = label;
    field.mnemonicText = mnemonic;
    field.synonyms = fromUtf8(synonyms);
    return field;
}

FieldDefinition contactField(const char *key,
                             const char *table,
                             const char *column,
                             FieldType type,
                             const char *label,
                             std::initializer_list<const char *> synonyms)
{
    FieldDefinition field;
    field.key = QLatin1String(key);
    field.scope = FieldScope::Contact;
    field.table = QLatin1String(table);
    field.column = QLatin1String(column);
    field.type = type;
    field.labelText = label;
    field.synonyms = fromUtf8(synonyms);
    return field;
}

QList<FieldDefinition> buildFields()
{
    QList<FieldDefinition> fields;
    auto name = customerField("name", FieldType::Text,
                              QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Name"),
                              QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Name"),
                              {"姓名", "客户名称", "客户名", "客户姓名", "联系人", "名字", "name",
                               "customer", "customer name", "full name"});
    name.required = true;
    name.maxLength = 200;
    fields.append(name);
    fields.append(customerField("company", FieldType::Text,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Company"),
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Company"),
                                {"公司", "单位", "公司名称", "单位名称", "企业", "企业名称",
                                 "company", "company name", "organization", "organisation"}));
    fields.append(customerField(
        "title", FieldType::Text, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Title"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Tit&le"),
        {"职位", "职务", "头衔", "岗位", "title", "job title", "position"}));
    fields.append(customerField("email", FieldType::Email,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "E-mail"),
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&E-mail"),
                                {"邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址", "email",
                                 "e-mail", "mail", "email address"}));
    fields.append(customerField("industry", FieldType::Text,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Industry"),
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Industry"),
                                {"行业", "所属行业", "行业类别", "industry", "sector"}));
    fields.append(customerField("region", FieldType::Text,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Region"),
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Region"),
                                {"地区", "省份", "城市", "区域", "所在地", "所在地区", "省市",
                                 "region", "province", "city", "area", "location"}));
    fields.append(customerField(
        "source", FieldType::Text, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Source"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "So&urce"),
        {"来源", "客户来源", "线索来源", "渠道", "source", "lead source", "channel"}));
    auto type = customerField("customer_type", FieldType::Choice,
                              QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Customer type"),
                              QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Customer t&ype"),
                              {"客户类型", "类型", "customer type", "type"});
    type.choices = Vocabulary::customerTypes();
    fields.append(type);
    auto stage = customerField("stage", FieldType::Choice,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Stage"),
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Stage"),
                               {"阶段", "销售阶段", "跟进阶段", "stage", "sales stage"});
    stage.choices = Vocabulary::stages();
    stage.required = true;
    fields.append(stage);
    auto intent = customerField(
        "intent", FieldType::Choice, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Intent"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "In&tent"),
        {"意向", "意向度", "意向等级", "意向程度", "intent", "intent level"});
    intent.choices = Vocabulary::intents();
    intent.required = true;
    fields.append(intent);
    fields.append(customerField(
        "owner", FieldType::Agent, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Owner"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Owner"),
        {"负责人", "归属人", "跟进人", "销售", "owner", "sales rep", "agent"}, "owner_id"));
    fields.append(customerField(
        "amount", FieldType::Number, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Deal amount"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "&Deal amount"),
        {"金额", "成交金额", "预计金额", "合同金额", "amount", "deal amount", "deal value"}));
    auto tags = customerField(
        "tags", FieldType::Tags, QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Tags"),
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Ta&gs"), {"标签", "tags", "tag", "labels"});
    tags.table = QStringLiteral("customer_tags");
    tags.column.clear();
    fields.append(tags);
    fields.append(customerField("score", FieldType::Number,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Score"), "",
                                {"评分", "得分", "线索评分", "score", "lead score"}));
    fields.append(customerField("custom_fields", FieldType::Map,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Custom fields"), "",
                                {"自定义字段", "custom fields"}));
    fields.append(customerField("created_at", FieldType::DateTime,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Created"), "",
                                {"创建时间", "录入时间", "created", "created at"}));
    fields.append(customerField("assigned_at", FieldType::DateTime,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Assigned"), "",
                                {"分配时间", "assigned", "assigned at"}));
    fields.append(customerField(
        "last_contact", FieldType::DateTime,
        QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Last contact"), "",
        {"最近联系", "最后联系时间", "最近联系时间", "last contact", "last contacted"},
        "last_contact_at"));
    fields.append(customerField("updated_at", FieldType::DateTime,
                                QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Last changed"), "",
                                {"更新时间", "修改时间", "updated", "last modified"}));
    auto notes = customerField("notes", FieldType::Text,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Notes"), "",
                               {"备注", "说明", "notes", "note", "remarks", "comment", "comments"});
    notes.table = QStringLiteral("notes");
    notes.column = QStringLiteral("body");
    fields.append(notes);

    auto contactName = contactField("contact_name", "contacts", "name", FieldType::Text,
                                    QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Contact name"),
                                    {"联系人姓名", "contact name", "contact person"});
    contactName.required = true;
    contactName.maxLength = 200;
    fields.append(contactName);
    fields.append(contactField("contact_title", "contacts", "title", FieldType::Text,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Contact title"),
                               {"联系人职位", "contact title"}));
    fields.append(contactField("contact_email", "contacts", "email", FieldType::Email,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Contact e-mail"),
                               {"联系人邮箱", "contact email"}));
    fields.append(contactField("is_primary", "contacts", "is_primary", FieldType::Boolean,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Primary contact"),
                               {"主要联系人", "primary contact"}));
    fields.append(contactField("phone", "phones", "e164", FieldType::Phone,
                               QT_TRANSLATE_NOOP("Leadline::FieldCatalogue", "Phone"),
                               {"手机", "手机号", "手机号码", "电话", "电话号码", "联系电话",
                                "座机", "联系方式", "mobile", "mobile phone", "phone",
                                "phone number", "tel", "telephone", "cell"}));
    return fields;
}

} // namespace

const QList<FieldDefinition> &FieldCatalogue::fields()
{
    static const QList<FieldDefinition> all = buildFields();
    return all;
}

const FieldDefinition *FieldCatalogue::field(const QString &key)
{
    for (const FieldDefinition &field : fields()) {
        if (field.key == key)
            return &field;
    }
    return nullptr;
}

const FieldDefinition *FieldCatalogue::byColumn(const QString &table, const QString &column)
{
    for (const FieldDefinition &field : fields()) {
        if (field.table == table && !field.column.isEmpty() && field.column == column)
            return &field;
    }
    return nullptr;
}

QString FieldCatalogue::normalizeHeader(const QString &header)
{
    static const QRegularExpression note(QStringLiteral(R"(\([^)]*\)|\[[^\]]*\]|【[^】]*】)"));
    QString text = header.normalized(QString::NormalizationForm_KC);
    text.remove(note);
    text = text.toCaseFolded();
    QString out;
    out.reserve(text.size());
    for (const QChar c : std::as_const(text)) {
        if (c.isLetterOrNumber())
            out.append(c);
    }
    return out;
}

const FieldDefinition *FieldCatalogue::forHeader(const QString &header)
{
    const QString wanted = normalizeHeader(header);
    if (wanted.isEmpty())
        return nullptr;
    // Synonyms, keys and English labels never change; the translated label is checked per call
    // (it follows the UI language), so the lookup needs no mutable state and is thread-safe.
    static const QHash<QString, const FieldDefinition *> fixed = [] {
        QHash<QString, const FieldDefinition *> index;
        for (const FieldDefinition &field : fields()) {
            const QStringList names
                = field.synonyms + QStringList{field.key, QLatin1String(field.labelText)};
            for (const QString &name : names) {
                const QString normalized = normalizeHeader(name);
                if (!normalized.isEmpty() && !index.contains(normalized))
                    index.insert(normalized, &field);
            }
        }
        return index;
    }();
    if (const FieldDefinition *found = fixed.value(wanted, nullptr))
        return found;
    for (const FieldDefinition &field : fields()) {
        if (normalizeHeader(field.label()) == wanted)
            return &field;
    }
    return nullptr;
}

QVariant FieldCatalogue::customerValue(const Customer &customer, const QString &key)
{
    static const QHash<QString, QVariant (*)(const Customer &)> readers = {
        {QStringLiteral("name"), [](const Customer &c) { return QVariant(c.name); }},
        {QStringLiteral("company"), [](const Customer &c) { return QVariant(c.company); }},
        {QStringLiteral("title"), [](const Customer &c) { return QVariant(c.title); }},
        {QStringLiteral("email"), [](const Customer &c) { return QVariant(c.email); }},
        {QStringLiteral("industry"), [](const Customer &c) { return QVariant(c.industry); }},
        {QStringLiteral("region"), [](const Customer &c) { return QVariant(c.region); }},
        {QStringLiteral("source"), [](const Customer &c) { return QVariant(c.source); }},
        {QStringLiteral("customer_type"),
         [](const Customer &c) { return QVariant(c.customerType); }},
        {QStringLiteral("stage"), [](const Customer &c) { return QVariant(c.stage); }},
        {QStringLiteral("intent"), [](const Customer &c) { return QVariant(c.intent); }},
        {QStringLiteral("owner"),
         [](const Customer &c) { return c.ownerId.isEmpty() ? QVariant() : QVariant(c.ownerId); }},
        {QStringLiteral("amount"), [](const Customer &c) { return QVariant(c.amount); }},
        {QStringLiteral("tags"), [](const Customer &c) { return QVariant(c.tags); }},
        {QStringLiteral("score"), [](const Customer &c) { return QVariant(double(c.score)); }},
        {QStringLiteral("custom_fields"),
         [](const Customer &c) { return QVariant(c.customFields); }},
        {QStringLiteral("created_at"), [](const Customer &c) { return QVariant(c.createdAt); }},
        {QStringLiteral("assigned_at"),
         [](const Customer &c) { return c.assignedAt ? QVariant(*c.assignedAt) : QVariant(); }},
        {QStringLiteral("last_contact"),
         [](const Customer &c) {
             return c.lastContactAt ? QVariant(*c.lastContactAt) : QVariant();
         }},
        {QStringLiteral("updated_at"), [](const Customer &c) { return QVariant(c.updatedAt); }},
    };
    const auto reader = readers.constFind(key);
    return reader == readers.cend() ? QVariant() : (*reader)(customer);
}

} // namespace Leadline
