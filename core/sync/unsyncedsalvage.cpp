#include "unsyncedsalvage.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <atomic>
#include <unistd.h>
#include <optional>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::UnsyncedSalvage", text);
}

const QString headerKind = QStringLiteral("leadline-unsynced");

/// A read-only SQLite connection to a file that may be damaged, removed with the object.
class RawConnection final
{
public:
    explicit RawConnection(const QString &path)
    {
        static std::atomic<int> counter{0};
        m_name = QStringLiteral("leadline-salvage-%1").arg(++counter);
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        // Never writes the damaged file: SQLite reads it and the committed part of its log.
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    }
    ~RawConnection()
    {
        if (m_db.isOpen())
            m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

QString stateValue(QSqlDatabase &db, const QString &key)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT value FROM sync_state WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0).toString();
}

/// The entry of one outbox row, or nothing when its text is damaged.
std::optional<QJsonObject> entryOf(const QSqlRecord &record)
{
    QJsonObject entry;
    entry.insert(QStringLiteral("seq"), record.value(QStringLiteral("seq")).toLongLong());
    entry.insert(QStringLiteral("mutation_id"), record.value(QStringLiteral("mutation_id")).toString());
    entry.insert(QStringLiteral("table"), record.value(QStringLiteral("table_name")).toString());
    entry.insert(QStringLiteral("row_id"), record.value(QStringLiteral("row_id")).toString());
    entry.insert(QStringLiteral("op"), record.value(QStringLiteral("op")).toString());
    entry.insert(QStringLiteral("base_row_version"),
                 record.value(QStringLiteral("base_row_version")).toLongLong());
    entry.insert(QStringLiteral("created_at"), record.value(QStringLiteral("created_at")).toLongLong());
    QJsonParseError error;
    const QJsonDocument fields = QJsonDocument::fromJson(
        record.value(QStringLiteral("fields")).toString().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !fields.isObject())
        return std::nullopt;
    entry.insert(QStringLiteral("fields"), fields.object());
    if (record.indexOf(QStringLiteral("expect")) >= 0) {
        const QString expect = record.value(QStringLiteral("expect")).toString();
        if (!expect.isEmpty()) {
            const QJsonDocument expected = QJsonDocument::fromJson(expect.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !expected.isObject())
                return std::nullopt;
            entry.insert(QStringLiteral("expect"), expected.object());
        }
    }
    // An import's entries keep their batch: the server refuses import work to agents.
    if (record.indexOf(QStringLiteral("import_batch")) >= 0) {
        const QString batch = record.value(QStringLiteral("import_batch")).toString();
        if (!batch.isEmpty())
            entry.insert(QStringLiteral("import_batch"), batch);
    }
    const bool whole = !entry.value(QStringLiteral("mutation_id")).toString().isEmpty()
                       && !entry.value(QStringLiteral("table")).toString().isEmpty()
                       && !entry.value(QStringLiteral("row_id")).toString().isEmpty();
    if (!whole)
        return std::nullopt;
    return entry;
}

} // namespace

Result<SalvagedOutbox> UnsyncedSalvage::read(const QString &workspacePath)
{
    if (!QFileInfo(workspacePath).isFile())
        return Error{tr("There is no workspace file at %1.").arg(workspacePath)};
    RawConnection connection(workspacePath);
    QSqlDatabase &db = connection.db();
    if (!db.open()) {
        return Error{tr("The workspace %1 cannot be opened even for reading its unsynced changes "
                        "(%2).")
                         .arg(workspacePath, db.lastError().databaseText())};
    }
    SalvagedOutbox salvaged;
    salvaged.clientId = stateValue(db, QStringLiteral("client_id"));
    salvaged.agentId = stateValue(db, QStringLiteral("agent_id"));

    // The whole outbox in one pass when its pages are intact.
    qint64 lastSeq = 0;
    bool broken = false;
    {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT * FROM outbox ORDER BY seq"))) {
            broken = true;
        } else {
            while (query.next()) {
                lastSeq = query.value(QStringLiteral("seq")).toLongLong();
                if (auto entry = entryOf(query.record()))
                    salvaged.entries.append(*entry);
                else
                    ++salvaged.unreadable;
            }
            broken = query.lastError().isValid();
        }
    }
    if (!broken)
        return salvaged;

    // Past a damaged page: look each later number up on its own, up to the highest number the
    // workspace gave out (its AUTOINCREMENT counter), or a generous run when that is unreadable.
    qint64 highest = lastSeq + 100000;
    {
        QSqlQuery query(db);
        if (query.exec(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'"))
            && query.next()) {
            highest = query.value(0).toLongLong();
        }
    }
    QSqlQuery lookup(db);
    lookup.prepare(QStringLiteral("SELECT * FROM outbox WHERE seq = ?"));
    bool inDamage = false;
    for (qint64 seq = lastSeq + 1; seq <= highest; ++seq) {
        lookup.addBindValue(seq);
        const bool read = lookup.exec() && (lookup.next() || !lookup.lastError().isValid());
        if (!read) {
            // A damaged run counts once: what it held cannot be known.
            if (!inDamage)
                ++salvaged.unreadable;
            inDamage = true;
            continue;
        }
        inDamage = false;
        if (lookup.isValid()) {
            if (auto entry = entryOf(lookup.record()))
                salvaged.entries.append(*entry);
            else
                ++salvaged.unreadable;
        }
        lookup.finish();
    }
    return salvaged;
}

