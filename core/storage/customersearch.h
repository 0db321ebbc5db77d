#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// Narrows a customer search; empty members do not filter.
struct CustomerFilter
{
    QString stage;
    QString intent;
    QString ownerId;
    bool poolOnly = false; ///< only customers without an owner
    QString tag;
    QString source;
    int minScore = -1;
    int maxScore = -1;
    int contactedWithinDays = -1;  ///< last contact at most this many days ago
    int notContactedForDays = -1;  ///< no contact for at least this many days (or never)
};

/// One row of the customer list.
struct CustomerHit
{
    QString id;
    QString name;
    QString company;
    QString stage;
    QString intent;
    QString ownerId;
    QString ownerName;
    QString source;
    int score = 0;
    qint64 lastContactAt = 0;
    QStringList phones; ///< E.164
};

/// The one customer search: the GUI list and `leadline search` both call it.
class CustomerSearch final
{
public:
    explicit CustomerSearch(LocalStore &store);

    /// Customers matching text (name, company, e-mail, tags, any phone in any format) and the
    /// filter, best match first. Any text is safe: it is bound, never parsed as SQL or FTS syntax.
    QList<CustomerHit> search(const QString &text, const CustomerFilter &filter, int limit,
                              int offset = 0) const;
    /// How many customers search() would return without a limit.
    int count(const QString &text, const CustomerFilter &filter) const;

private:
    LocalStore &m_store;
};

} // namespace Leadline
