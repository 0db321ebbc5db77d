#include "fielddefinition.h"

#include "customervalidation.h"
#include "phonenumber.h"
#include "vocabulary.h"

#include <QCoreApplication>
#include <QDateTime>

namespace Leadline {

namespace {

bool isEmptyValue(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return true;
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().isEmpty();
    if (value.typeId() == QMetaType::QVariantMap)
        return value.toMap().isEmpty();
    if (value.typeId() == QMetaType::QString)
        return value.toString().trimmed().isEmpty();
    return false;
}

} // namespace

QString FieldDefinition::label() const
{
    return QCoreApplication::translate("Leadline::FieldCatalogue", labelText);
}

QString FieldDefinition::mnemonicLabel() const
{
    if (!mnemonicText || !*mnemonicText)
        return label();
    return QCoreApplication::translate("Leadline::FieldCatalogue", mnemonicText);
}

std::optional<Error> FieldDefinition::validate(const QVariant &value) const
{
    if (isEmptyValue(value)) {
        if (required)
            return Error{
                QCoreApplication::translate("Leadline::CustomerValidation", "%1 is required.")
                    .arg(label()),
                key};
        return std::nullopt;
    }
    const QString text = value.toString();
    switch (type) {
    case FieldType::Text:
    case FieldType::Agent:
        break;
    case FieldType::Email:
        if (!isValidEmail(text))
            return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                     "\"%1\" is not a valid e-mail address.")
                             .arg(text),
                         key};
        break;
    case FieldType::Choice:
        if (!choices.contains(text)) {
            QStringList labels;
            for (const QString &choice : choices)
                labels.append(Vocabulary::label(choice));
            return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                     "%1 \"%2\" is not one of: %3.")
                             .arg(label(), text, labels.join(QStringLiteral(", "))),
                         key};
        }
        break;
    case FieldType::Number: {
        bool ok = false;
        value.toDouble(&ok);
        if (!ok)
            return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                     "%1 must be a number, not \"%2\".")
                             .arg(label(), text),
                         key};
        break;
    }
    case FieldType::DateTime: {
        bool ok = false;
        value.toLongLong(&ok);
        if (!ok && !value.toDateTime().isValid())
            return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                     "%1 must be a date and time, not \"%2\".")
                             .arg(label(), text),
                         key};
        break;
    }
    case FieldType::Phone:
        if (const auto parsed = PhoneNumbers::parse(text); !parsed)
            return Error{parsed.message(), key};
        break;
    case FieldType::Tags:
        for (const QString &tag : value.toStringList()) {
            if (tag.trimmed().isEmpty())
                return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                         "A tag cannot be empty."),
                             key};
            if (tag.size() > 50)
                return Error{
                    QCoreApplication::translate("Leadline::CustomerValidation",
                                                "The tag \"%1\" is longer than 50 characters.")
                        .arg(tag),
                    key};
        }
        break;
    case FieldType::Boolean:
    case FieldType::Map:
        break;
    }
    if (maxLength > 0 && text.size() > maxLength)
        return Error{QCoreApplication::translate("Leadline::CustomerValidation",
                                                 "%1 is longer than %2 characters.")
                         .arg(label())
                         .arg(maxLength),
                     key};
    return std::nullopt;
}

} // namespace Leadline
