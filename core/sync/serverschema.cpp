#include "serverschema.h"

#include "serverconnection.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>

#include <algorithm>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ServerSchema", text);
}

// Serializes concurrent "server migrate" runs against one database.
constexpr qint64 migrationLock = 0x4c4541444c494e45; // "LEADLINE"

} // namespace

const QStringList &ServerSchema::steps()
{
    static const QStringList all = {
        QStringLiteral(":/server/001_sync.sql"),
        QStringLiteral(":/server/002_functions.sql"),
        QStringLiteral(":/server/003_tables.sql"),
        QStringLiteral(":/server/004_telephony.sql"),
        QStringLiteral(":/server/005_snapshot.sql"),
        QStringLiteral(":/server/006_identity.sql"),
        QStringLiteral(":/server/007_rules.sql"),
        QStringLiteral(":/server/008_write_path.sql"),
        QStringLiteral(":/server/009_users.sql"),
        QStringLiteral(":/server/010_rules_sync.sql"),
        QStringLiteral(":/server/011_role_scope.sql"),
        QStringLiteral(":/server/012_visibility.sql"),
        QStringLiteral(":/server/013_replay_restore.sql"),
        QStringLiteral(":/server/014_presence.sql"),
        QStringLiteral(":/server/015_score_weights.sql"),
        QStringLiteral(":/server/016_import_export_roles.sql"),
        QStringLiteral(":/server/017_undelete_children.sql"),
    };
    return all;
}

Result<int> ServerSchema::currentVersion(ServerConnection &connection)
{
    auto exists = connection.scalar(
        QStringLiteral("SELECT to_regclass('sync.schema_version') IS NOT NULL"));
    if (!exists)
        return exists.error();
    if (*exists != QLatin1String("true"))
        return 0;
    auto version = connection.scalar(
        QStringLiteral("SELECT coalesce(max(version), 0) FROM sync.schema_version"));
    if (!version)
        return version.error();
    return version->toInt();
}

Result<int> ServerSchema::migrate(ServerConnection &connection, int upTo)
{
    const int last = upTo < 0 ? latestVersion() : std::min(upTo, latestVersion());
    const QString prologue = QStringLiteral(
        "CREATE SCHEMA IF NOT EXISTS sync; "
        "CREATE TABLE IF NOT EXISTS sync.schema_version ("
        "  version integer PRIMARY KEY,"
        "  applied_at timestamptz NOT NULL DEFAULT now())");
    auto prepared = connection.execScript(
        QStringLiteral("SET lock_timeout = '60s'; SET client_min_messages = warning"));
    if (!prepared)
        return prepared.error();
    for (int step = 1; step <= last; ++step) {
        QFile file(steps().at(step - 1));
        if (!file.open(QIODevice::ReadOnly))
            return Error{tr("Server schema step %1 is missing from this build.").arg(step)};
        const QString script = QString::fromUtf8(file.readAll());

        QSqlDatabase db = connection.database();
        if (!db.transaction())
            return Error{tr("Cannot start the server schema upgrade.")};
        // Functions may refer to tables a later statement of the same step creates.
        auto applied = connection.execScript(
            prologue
            + QStringLiteral("; SET LOCAL check_function_bodies = off; SELECT pg_advisory_xact_lock(%1)")
                  .arg(migrationLock));
        Result<QString> present = applied ? connection.scalar(
                                      QStringLiteral("SELECT count(*) FROM sync.schema_version "
                                                     "WHERE version = ?"),
                                      {step})
                                          : Result<QString>(applied.error());
        if (present && present->toInt() == 0) {
            applied = connection.execScript(script);
            if (applied) {
                auto recorded = connection.exec(
                    QStringLiteral("INSERT INTO sync.schema_version(version) VALUES (?)"), {step});
                if (!recorded)
                    applied = recorded.error();
            }
        } else if (!present) {
            applied = present.error();
        }
        if (!applied) {
            db.rollback();
            return Error{tr("Server schema step %1 failed: %2").arg(step).arg(applied.message())};
        }
        if (!db.commit())
            return Error{tr("Cannot record server schema step %1.").arg(step)};
    }
    auto version = currentVersion(connection);
    if (version && *version > latestVersion()) {
        return Error{tr("The server schema is %1, newer than this Leadline supports (%2): please "
                        "update Leadline.")
                         .arg(*version)
                         .arg(latestVersion())};
    }
    return version;
}

} // namespace Leadline
