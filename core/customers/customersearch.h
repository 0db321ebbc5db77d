#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QList>
#include <QtCore/qnamespace.h>
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

/// The order of a customer search. Relevance ranks exact phone, e-mail and name matches first,
/// then names starting with the text, then partial phone and name matches, then everything
/// else; without text it means highest score first.
struct CustomerSort
{
    enum class Key { Relevance, Name, Stage, Score, LastContact };
    Key key = Key::Relevance;
    Qt::SortOrder order = Qt::AscendingOrder;
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
    Q_DECLARE_TR_FUNCTIONS(Leadline::CustomerSearch)

public:
    explicit CustomerSearch(LocalStore &store);

    /// Customers matching text (name, company, e-mail, tags, contacts, any phone in any
    /// format, any substring including 1-2 Chinese characters) and the filter, in sort order.
    /// Any text is safe: it is bound and quoted, never parsed as SQL or FTS syntax.
    /// A failed read (a damaged workspace) is an error, never a short or empty list.
    Result<QList<CustomerHit>> search(const QString &text, const CustomerFilter &filter, int limit,
                                      int offset = 0, const CustomerSort &sort = {}) const;
    /// How many customers search() would return without a limit; with cap > 0 counting stops
    /// at cap + 1, so a result above cap means "more than cap" and costs no more than cap.
    Result<int> count(const QString &text, const CustomerFilter &filter, int cap = 0) const;
    /// False while the search index is being built (a first sync's last step): search() then
    /// reads the rows themselves, for names, companies, e-mail addresses and phone digits only.
    bool indexReady() const;
    /// The names of live tags, for the tag filter.
    Result<QStringList> tagNames() const;
    /// The distinct customer sources in the workspace, for the source filter (an index skip
    /// scan: a few look-ups per value, not a pass over every customer).
    Result<QStringList> sources() const;

private:
    Result<QList<qint64>> rankedRowids(const QString &text, const CustomerFilter &filter,
                                       int need) const;
    Result<QList<qint64>> sortedRowids(const QString &text, const CustomerFilter &filter, int limit,
                                       int offset, const CustomerSort &sort) const;
    Result<QList<CustomerHit>> hitsFor(const QList<qint64> &rowids) const;

    LocalStore &m_store;
};

} // namespace Leadline
