#pragma once

#include <QMetaType>
#include <QSet>
#include <QString>

namespace Leadline {

/// What one local commit or one applied pull page changed: the tables, and the customers whose
/// row or child rows (contacts, phones, calls, notes, todos, tags, stage changes) changed.
struct ChangeSet
{
    QSet<QString> tables;
    QSet<QString> customerIds;
    /// Rows of customers not listed changed too (a pull page or a bulk load): every customer
    /// shown may be affected.
    bool anyCustomer = false;
    /// The change came from the server (a pull), not from this workstation.
    bool fromServer = false;

    bool isEmpty() const { return tables.isEmpty(); }
    /// True when any of the tables changed.
    bool touches(std::initializer_list<const char *> names) const
    {
        for (const char *name : names) {
            if (tables.contains(QLatin1String(name)))
                return true;
        }
        return false;
    }
    /// True when this customer (its row or a child row) may have changed.
    bool touchesCustomer(const QString &customerId) const
    {
        return anyCustomer || customerIds.contains(customerId);
    }
    void add(const QString &table, const QString &customerId = {})
    {
        tables.insert(table);
        if (!customerId.isEmpty())
            customerIds.insert(customerId);
    }
    void merge(const ChangeSet &other)
    {
        tables.unite(other.tables);
        customerIds.unite(other.customerIds);
        anyCustomer = anyCustomer || other.anyCustomer;
        fromServer = fromServer || other.fromServer;
    }
};

} // namespace Leadline

Q_DECLARE_METATYPE(Leadline::ChangeSet)
