#pragma once

#include "importmapping.h"

#include "core/domain/customer.h"
#include "core/domain/phonenumber.h"
#include "core/domain/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>
#include <QVariantMap>

namespace Leadline {

/// One row of an imported table turned into the customer it will store.
struct ImportedRow
{
    Customer customer;
    QString note;           ///< text for a note on the customer (the "notes" column)
    QList<PhoneNumber> phones; ///< the first contact's phones as parsed, in the same order
    QStringList keys;       ///< duplicate keys: "p:" + E.164 digits, "e:" + lower-case e-mail
    QList<Error> errors;    ///< why the row cannot be imported; empty when it can
    bool blank = false;     ///< every cell empty: not a row at all

    /// The errors as one line for a person ("Phone: … ; E-mail: …").
    QString errorText() const;
};

/// Turns cells into customers the way an import stores them: phone numbers read as text and
/// parsed to E.164 (an Excel exponent form rebuilt only when it kept every digit), vocabulary
/// fields checked, the owner named by login or name, everything validated like the editor does.
class ImportRowBuilder final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::ImportRowBuilder)

public:
    /// agents: lower-case login and name → agent id, for an owner column.
    ImportRowBuilder(ImportMapping mapping, QHash<QString, QString> agents = {});

    ImportedRow build(const QStringList &cells) const;

    /// The digits of a phone cell: spaces and dashes kept for the parser, an exponent form
    /// ("1.3800138005E+10") rebuilt when exact; an Error when Excel dropped digits.
    static Result<QString> phoneText(const QString &cell);
    /// The customer profile fields an import writes, as stored (column → value).
    static QVariantMap profile(const Customer &customer);
    /// Sets the profile fields present in values on the customer.
    static void applyProfile(Customer &customer, const QVariantMap &values);

private:
    ImportMapping m_mapping;
    QHash<QString, QString> m_agents;
};

} // namespace Leadline
