#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace Leadline {

/// One phone of a contact, stored in E.164.
struct ContactPhone
{
    QString id;
    QString e164;
    QString label;
};

/// A person at the customer.
struct Contact
{
    QString id;
    QString name;
    QString title;
    QString email;
    bool isPrimary = false;
    QList<ContactPhone> phones;
};

/// A customer (lead or account) with everything the 360 view shows about it.
struct Customer
{
    QString id;
    QString name;
    QString company;
    QString title;
    QString email;
    QString industry;
    QString region;
    QString source;
    QString intent;
    QString stage;
    QString customerType;
    QString ownerId;
    int score = 0;
    QString scoreReasons; ///< JSON array of {"points":…, "reason":…}
    QVariantMap customFields;
    double amount = 0;
    qint64 createdAt = 0;
    std::optional<qint64> assignedAt;
    std::optional<qint64> lastContactAt;
    qint64 rowVersion = 0;
    qint64 updatedAt = 0;
    QList<Contact> contacts;
    QStringList tags;

    QStringList allPhones() const
    {
        QStringList out;
        for (const Contact &contact : contacts) {
            for (const ContactPhone &phone : contact.phones)
                out.append(phone.e164);
        }
        return out;
    }
};

} // namespace Leadline
