#include "textrowwriter.h"

#include "localstore.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace Leadline {

namespace {

Error sqliteError(sqlite3 *db, const QString &table)
{
    return Error{QCoreApplication::translate("Leadline::TextRowWriter",
                                             "The workspace could not store %1 rows: %2")
                     .arg(table, QString::fromUtf8(sqlite3_errmsg(db)))};
}

} // namespace

TextRowWriter::~TextRowWriter()
{
    sqlite3_finalize(m_statement);
}

Result<std::unique_ptr<TextRowWriter>> TextRowWriter::prepare(LocalStore &store, const QString &table,
                                                              const QStringList &columns,
                                                              bool overwrite)
{
    const QVariant handle = store.database().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return Error{QCoreApplication::translate("Leadline::TextRowWriter",
                                                 "The workspace is not an SQLite database.")};
    std::unique_ptr<TextRowWriter> writer(new TextRowWriter);
    writer->m_db = *static_cast<sqlite3 *const *>(handle.constData());
    writer->m_table = table;

    QStringList names;
    QStringList marks;
    QStringList assignments;
    for (const QString &column : columns) {
        names.append(QLatin1Char('"') + column + QLatin1Char('"'));
        marks.append(QStringLiteral("?"));
        if (column != QLatin1String("id"))
            assignments.append(QStringLiteral("\"%1\" = excluded.\"%1\"").arg(column));
    }
    const QByteArray sql = QStringLiteral("INSERT INTO \"%1\"(%2) VALUES(%3) ON CONFLICT(id) DO UPDATE "
                                          "SET %4 WHERE %5")
                               .arg(table, names.join(QLatin1Char(',')), marks.join(QLatin1Char(',')),
                                    assignments.join(QLatin1Char(',')),
                                    overwrite ? QStringLiteral("true")
                                              : QStringLiteral("excluded.row_version > \"%1\".row_version").arg(table))
                               .toUtf8();
    if (sqlite3_prepare_v2(writer->m_db, sql.constData(), int(sql.size()), &writer->m_statement,
                           nullptr)
        != SQLITE_OK) {
        return sqliteError(writer->m_db, table);
    }
    return writer;
}

Result<bool> TextRowWriter::write(const QList<QByteArrayView> &values)
{
    sqlite3_reset(m_statement);
    for (int i = 0; i < values.size(); ++i) {
        const QByteArrayView value = values.at(i);
        const int rc = value.isNull()
                           ? sqlite3_bind_null(m_statement, i + 1)
                           : sqlite3_bind_text(m_statement, i + 1, value.data(), int(value.size()),
                                               SQLITE_STATIC);
        if (rc != SQLITE_OK)
            return sqliteError(m_db, m_table);
    }
    if (sqlite3_step(m_statement) != SQLITE_DONE) {
        const Error error = sqliteError(m_db, m_table);
        sqlite3_reset(m_statement);
        return error;
    }
    return sqlite3_changes(m_db) > 0;
}

} // namespace Leadline
