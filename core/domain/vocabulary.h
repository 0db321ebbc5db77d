#pragma once

#include <QString>
#include <QStringList>

namespace Leadline {

/// The fixed value sets of the data model. Values are stored as the Chinese terms the rules
/// language and the server use; label() gives the text for the current UI language.
class Vocabulary final
{
public:
    static const QStringList &stages();
    static const QStringList &intents();
    static const QStringList &customerTypes();
    static bool isStage(const QString &value) { return stages().contains(value); }
    static bool isIntent(const QString &value) { return intents().contains(value); }
    /// The display text of a stored value (stage, intent, source, category…) in the UI language.
    static QString label(const QString &value);
};

} // namespace Leadline
