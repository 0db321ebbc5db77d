#include "workspacerecovery.h"

#include "refusalreason.h"
#include "serverconnection.h"
#include "servergateway.h"
#include "syncround.h"
#include "unsyncedsalvage.h"
#include "core/domain/clock.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"
#include "core/storage/workspacecheck.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Leadline::WorkspaceRecovery", text, disambiguation, n);
}

QString journalPathOf(const QString &workspacePath)
{
    return workspacePath + QStringLiteral(".recovery");
}

const QStringList companionSuffixes = {QStringLiteral("-wal"), QStringLiteral("-shm")};

constexpr int pushBatch = 200;

} // namespace

struct WorkspaceRecovery::Journal
{
    Stage stage = Stage::Saved;
    QString sideFile;
    QString damagedFile;
    QString clientId;
    QString agentId;
    int saved = 0;
    int unreadable = 0;
};

WorkspaceRecovery::WorkspaceRecovery(QString workspacePath)
    : m_path(QFileInfo(workspacePath).absoluteFilePath())
{}

bool WorkspaceRecovery::isUnderWay(const QString &workspacePath)
{
    return QFileInfo::exists(journalPathOf(QFileInfo(workspacePath).absoluteFilePath()));
}

QString WorkspaceRecovery::stageName(Stage stage)
{
    switch (stage) {
    case Stage::Saved:
        return QStringLiteral("saved");
    case Stage::Moved:
        return QStringLiteral("moved");
    case Stage::Built:
        return QStringLiteral("built");
    case Stage::Done:
        return QStringLiteral("done");
    }
    return {};
}

void WorkspaceRecovery::reached(Stage stage)
{
    if (m_listener)
        m_listener(stage);
}

Status WorkspaceRecovery::saveJournal(const Journal &journal) const
{
    const QJsonObject object{{QStringLiteral("stage"), stageName(journal.stage)},
                             {QStringLiteral("side_file"), journal.sideFile},
                             {QStringLiteral("damaged_file"), journal.damagedFile},
                             {QStringLiteral("client_id"), journal.clientId},
                             {QStringLiteral("agent_id"), journal.agentId},
                             {QStringLiteral("saved"), journal.saved},
                             {QStringLiteral("unreadable"), journal.unreadable}};
    QSaveFile file(journalPathOf(m_path));
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
        return Error{tr("The recovery cannot record its progress in %1 (%2).")
                         .arg(journalPathOf(m_path), file.errorString())};
    }
    return {};
}

Result<WorkspaceRecovery::Journal> WorkspaceRecovery::start(RecoveryReport &report)
{
    // Only a damaged workspace is rebuilt; every other problem keeps its own message.
    if (!QFileInfo::exists(m_path))
        return Error{tr("There is no workspace at %1, so there is nothing to recover.").arg(m_path)};
    {
        auto opened = LocalStore::openExisting(m_path);
        if (opened) {
            // The open check reads every page only of smaller files: read them all now.
            QSqlDatabase db = (*opened)->database();
            auto problems = WorkspaceCheck::checkAllPages(db);
            if (problems && problems->isEmpty()) {
                report.wasWhole = true;
                return Error{};
            }
        } else if (opened.error().field != WorkspaceCheck::damagedProblem
                   && opened.error().field != WorkspaceCheck::walProblem) {
            return opened.error();
        }
    }
    auto salvaged = UnsyncedSalvage::read(m_path);
    if (!salvaged)
        return salvaged.error();
    auto side = UnsyncedSalvage::write(m_path, *salvaged);
    if (!side)
        return side.error();
    Journal journal;
    journal.sideFile = *side;
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    journal.damagedFile = QStringLiteral("%1.damaged-%2").arg(m_path, stamp);
    for (int n = 2; QFileInfo::exists(journal.damagedFile); ++n)
        journal.damagedFile = QStringLiteral("%1.damaged-%2-%3").arg(m_path, stamp).arg(n);
    journal.clientId = salvaged->clientId;
    journal.agentId = salvaged->agentId;
    journal.saved = int(salvaged->entries.size());
    journal.unreadable = salvaged->unreadable;
    if (auto saved = saveJournal(journal); !saved)
        return saved.error();
    return journal;
}

Status WorkspaceRecovery::moveAside(const Journal &journal)
{
    // The log and its index first: a new workspace must never find the old log beside it.
    QStringList suffixes = companionSuffixes;
    suffixes.append(QString());
    for (const QString &suffix : std::as_const(suffixes)) {
        const QString from = m_path + suffix;
        const QString to = journal.damagedFile + suffix;
        if (!QFileInfo::exists(from))
            continue;
        if (QFileInfo::exists(to)) {
            return Error{tr("%1 cannot be moved aside: %2 is in the way (nothing was deleted).")
                             .arg(from, to)};
        }
        QFile file(from);
        if (!file.rename(to))
            return Error{tr("%1 cannot be moved to %2 (%3).").arg(from, to, file.errorString())};
    }
    return {};
}