Result<QString> UnsyncedSalvage::write(const QString &workspacePath, const SalvagedOutbox &salvaged)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path;
    QFile file;
    // A new name every time: an earlier side file is never overwritten.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        path = attempt == 0 ? QStringLiteral("%1.unsynced-%2.jsonl").arg(workspacePath, stamp)
                            : QStringLiteral("%1.unsynced-%2-%3.jsonl").arg(workspacePath, stamp).arg(attempt);
        file.setFileName(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            break;
        if (QFileInfo::exists(path))
            continue;
        return Error{tr("The unsynced changes cannot be saved beside the workspace in %1 (%2).")
                         .arg(path, file.errorString())};
    }
    if (!file.isOpen())
        return Error{tr("The unsynced changes cannot be saved beside %1: no free file name.").arg(workspacePath)};
    const QJsonObject header{{QStringLiteral("kind"), headerKind},
                             {QStringLiteral("workspace"), QFileInfo(workspacePath).absoluteFilePath()},
                             {QStringLiteral("client_id"), salvaged.clientId},
                             {QStringLiteral("agent_id"), salvaged.agentId},
                             {QStringLiteral("entries"), int(salvaged.entries.size())},
                             {QStringLiteral("unreadable"), salvaged.unreadable},
                             {QStringLiteral("saved_at"),
                              QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    QByteArray text = QJsonDocument(header).toJson(QJsonDocument::Compact) + '\n';
    for (const QJsonObject &entry : salvaged.entries)
        text += QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(text) != text.size() || !file.flush()) {
        return Error{tr("The unsynced changes could not be written to %1 (%2); nothing else was "
                        "changed.")
                         .arg(path, file.errorString())};
    }
    // On disk before the workspace is moved aside.
    if (::fsync(file.handle()) != 0)
        return Error{tr("The unsynced changes could not be written to %1.").arg(path)};
    file.close();
    return path;
}

Result<SalvagedOutbox> UnsyncedSalvage::load(const QString &sideFile)
{
    QFile file(sideFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error{tr("The saved changes in %1 cannot be read (%2).").arg(sideFile, file.errorString())};
    SalvagedOutbox salvaged;
    bool first = true;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            return Error{tr("%1, line %2, is not a saved change (%3).")
                             .arg(sideFile)
                             .arg(lineNumber)
                             .arg(error.errorString())};
        }
        const QJsonObject object = document.object();
        if (first) {
            if (object.value(QStringLiteral("kind")).toString() != headerKind)
                return Error{tr("%1 is not a file of saved unsynced changes.").arg(sideFile)};
            salvaged.clientId = object.value(QStringLiteral("client_id")).toString();
            salvaged.agentId = object.value(QStringLiteral("agent_id")).toString();
            salvaged.unreadable = object.value(QStringLiteral("unreadable")).toInt();
            first = false;
            continue;
        }
        salvaged.entries.append(object);
    }
    if (first)
        return Error{tr("%1 is empty: it holds no saved changes.").arg(sideFile)};
    return salvaged;
}

} // namespace Leadline
