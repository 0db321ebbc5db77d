#include "migrations.h"

#include "localstore.h"
#include "transaction.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Migrations", text);
}

} // namespace

const QStringList &Migrations::steps()
{
    static const QStringList all = {
        QStringLiteral(":/local/001_initial.sql"),
        QStringLiteral(":/local/002_search.sql"),
        QStringLiteral(":/local/003_sync.sql"),
        QStringLiteral(":/local/004_telephony.sql"),
        QStringLiteral(":/local/005_queue.sql"),
        QStringLiteral(":/local/006_knowledge.sql"),
        QStringLiteral(":/local/007_email_indexes.sql"),
        QStringLiteral(":/local/008_grams_tokenizer.sql"),
        QStringLiteral(":/local/009_kpi_rollups.sql"),
        QStringLiteral(":/local/010_audit_log.sql"),
        QStringLiteral(":/local/011_call_drafts.sql"),
        QStringLiteral(":/local/012_rules.sql"),
        QStringLiteral(":/local/013_kpi_lead_rollups.sql"),
        QStringLiteral(":/local/014_import.sql"),
        QStringLiteral(":/local/015_outbox_sent.sql"),
        QStringLiteral(":/local/016_phone_digits.sql"),
        QStringLiteral(":/local/017_kpi_blocks.sql"),
        QStringLiteral(":/local/018_rules_turns_weights.sql"),
        QStringLiteral(":/local/019_pool_watch.sql"),
        QStringLiteral(":/local/020_rules_incremental_sweep.sql"),
        QStringLiteral(":/local/021_outbox_waiting.sql"),
        QStringLiteral(":/local/022_phone_grams.sql"),
        QStringLiteral(":/local/023_import_origin.sql"),
        QStringLiteral(":/local/026_rules_watch_indexes.sql"),
    };
    return all;
}

int Migrations::currentVersion(const LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        return query.value(0).toInt();
    return -1;
}

QStringList Migrations::splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    bool inTrigger = false;
    const auto lines = script.split(QLatin1Char('\n'));
    for (const QString &rawLine : lines) {
        const QString line = rawLine.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("--")))
            continue;
        if (current.isEmpty()) {
            const QString upper = line.toUpper();
            inTrigger = upper.startsWith(QLatin1String("CREATE TRIGGER"))
                        || upper.startsWith(QLatin1String("CREATE TEMP TRIGGER"));
        }
        current += rawLine + QLatin1Char('\n');
        if (!line.endsWith(QLatin1Char(';')))
            continue;
        if (inTrigger && line.compare(QLatin1String("END;"), Qt::CaseInsensitive) != 0)
            continue;
        statements.append(current.trimmed());
        current.clear();
        inTrigger = false;
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

Status Migrations::apply(LocalStore &store)
{
    return applyUpTo(store, latestVersion());
}

Status Migrations::applyUpTo(LocalStore &store, int version)
{
    const int current = currentVersion(store);
    if (current < 0)
        return Error{tr("Cannot read the workspace's schema version.")};
    if (current > latestVersion()) {
        return Error{tr("This workspace was written by a newer Leadline (schema %1; this version "
                        "supports up to %2). Please update Leadline.")
                         .arg(current)
                         .arg(latestVersion())};
    }
    const int target = std::min(version, latestVersion());
    if (current >= target)
        return {};
    // Every missing step in one transaction: an upgrade lands whole or not at all, and a new
    // workspace costs one flush to disk instead of one per step. BEGIN IMMEDIATE takes the write
    // lock; another process may have applied steps while this one waited, so the version is read
    // again under the lock.
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    const int locked = currentVersion(store);
    if (locked < 0)
        return Error{tr("Cannot read the workspace's schema version.")};
    for (int step = locked + 1; step <= target; ++step) {
        QFile file(steps().at(step - 1));
        if (!file.open(QIODevice::ReadOnly))
            return Error{tr("Schema step %1 is missing from this build.").arg(step)};
        const QString script = QString::fromUtf8(file.readAll());
        QSqlQuery query(store.database());
        for (const QString &statement : splitStatements(script)) {
            if (!query.exec(statement)) {
                return Error{tr("Schema step %1 failed: %2")
                                 .arg(step)
                                 .arg(query.lastError().text())};
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step)))
            return Error{tr("Cannot record schema step %1: %2").arg(step).arg(query.lastError().text())};
    }
    return transaction.commit();
}

} // namespace Leadline
