#pragma once

#include "result.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace Leadline {

/// What kind of value a customer or contact field holds.
enum class FieldType {
    Text,     ///< free text
    Choice,   ///< one value of a fixed vocabulary (stage, intent, customer type)
    Number,   ///< a decimal number
    DateTime, ///< milliseconds since the epoch, UTC; may be empty
    Phone,    ///< a phone number, stored in E.164
    Email,    ///< an e-mail address
    Tags,     ///< a list of tag names
    Agent,    ///< an agent id (the owner); empty means the lead pool
    Boolean,  ///< yes or no
    Map,      ///< key/value pairs (custom fields)
};

/// Whether a field belongs to the customer itself or to one of its contacts.
enum class FieldScope { Customer, Contact };

/// One customer or contact field: its key, type, labels, validation and import synonyms.
/// A plain value; the catalogue (FieldCatalogue) holds one per field.
struct FieldDefinition
{
    QString key; ///< stable name used by rules and import ("intent", "last_contact")
    FieldScope scope = FieldScope::Customer;
    QString table;  ///< the SQLite table it is stored in ("customers")
    QString column; ///< its column there ("owner_id"); empty when not a column
    FieldType type = FieldType::Text;
    QStringList choices;        ///< the stored values a Choice field accepts
    bool required = false;      ///< empty is refused
    int maxLength = 0;          ///< 0: no limit
    const char *labelText = ""; ///< English label, translated in context "Leadline::FieldCatalogue"
    const char *mnemonicText = ""; ///< the label with an &-mnemonic, for form captions
    QStringList synonyms;          ///< Chinese and English column headers that mean this field

    /// The label in the UI language ("Intent" / "意向").
    QString label() const;
    /// The label with its keyboard mnemonic ("In&tent" / "意向(&T)"); the label when it has none.
    QString mnemonicLabel() const;
    /// Checks one value of this field; the Error names the field's key.
    std::optional<Error> validate(const QVariant &value) const;
};

} // namespace Leadline
