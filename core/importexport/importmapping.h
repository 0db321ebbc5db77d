#pragma once

#include "core/domain/result.h"

#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// Which field each column of an imported table fills: one field key per column ("name",
/// "phone"…), empty for a column left out. Several columns may fill "phone" and "tags".
struct ImportMapping
{
    QStringList fields;

    /// The mapping the field catalogue's Chinese and English synonyms suggest for these headers.
    /// A field other than phone and tags is given to its first matching column only.
    static ImportMapping guess(const QStringList &headers);
    /// The field keys an import can fill, in the order the wizard offers them.
    static QStringList importableFields();
    /// The key the mapping of a set of headers is remembered under (order and spelling
    /// variants the catalogue ignores make no difference to a header, but order does).
    static QString headerKey(const QStringList &headers);

    /// The mapping last used for these headers in this workspace, else the guess.
    static ImportMapping recall(const LocalStore &store, const QStringList &headers);
    /// Remembers the mapping chosen for these headers.
    static Status remember(LocalStore &store, const QStringList &headers,
                           const ImportMapping &mapping);

    /// The column the field is mapped from first, or -1.
    int columnOf(const QString &field) const { return int(fields.indexOf(field)); }
    bool operator==(const ImportMapping &other) const { return fields == other.fields; }
};

} // namespace Leadline
