#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// One entry of a customer's timeline, whatever its source table.
struct TimelineEvent
{
    enum class Kind { Call, Note, Todo, Stage, Owner, Merge, Import, Rule, Pool };
    Kind kind = Kind::Note;
    QString id;
    qint64 at = 0;
    QString agentName;
    QString title;  ///< short text: disposition, stage "A → B", todo title
    QString detail; ///< longer text: the note, the call's note, the rule's action
    int durationSeconds = 0;
    QString recordingUrl;
    bool done = false; ///< for todos: completed
};

/// Reads a customer's timeline: calls, notes, todos and profile events, newest first, in pages.
class TimelineQuery final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::TimelineQuery)

public:
    explicit TimelineQuery(LocalStore &store);

    /// Events of the given kinds (all when empty), newest first, limit/offset paged.
    /// A failed read (a damaged workspace) is an error, never a shorter timeline.
    Result<QList<TimelineEvent>> fetch(const QString &customerId, int limit, int offset = 0,
                               const QList<TimelineEvent::Kind> &kinds = {}) const;
    int count(const QString &customerId) const;
    static QString kindKey(TimelineEvent::Kind kind);

private:
    LocalStore &m_store;
};

} // namespace Leadline
