#pragma once

#include "core/domain/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace Leadline {

class LocalStore;

/// One do-not-call entry: a whole number or a prefix of numbers.
struct DncEntry
{
    QString id;
    bool isPrefix = false;
    QString value; ///< E.164 ("+8613800138000") or an E.164 prefix ("+86400")
    QString reason;
};

/// The do-not-call list (synced table dnc_numbers), kept by admins.
class DncList final
{
public:
    explicit DncList(LocalStore &store);

    /// Adds a number in any format (stored as E.164).
    Result<QString> addNumber(const QString &number, const QString &reason = {});
    /// Adds a prefix: "+" and country code first ("+86400", "+1900").
    Result<QString> addPrefix(const QString &prefix, const QString &reason = {});
    Status remove(const QString &id);
    /// The entry that forbids dialing this E.164 number, if any (a whole number before a
    /// prefix; the longest prefix first). A list that cannot be read is an error.
    Result<std::optional<DncEntry>> match(const QString &e164) const;

private:
    LocalStore &m_store;
};

} // namespace Leadline
