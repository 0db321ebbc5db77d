#include "importrowbuilder.h"

#include "core/domain/customervalidation.h"
#include "core/domain/fieldcatalogue.h"
#include "core/domain/phonenumber.h"

#include <QDateTime>
#include <QRegularExpression>

namespace Leadline {

namespace {

const QString nameKey = QStringLiteral("name");

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,;/，；、\\n|]+"));
    QStringList out;
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty() && !out.contains(trimmed))
            out.append(trimmed);
    }
    return out;
}

std::optional<qint64> parseDate(const QString &text)
{
    static const QStringList formats = {
        QStringLiteral("yyyy-MM-dd HH:mm:ss"), QStringLiteral("yyyy-MM-dd HH:mm"),
        QStringLiteral("yyyy-MM-dd"),          QStringLiteral("yyyy/M/d H:mm:ss"),
        QStringLiteral("yyyy/M/d H:mm"),       QStringLiteral("yyyy/M/d"),
        QStringLiteral("yyyy.M.d"),            QStringLiteral("yyyy年M月d日"),
    };
    for (const QString &format : formats) {
        const QDateTime parsed = QDateTime::fromString(text, format);
        if (parsed.isValid())
            return parsed.toMSecsSinceEpoch();
    }
    return std::nullopt;
}

} // namespace

QString ImportedRow::errorText() const
{
    QStringList parts;
    for (const Error &error : errors) {
        const FieldDefinition *field = FieldCatalogue::field(error.field);
        parts.append(field ? QStringLiteral("%1: %2").arg(field->label(), error.message)
                           : error.message);
    }
    return parts.join(QStringLiteral("; "));
}

ImportRowBuilder::ImportRowBuilder(ImportMapping mapping, QHash<QString, QString> agents)
    : m_mapping(std::move(mapping))
    , m_agents(std::move(agents))
{}

Result<QString> ImportRowBuilder::phoneText(const QString &cell)
{
    static const QRegularExpression exponent(
        QStringLiteral(R"(^\s*([0-9])(?:\.([0-9]+))?[eE]\+?([0-9]{1,2})\s*$)"));
    const auto match = exponent.match(cell);
    if (!match.hasMatch())
        return cell.trimmed();
    const QString fraction = match.captured(2);
    const int power = match.captured(3).toInt();
    if (fraction.size() != power) {
        return Error{tr("%1 is a number Excel shortened; the full phone number is lost (format "
                        "the column as text and save the file again).")
                         .arg(cell.trimmed()),
                     QStringLiteral("phone")};
    }
    return match.captured(1) + fraction;
}

QVariantMap ImportRowBuilder::profile(const Customer &customer)
{
    return {
        {QStringLiteral("name"), customer.name},
        {QStringLiteral("company"), customer.company},
        {QStringLiteral("title"), customer.title},
        {QStringLiteral("email"), customer.email},
        {QStringLiteral("industry"), customer.industry},
        {QStringLiteral("region"), customer.region},
        {QStringLiteral("source"), customer.source},
        {QStringLiteral("customer_type"), customer.customerType},
        {QStringLiteral("stage"), customer.stage},
        {QStringLiteral("intent"), customer.intent},
        {QStringLiteral("owner_id"), customer.ownerId},
        {QStringLiteral("amount"), customer.amount},
    };
}

void ImportRowBuilder::applyProfile(Customer &customer, const QVariantMap &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QString &key = it.key();
        const QString text = it.value().toString();
        if (key == QLatin1String("name"))
            customer.name = text;
        else if (key == QLatin1String("company"))
            customer.company = text;
        else if (key == QLatin1String("title"))
            customer.title = text;
        else if (key == QLatin1String("email"))
            customer.email = text;
        else if (key == QLatin1String("industry"))
            customer.industry = text;
        else if (key == QLatin1String("region"))
            customer.region = text;
        else if (key == QLatin1String("source"))
            customer.source = text;
        else if (key == QLatin1String("customer_type"))
            customer.customerType = text;
        else if (key == QLatin1String("stage"))
            customer.stage = text;
        else if (key == QLatin1String("intent"))
            customer.intent = text;
        else if (key == QLatin1String("owner_id"))
            customer.ownerId = text;
        else if (key == QLatin1String("amount"))
            customer.amount = it.value().toDouble();
    }
}

