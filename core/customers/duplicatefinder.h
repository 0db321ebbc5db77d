#pragma once

#include "core/domain/customer.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// A stored customer that shares a phone or an e-mail with the one being typed.
struct DuplicateMatch
{
    enum class Reason { Phone, Email };
    QString customerId;
    QString name;
    QString company;
    Reason reason = Reason::Phone;
    QString matched; ///< the E.164 number or the e-mail address they share
};

/// The duplicate check run while a phone or an e-mail is typed: same normalized phone (E.164)
/// or same e-mail (ignoring case) on any live customer or contact.
class DuplicateFinder final
{
public:
    explicit DuplicateFinder(LocalStore &store);

    /// Customers other than excludeId sharing one of the phones (typed in any format;
    /// incomplete numbers are skipped) or e-mails; each customer once, phones first.
    QList<DuplicateMatch> find(const QStringList &phones, const QStringList &emails,
                               const QString &excludeId = {}, int limit = 10) const;
    /// The same for every phone and e-mail of a customer being edited or created.
    QList<DuplicateMatch> findFor(const Customer &customer, int limit = 10) const;

private:
    LocalStore &m_store;
};

} // namespace Leadline
