#pragma once

#include "core/domain/result.h"

#include <QString>

namespace Leadline::Ui {

/// Server passwords in the operating system's keychain (QtKeychain), never in settings files.
/// Keyed by "login@server".
class CredentialStore final
{
public:
    static Result<QString> readPassword(const QString &key);
    static Status writePassword(const QString &key, const QString &password);
    static Status removePassword(const QString &key);
};

} // namespace Leadline::Ui
