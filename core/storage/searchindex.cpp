#include "searchindex.h"

#include "localstore.h"
#include "transaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const QString pausedKey = QStringLiteral("search_index_paused");

} // namespace

Status SearchIndex::pause(LocalStore &store)
{
    return store.setStateValue(pausedKey, QStringLiteral("1"));
}

bool SearchIndex::isPaused(const LocalStore &store)
{
    return !store.stateValue(pausedKey).isEmpty();
}

Status SearchIndex::rebuild(LocalStore &store, Merge merge)
{
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    const QStringList statements = {
        QStringLiteral("DELETE FROM sync_state WHERE key = 'search_index_paused'"),
        QStringLiteral("DELETE FROM customer_search_dirty"),
        QStringLiteral("DELETE FROM customer_fts"),
        QStringLiteral("DELETE FROM customer_grams"),
        QStringLiteral("INSERT INTO phone_grams(phone_grams) VALUES('delete-all')"),
        QStringLiteral("INSERT INTO phone_grams(rowid, grams) SELECT row, grams FROM phone_gram_rows"),
        QStringLiteral("INSERT INTO customer_fts(rowid, name, company, email, tags, contacts) "
                       "SELECT rid, name, company, email, tags, contacts FROM customer_search_source"),
        QStringLiteral("INSERT INTO customer_grams(rowid, name_grams, other_grams) "
                       "SELECT rid, name, company || ' ' || tags || ' ' || contacts "
                       "FROM customer_search_source"),
    };
    const QStringList optimize = {
        QStringLiteral("INSERT INTO customer_fts(customer_fts) VALUES('optimize')"),
        QStringLiteral("INSERT INTO customer_grams(customer_grams) VALUES('optimize')"),
        QStringLiteral("INSERT INTO phone_grams(phone_grams) VALUES('optimize')"),
    };
    QSqlQuery query(store.database());
    for (const QString &statement : statements + (merge == Merge::Fully ? optimize : QStringList())) {
        if (!query.exec(statement)) {
            return Error{QCoreApplication::translate("Leadline::SearchIndex",
                                                     "The customer search index could not be rebuilt: %1")
                             .arg(query.lastError().text())};
        }
    }
    return transaction.commit();
}

} // namespace Leadline
