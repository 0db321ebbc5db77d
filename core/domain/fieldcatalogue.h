#pragma once

#include "customer.h"
#include "fielddefinition.h"

#include <QList>
#include <QString>
#include <QVariant>

namespace Leadline {

/// The one list of customer and contact fields: the editor's captions, the conflicts view's
/// field names, the import wizard's header matching and the rule checker's field names all
/// come from here.
class FieldCatalogue final
{
public:
    /// Every field, customer fields first, in the order the editor shows them.
    static const QList<FieldDefinition> &fields();
    /// The field with this key, or nullptr.
    static const FieldDefinition *field(const QString &key);
    /// The field stored in this table and column ("customers", "owner_id"), or nullptr.
    static const FieldDefinition *byColumn(const QString &table, const QString &column);
    /// The field an import header names ("手机号", "Ｅ-mail", " Company Name "), or nullptr.
    /// Matches synonyms, keys and both labels after normalizeHeader().
    static const FieldDefinition *forHeader(const QString &header);
    /// A header reduced for matching: full-width forms folded to ASCII, case folded, notes in
    /// brackets ("手机（必填）") dropped, and everything but letters and digits removed.
    static QString normalizeHeader(const QString &header);
    /// A customer-scope field's value on this customer (QString, double, qint64 ms or null,
    /// QStringList for tags, QVariantMap for custom fields); invalid for unknown or contact keys.
    static QVariant customerValue(const Customer &customer, const QString &key);
};

} // namespace Leadline