Result<int> WorkspaceRecovery::pushSaved(const Journal &journal, const ServerUrl &server,
                                         RecoveryReport &report)
{
    auto saved = UnsyncedSalvage::load(journal.sideFile);
    if (!saved)
        return saved.error();
    auto store = LocalStore::openExisting(m_path);
    if (!store)
        return store.error();
    auto connection = ServerConnection::open(server);
    if (!connection)
        return Error{connection.message(), unreachableProblem};
    ServerGateway gateway(**connection);
    // The workstation's own id and numbers: a change the server already has is answered from
    // its records, never applied twice. Without them (unreadable) the new workspace's id is
    // used and the numbers are left out, so they cannot shadow the new workspace's own.
    const bool ownNumbers = !saved->clientId.isEmpty();
    const QString clientId = ownNumbers ? saved->clientId : (*store)->clientId();
    const QList<QJsonObject> &entries = saved->entries;
    for (qsizetype begin = 0; begin < entries.size(); begin += pushBatch) {
        const qsizetype end = std::min<qsizetype>(entries.size(), begin + pushBatch);
        QJsonArray batch;
        for (qsizetype i = begin; i < end; ++i) {
            QJsonObject mutation = entries.at(i);
            const qint64 seq = mutation.take(QStringLiteral("seq")).toInteger();
            mutation.remove(QStringLiteral("created_at"));
            if (ownNumbers)
                mutation.insert(QStringLiteral("client_seq"), seq);
            batch.append(mutation);
        }
        auto results = gateway.push(clientId, batch);
        if (!results)
            return Error{results.message(), (*connection)->isAlive() ? QString() : unreachableProblem};
        Transaction transaction(**store);
        if (!transaction.isActive())
            return transaction.error();
        const qint64 now = (*store)->clock().nowMs();
        for (qsizetype i = begin; i < end; ++i) {
            const QJsonObject result = results->at(i - begin).toObject();
            if (result.value(QStringLiteral("status")).toString() != QLatin1String("rejected")) {
                ++report.pushed;
                continue;
            }
            // Refused: kept with the reason where the agent sees refused changes.
            ++report.rejected;
            const QJsonObject &entry = entries.at(i);
            QSqlQuery aside((*store)->database());
            aside.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO outbox_rejected(mutation_id, table_name, row_id, op, "
                "base_row_version, fields, created_at, reason, rejected_at) "
                "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            aside.addBindValue(entry.value(QStringLiteral("mutation_id")).toString());
            aside.addBindValue(entry.value(QStringLiteral("table")).toString());
            aside.addBindValue(entry.value(QStringLiteral("row_id")).toString());
            aside.addBindValue(entry.value(QStringLiteral("op")).toString());
            aside.addBindValue(entry.value(QStringLiteral("base_row_version")).toInteger());
            aside.addBindValue(QString::fromUtf8(
                QJsonDocument(entry.value(QStringLiteral("fields")).toObject())
                    .toJson(QJsonDocument::Compact)));
            aside.addBindValue(entry.value(QStringLiteral("created_at")).toInteger());
            aside.addBindValue(RefusalReason::explain(result.value(QStringLiteral("code")).toString(),
                                                      result.value(QStringLiteral("reason")).toString()));
            aside.addBindValue(now);
            if (!aside.exec()) {
                return Error{tr("The new workspace cannot record a refused change: %1")
                                 .arg(aside.lastError().text())};
            }
            (*store)->noteChange(QStringLiteral("outbox_rejected"));
        }
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
    }
    // What the server now holds reaches the new workspace through its change feed.
    SyncRound round(**store, **connection);
    auto pulled = round.run();
    if (!pulled)
        return Error{pulled.message(), round.failure() == SyncFailure::Unreachable ? unreachableProblem : QString()};
    return pulled->pulled;
}

Result<RecoveryReport> WorkspaceRecovery::run(const ServerUrl &server)
{
    RecoveryReport report;
    Journal journal;
    if (QFile file(journalPathOf(m_path)); file.open(QIODevice::ReadOnly)) {
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        const QString stage = object.value(QStringLiteral("stage")).toString();
        for (Stage known : {Stage::Saved, Stage::Moved, Stage::Built, Stage::Done}) {
            if (stage == stageName(known))
                journal.stage = known;
        }
        journal.sideFile = object.value(QStringLiteral("side_file")).toString();
        journal.damagedFile = object.value(QStringLiteral("damaged_file")).toString();
        journal.clientId = object.value(QStringLiteral("client_id")).toString();
        journal.agentId = object.value(QStringLiteral("agent_id")).toString();
        journal.saved = object.value(QStringLiteral("saved")).toInt();
        journal.unreadable = object.value(QStringLiteral("unreadable")).toInt();
        if (journal.sideFile.isEmpty() || journal.damagedFile.isEmpty()) {
            return Error{tr("The recovery journal %1 is unreadable; the saved changes are in the "
                            "%2.unsynced-*.jsonl files beside the workspace.")
                             .arg(journalPathOf(m_path), m_path)};
        }
    } else {
        auto started = start(report);
        if (report.wasWhole)
            return report;
        if (!started)
            return started.error();
        journal = *started;
        reached(Stage::Saved);
    }
    report.sideFile = journal.sideFile;
    report.damagedFile = journal.damagedFile;
    report.saved = journal.saved;
    report.unreadable = journal.unreadable;
    const QString kept = tr("Your %n unsynced change(s) are kept in %1.", nullptr, journal.saved)
                             .arg(journal.sideFile);
    const QString again = journal.stage == Stage::Saved
                              ? tr("The damaged workspace was left as it is. Run the recovery "
                                   "again when the server can be reached.")
                              : tr("Run the recovery again when the server can be reached: it "
                                   "continues where it stopped.");

    // The server must answer, as the workspace's own user, before anything is moved.
    auto connection = ServerConnection::open(server);
    if (!connection) {
        if (connection.error().field == ServerConnection::signInRefusedField())
            return Error{QStringLiteral("%1 %2").arg(connection.message(), kept)};
        return Error{tr("The server could not be reached (%1).").arg(connection.message())
                         + QLatin1Char(' ') + kept + QLatin1Char(' ') + again,
                     unreachableProblem};
    }
    ServerGateway gateway(**connection);
    auto hello = gateway.hello();
    if (!hello) {
        const bool alive = (*connection)->isAlive();
        return Error{(alive ? hello.message()
                            : tr("The server could not be reached (%1).").arg(hello.message()))
                         + QLatin1Char(' ') + kept + (alive ? QString() : QLatin1Char(' ') + again),
                     alive ? QString() : unreachableProblem};
    }
    if (!journal.agentId.isEmpty() && !hello->agentId.isEmpty() && hello->agentId != journal.agentId) {
        return Error{tr("The damaged workspace belonged to another user: sign in as that user to "
                        "recover it.")
                     + QLatin1Char(' ') + kept};
    }

    if (journal.stage == Stage::Saved) {
        if (auto moved = moveAside(journal); !moved)
            return Error{moved.message() + QLatin1Char(' ') + kept};
        journal.stage = Stage::Moved;
        if (auto saved = saveJournal(journal); !saved)
            return saved.error();
        reached(Stage::Moved);
    }
    if (journal.stage == Stage::Moved) {
        // A new workspace at the same path, filled by the ordinary first sync (which itself
        // resumes when interrupted).
        auto store = LocalStore::open(m_path);
        if (!store)
            return Error{store.message() + QLatin1Char(' ') + kept};
        if ((*store)->currentAgentId().isEmpty() && !journal.agentId.isEmpty())
            (*store)->setCurrentAgentId(journal.agentId);
        SyncRound round(**store, **connection);
        auto filled = round.run();
        if (!filled) {
            const bool unreachable = round.failure() == SyncFailure::Unreachable;
            return Error{tr("The new workspace could not be filled from the server (%1).")
                                 .arg(filled.message())
                             + QLatin1Char(' ') + kept + QLatin1Char(' ') + again,
                         unreachable ? unreachableProblem : QString()};
        }
        report.pulled += filled->pulled;
        journal.stage = Stage::Built;
        if (auto saved = saveJournal(journal); !saved)
            return saved.error();
        reached(Stage::Built);
    }
    if (journal.stage == Stage::Built) {
        auto pushed = pushSaved(journal, server, report);
        if (!pushed) {
            return Error{tr("The saved changes could not all be sent (%1).").arg(pushed.message())
                             + QLatin1Char(' ') + kept + QLatin1Char(' ')
                             + tr("Run the recovery again: the server keeps any change it already "
                                  "has from applying twice."),
                         pushed.error().field};
        }
        report.pulled += *pushed;
        journal.stage = Stage::Done;
    }
    // Finished: the journal goes; the side file and the damaged file stay.
    if (!QFile::remove(journalPathOf(m_path)) && QFileInfo::exists(journalPathOf(m_path)))
        return Error{tr("The recovery finished but %1 cannot be removed.").arg(journalPathOf(m_path))};
    reached(Stage::Done);
    return report;
}

} // namespace Leadline
