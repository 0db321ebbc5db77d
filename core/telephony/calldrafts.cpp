#include "calldrafts.h"

#include "core/domain/clock.h"
#include "core/storage/localstore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Leadline {

namespace {

QVariant optionalTime(const std::optional<qint64> &ms)
{
    return ms ? QVariant(*ms) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<qint64> timeOf(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

} // namespace

CallDrafts::CallDrafts(LocalStore &store)
    : m_store(store)
{}

Status CallDrafts::save(const CallDraft &draft)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO call_drafts(agent_id, customer_id, contact_id, phone_e164, "
        "started_at, connected_at, ended_at, outcome, note, saved_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(m_store.currentAgentId());
    query.addBindValue(draft.customerId);
    query.addBindValue(draft.contactId);
    query.addBindValue(draft.phoneE164);
    query.addBindValue(draft.startedAt);
    query.addBindValue(optionalTime(draft.connectedAt));
    query.addBindValue(optionalTime(draft.endedAt));
    query.addBindValue(draft.outcome);
    query.addBindValue(draft.note);
    query.addBindValue(m_store.clock().nowMs());
    if (!query.exec())
        return Error{tr("The call in progress could not be kept on disk: %1").arg(query.lastError().text())};
    return {};
}

Result<std::optional<CallDraft>> CallDrafts::current() const
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "SELECT customer_id, contact_id, phone_e164, started_at, connected_at, ended_at, outcome, "
        "note, saved_at FROM call_drafts WHERE agent_id = ?"));
    query.addBindValue(m_store.currentAgentId());
    if (!query.exec())
        return Error{tr("The unsaved call cannot be read: %1").arg(query.lastError().text())};
    if (!query.next())
        return std::optional<CallDraft>();
    CallDraft draft;
    draft.customerId = query.value(0).toString();
    draft.contactId = query.value(1).toString();
    draft.phoneE164 = query.value(2).toString();
    draft.startedAt = query.value(3).toLongLong();
    draft.connectedAt = timeOf(query.value(4));
    draft.endedAt = timeOf(query.value(5));
    draft.outcome = query.value(6).toString();
    draft.note = query.value(7).toString();
    draft.savedAt = query.value(8).toLongLong();
    return std::optional<CallDraft>(draft);
}

Status CallDrafts::discard(qint64 startedAt)
{
    QSqlQuery query(m_store.database());
    query.prepare(QStringLiteral(
        "DELETE FROM call_drafts WHERE agent_id = ? AND (? = 0 OR started_at = ?)"));
    query.addBindValue(m_store.currentAgentId());
    query.addBindValue(startedAt);
    query.addBindValue(startedAt);
    if (!query.exec())
        return Error{tr("The unsaved call could not be cleared: %1").arg(query.lastError().text())};
    return {};
}

CallLogEntry CallDrafts::toEntry(const CallDraft &draft)
{
    CallLogEntry entry;
    entry.customerId = draft.customerId;
    entry.contactId = draft.contactId;
    entry.phoneE164 = draft.phoneE164;
    entry.startedAt = draft.startedAt;
    entry.connectedAt = draft.connectedAt;
    entry.endedAt = draft.endedAt.value_or(qMax(draft.savedAt, draft.startedAt));
    entry.outcome = !draft.outcome.isEmpty() ? draft.outcome
                    : draft.connectedAt     ? QStringLiteral("connected")
                                            : QStringLiteral("no_answer");
    if (entry.connectedAt)
        entry.durationSeconds = int(qMax<qint64>(0, (*entry.endedAt - *entry.connectedAt + 500) / 1000));
    entry.note = draft.note;
    return entry;
}

} // namespace Leadline
