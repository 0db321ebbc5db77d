#pragma once

#include <QString>

namespace Leadline {

/// Why the server refused a mutation, in the user's language: the server answers with a stable
/// code (see sync.refuse in the server schema) and an English reason; a code this client knows
/// is explained with its own translated text, any other keeps the server's reason.
class RefusalReason final
{
public:
    static QString explain(const QString &code, const QString &serverReason);
};

} // namespace Leadline
