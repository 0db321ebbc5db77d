#pragma once

#include "core/domain/result.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace Leadline {

class LocalStore;

/// Upserts rows given as UTF-8 text into one table through SQLite's own API, for loads of
/// hundreds of thousands of rows (a workspace's first sync) where a QVariant per value costs
/// more than the insert. Each value is bound as text (a null view binds NULL) and stored by
/// its column's affinity, INTEGER, REAL or TEXT, as SQLite does for any text value. A row
/// replaces the cached one only when its row_version is higher.
class TextRowWriter final
{
public:
    ~TextRowWriter();
    TextRowWriter(const TextRowWriter &) = delete;
    TextRowWriter &operator=(const TextRowWriter &) = delete;

    /// columns must include "id" and "row_version" and exist in the table. A row replaces a
    /// cached one only when its row_version is newer, unless overwrite (a restored server,
    /// whose rows win whatever their version).
    static Result<std::unique_ptr<TextRowWriter>> prepare(LocalStore &store, const QString &table,
                                                          const QStringList &columns,
                                                          bool overwrite = false);
    /// Returns whether the row was written (false: the cache holds this version or a newer one).
    Result<bool> write(const QList<QByteArrayView> &values);

private:
    TextRowWriter() = default;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QString m_table;
};

} // namespace Leadline
