#pragma once

#include "ruletype.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Leadline {

/// A name a condition can read: a customer field from the field catalogue, or a member of the
/// latest call (last_call.*) or the latest todo (last_todo.*).
struct RuleField
{
    QString key; ///< canonical name ("intent", "last_call.disposition")
    RuleType type = RuleType::Unknown;
    QString domain; ///< vocabulary of a text field ("stage", "intent", "disposition"…), or empty

    /// Resolves a name as written: a catalogue key, a catalogue label or import synonym in
    /// either language ("意向"), or a last_call./last_todo. member. nullopt when unknown.
    static std::optional<RuleField> resolve(const QString &name);
    /// Every canonical name, for suggestions.
    static QStringList names();
    /// The known name closest to a misspelt one (at most two edits away), or empty.
    static QString closest(const QString &name);
};

} // namespace Leadline
