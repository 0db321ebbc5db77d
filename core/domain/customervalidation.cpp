#include "customervalidation.h"

#include "fieldcatalogue.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Leadline {

bool isValidEmail(const QString &email)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$)"));
    return pattern.match(email).hasMatch();
}

QList<Error> validateCustomer(const Customer &customer)
{
    QList<Error> errors;
    // Every customer field the catalogue knows validates itself; the record only adds the
    // checks that span fields (contacts and their phones).
    for (const FieldDefinition &field : FieldCatalogue::fields()) {
        if (field.scope != FieldScope::Customer)
            continue;
        const QVariant value = FieldCatalogue::customerValue(customer, field.key);
        if (!value.isValid() && field.column.isEmpty())
            continue;
        if (auto error = field.validate(value))
            errors.append(*error);
    }
    const FieldDefinition *email = FieldCatalogue::field(QStringLiteral("contact_email"));
    const FieldDefinition *phone = FieldCatalogue::field(QStringLiteral("phone"));
    for (int c = 0; c < customer.contacts.size(); ++c) {
        const Contact &contact = customer.contacts.at(c);
        const QString where = QStringLiteral("contacts/%1").arg(c);
        if (contact.name.trimmed().isEmpty())
            errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                            "Contact %1 has no name.")
                                    .arg(c + 1),
                                where + QStringLiteral("/name")});
        if (auto error = email->validate(contact.email))
            errors.append(Error{error->message, where + QStringLiteral("/email")});
        for (int p = 0; p < contact.phones.size(); ++p) {
            if (auto error = phone->validate(contact.phones.at(p).e164))
                errors.append(Error{error->message, where + QStringLiteral("/phones/%1").arg(p)});
        }
    }
    return errors;
}

} // namespace Leadline
