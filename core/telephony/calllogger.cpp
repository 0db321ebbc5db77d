#include "calllogger.h"

#include "calldrafts.h"
#include "callsession.h"
#include "core/domain/clock.h"
#include "core/domain/vocabulary.h"
#include "core/customers/activityrepository.h"
#include "core/queue/todoservice.h"
#include "core/storage/localstore.h"
#include "core/storage/readerror.h"
#include "core/reference/referencerepository.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::CallLogger", text);
}

} // namespace

CallLogger::CallLogger(LocalStore &store, ActivityRepository &activities,
                       ReferenceRepository &reference)
    : m_store(store)
    , m_activities(activities)
    , m_reference(reference)
{}

Status CallLogger::validate(const CallLogEntry &entry) const
{
    if (entry.customerId.isEmpty())
        return Error{tr("Open a customer before logging a call.")};
    if (entry.dispositionId.isEmpty())
        return Error{tr("Choose a disposition (keys 1–9)."), QStringLiteral("disposition")};
    const auto dispositions = m_reference.dispositions();
    if (!dispositions)
        return dispositions.error();
    std::optional<Disposition> disposition;
    for (const Disposition &d : *dispositions) {
        if (d.id == entry.dispositionId)
            disposition = d;
    }
    if (!disposition)
        return Error{tr("That disposition no longer exists; choose another."),
                     QStringLiteral("disposition")};
    if (disposition->noteRequired && entry.note.trimmed().isEmpty())
        return Error{tr("\"%1\" needs a note: write what was said.").arg(Vocabulary::label(disposition->name)),
                     QStringLiteral("note")};
    if (disposition->callbackRequired && !entry.followUpAt)
        return Error{tr("\"%1\" needs a callback: pick the next follow-up time.")
                         .arg(Vocabulary::label(disposition->name)),
                     QStringLiteral("followup")};
    if (entry.followUpAt && *entry.followUpAt <= m_store.clock().nowMs())
        return Error{tr("The follow-up time is in the past."), QStringLiteral("followup")};
    return {};
}

Result<LoggedCall> CallLogger::log(const CallLogEntry &entry)
{
    if (auto valid = validate(entry); !valid)
        return valid.error();

    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    Call call;
    call.customerId = entry.customerId;
    call.contactId = entry.contactId;
    call.phoneE164 = entry.phoneE164;
    call.startedAt = entry.startedAt ? entry.startedAt : m_store.clock().nowMs();
    call.connectedAt = entry.connectedAt;
    call.endedAt = entry.endedAt;
    call.durationSeconds = entry.durationSeconds;
    call.outcome = entry.outcome;
    call.dispositionId = entry.dispositionId;
    call.note = entry.note.trimmed();
    auto callId = m_activities.logCall(call);
    if (!callId)
        return callId.error();

    LoggedCall logged{*callId, {}};
    // The call answers the callbacks that were due with this customer (the queue's overdue and
    // today's); the next follow-up moves the customer's open callback rather than adding one.
    TodoService todos(m_store);
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_store.clock().nowMs()).date();
    const qint64 endOfToday = QDateTime(today.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    if (auto answered = todos.completeCallbacksAnswered(entry.customerId, endOfToday); !answered)
        return answered.error();
    if (entry.followUpAt) {
        Todo todo;
        todo.customerId = entry.customerId;
        todo.title = entry.followUpTitle.trimmed().isEmpty() ? tr("Call back")
                                                              : entry.followUpTitle.trimmed();
        todo.dueAt = *entry.followUpAt;
        auto todoId = todos.bookCallback(todo, entry.anotherCallback ? TodoService::Callbacks::AddAnother
                                                                     : TodoService::Callbacks::ReplaceOpen);
        if (!todoId)
            return todoId.error();
        logged.todoId = *todoId;
    }
    // The call is on record now: its draft (kept while it was on the line) goes with it.
    if (auto cleared = CallDrafts(m_store).discard(call.startedAt); !cleared)
        return cleared.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return logged;
}

Result<LoggedCall> CallLogger::logManual(CallLogEntry entry)
{
    if (entry.startedAt <= 0)
        return Error{tr("When was the call? Give its start time."), QStringLiteral("started")};
    if (entry.startedAt > m_store.clock().nowMs())
        return Error{tr("A call made outside Leadline cannot start in the future."),
                     QStringLiteral("started")};
    if (entry.durationSeconds < 0)
        return Error{tr("The duration cannot be negative."), QStringLiteral("duration")};
    entry.outcome = QStringLiteral("manual");
    entry.endedAt = entry.startedAt + qint64(entry.durationSeconds) * 1000;
    if (entry.durationSeconds > 0)
        entry.connectedAt = entry.startedAt;
    return log(entry);
}

CallLogEntry CallLogger::fromSession(const CallSession &session)
{
    CallLogEntry entry;
    entry.phoneE164 = session.number();
    entry.startedAt = session.startedAt();
    entry.connectedAt = session.connectedAt();
    entry.endedAt = session.endedAt();
    entry.durationSeconds = session.durationSeconds();
    entry.outcome = session.outcome();
    return entry;
}

Result<QList<NumberHistory>> CallLogger::lastCallPerNumber(const QString &customerId) const
{
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    // SQLite takes the other columns from the row holding max(started_at).
    query.prepare(QStringLiteral("SELECT phone_e164, outcome, max(started_at) FROM calls "
                                 "WHERE customer_id = ? AND deleted = 0 AND phone_e164 <> '' "
                                 "GROUP BY phone_e164 ORDER BY 3 DESC"));
    query.addBindValue(customerId);
    if (!query.exec())
        return readError(query, QCoreApplication::translate("Leadline::CallLogger", "The customer's calls"));
    QList<NumberHistory> history;
    while (query.next())
        history.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong()});
    return history;
}

} // namespace Leadline
