#include "customervalidation.h"

#include "phonenumber.h"
#include "vocabulary.h"

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
    if (customer.name.trimmed().isEmpty())
        errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "Name is required."), QStringLiteral("name")});
    if (customer.name.size() > 200)
        errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "Name is longer than 200 characters."), QStringLiteral("name")});
    if (!customer.email.isEmpty() && !isValidEmail(customer.email))
        errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "\"%1\" is not a valid e-mail address.").arg(customer.email),
                       QStringLiteral("email")});
    if (!Vocabulary::isStage(customer.stage))
        errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "Unknown stage \"%1\".").arg(customer.stage), QStringLiteral("stage")});
    if (!Vocabulary::isIntent(customer.intent))
        errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "Unknown intent level \"%1\".").arg(customer.intent),
                       QStringLiteral("intent")});
    for (int c = 0; c < customer.contacts.size(); ++c) {
        const Contact &contact = customer.contacts.at(c);
        const QString where = QStringLiteral("contacts/%1").arg(c);
        if (contact.name.trimmed().isEmpty())
            errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "Contact %1 has no name.").arg(c + 1), where + QStringLiteral("/name")});
        if (!contact.email.isEmpty() && !isValidEmail(contact.email))
            errors.append(Error{QCoreApplication::translate("Leadline::CustomerValidation", "\"%1\" is not a valid e-mail address.").arg(contact.email),
                           where + QStringLiteral("/email")});
        for (int p = 0; p < contact.phones.size(); ++p) {
            const auto parsed = PhoneNumbers::parse(contact.phones.at(p).e164);
            if (!parsed)
                errors.append(Error{parsed.message(), where + QStringLiteral("/phones/%1").arg(p)});
        }
    }
    return errors;
}

} // namespace Leadline