ImportedRow ImportRowBuilder::build(const QStringList &cells) const
{
    ImportedRow row;
    row.blank = std::all_of(cells.cbegin(), cells.cend(),
                            [](const QString &cell) { return cell.trimmed().isEmpty(); });
    if (row.blank)
        return row;
    Customer &c = row.customer;
    Contact contact;
    contact.isPrimary = true;
    QStringList phoneCells;
    for (qsizetype i = 0; i < m_mapping.fields.size() && i < cells.size(); ++i) {
        const QString &key = m_mapping.fields.at(i);
        const QString value = cells.at(i).trimmed();
        if (key.isEmpty() || value.isEmpty())
            continue;
        if (key == nameKey) {
            c.name = value;
        } else if (key == QLatin1String("company")) {
            c.company = value;
        } else if (key == QLatin1String("title")) {
            c.title = value;
        } else if (key == QLatin1String("email")) {
            c.email = value;
        } else if (key == QLatin1String("industry")) {
            c.industry = value;
        } else if (key == QLatin1String("region")) {
            c.region = value;
        } else if (key == QLatin1String("source")) {
            c.source = value;
        } else if (key == QLatin1String("customer_type") || key == QLatin1String("stage")
                   || key == QLatin1String("intent")) {
            const FieldDefinition *field = FieldCatalogue::field(key);
            if (field && !field->choices.contains(value)) {
                row.errors.append(Error{tr("\"%1\" is not one of: %2")
                                            .arg(value, field->choices.join(QStringLiteral(", "))),
                                        key});
                continue;
            }
            if (key == QLatin1String("stage"))
                c.stage = value;
            else if (key == QLatin1String("intent"))
                c.intent = value;
            else
                c.customerType = value;
        } else if (key == QLatin1String("owner")) {
            const QString id = m_agents.value(value.toCaseFolded());
            if (id.isEmpty())
                row.errors.append(Error{tr("no user has the login or name \"%1\"").arg(value), key});
            c.ownerId = id;
        } else if (key == QLatin1String("amount")) {
            QString number = value;
            number.remove(u',').remove(u'¥').remove(u'￥').remove(u' ');
            bool ok = false;
            c.amount = number.toDouble(&ok);
            if (!ok)
                row.errors.append(Error{tr("\"%1\" is not a number").arg(value), key});
        } else if (key == QLatin1String("tags")) {
            for (const QString &tag : splitList(value)) {
                if (!c.tags.contains(tag))
                    c.tags.append(tag);
            }
        } else if (key == QLatin1String("notes")) {
            row.note = row.note.isEmpty() ? value : row.note + QLatin1Char('\n') + value;
        } else if (key == QLatin1String("contact_name")) {
            contact.name = value;
        } else if (key == QLatin1String("contact_title")) {
            contact.title = value;
        } else if (key == QLatin1String("contact_email")) {
            contact.email = value;
        } else if (key == QLatin1String("created_at")) {
            if (const auto at = parseDate(value))
                c.createdAt = *at;
            else
                row.errors.append(Error{tr("\"%1\" is not a date").arg(value), key});
        } else if (key == QLatin1String("phone")) {
            phoneCells.append(splitList(value));
        }
    }
    if (c.name.isEmpty())
        c.name = !contact.name.isEmpty() ? contact.name : c.company;
    if (c.name.isEmpty())
        row.errors.append(Error{tr("the row has no name"), nameKey});
    if (contact.name.isEmpty())
        contact.name = c.name;
    if (contact.title.isEmpty())
        contact.title = c.title;
    for (const QString &cell : std::as_const(phoneCells)) {
        const auto text = phoneText(cell);
        if (!text) {
            row.errors.append(text.error());
            continue;
        }
        const auto parsed = PhoneNumbers::parse(*text);
        if (!parsed) {
            row.errors.append(Error{tr("%1 is not a phone number").arg(cell), QStringLiteral("phone")});
            continue;
        }
        const QString key = QStringLiteral("p:") + parsed->e164Digits;
        if (row.keys.contains(key))
            continue;
        row.keys.append(key);
        contact.phones.append(ContactPhone{{}, parsed->e164, {}});
        row.phones.append(*parsed);
    }
    for (const QString &email : {c.email, contact.email}) {
        if (email.isEmpty())
            continue;
        if (!isValidEmail(email)) {
            row.errors.append(Error{tr("%1 is not an e-mail address").arg(email), QStringLiteral("email")});
            continue;
        }
        const QString key = QStringLiteral("e:") + email.toCaseFolded();
        if (!row.keys.contains(key))
            row.keys.append(key);
    }
    if (row.errors.isEmpty() && row.keys.isEmpty())
        row.errors.append(Error{tr("the row has neither a phone number nor an e-mail address"),
                                QStringLiteral("phone")});
    // Validated like the editor validates, except the phones: each was parsed just now, and
    // parsing them again would only repeat that.
    QList<ContactPhone> phones = std::move(contact.phones);
    contact.phones.clear();
    c.contacts.append(std::move(contact));
    if (c.stage.isEmpty())
        c.stage = QStringLiteral("首次联系");
    if (c.intent.isEmpty())
        c.intent = QStringLiteral("无");
    if (row.errors.isEmpty()) {
        for (const Error &error : validateCustomer(c))
            row.errors.append(error);
    }
    c.contacts.first().phones = std::move(phones);
    return row;
}

} // namespace Leadline
