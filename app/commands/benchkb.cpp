// The §7 knowledge-base search benchmark: 10,000 articles (the shipped ones, each repeated with
// a numbered variant of its title and body), searched as an agent types — one and two Chinese
// characters, a longer Chinese fragment, an English word and two terms — beside the bare
// trigram FTS5 match of the same text.
#include "benchregistry.h"

#include "core/domain/ids.h"
#include "core/knowledge/articlesearch.h"
#include "core/knowledge/defaultarticles.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int articleCount = 10000;
constexpr int warmUpRuns = 3;

int liveArticles(LocalStore &store)
{
    QSqlQuery query(store.database());
    return query.exec(QStringLiteral("SELECT COUNT(*) FROM articles WHERE deleted = 0")) && query.next()
               ? query.value(0).toInt()
               : 0;
}

// Bench fixture data, written straight into the bench workspace (no outbox: it never syncs).
Status seedArticles(LocalStore &store)
{
    const int missing = articleCount - liveArticles(store);
    if (missing <= 0)
        return {};
    const QList<Article> shipped = DefaultArticles::load();
    if (shipped.isEmpty())
        return Error{QCoreApplication::translate("Leadline::Cli", "the shipped articles are missing")};
    Transaction transaction(store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery insert(store.database());
    insert.prepare(QStringLiteral(
        "INSERT INTO articles (id, title, body, category, tags, stages, industries, "
        "customer_types, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    // A null QString binds as SQL NULL; the text columns are NOT NULL.
    const auto text = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
    for (int i = 0; i < missing; ++i) {
        const Article &base = shipped.at(i % shipped.size());
        insert.addBindValue(newId());
        insert.addBindValue(QStringLiteral("%1（第 %2 版）").arg(base.title).arg(i));
        insert.addBindValue(base.body + QStringLiteral("\n\n版本说明 %1").arg(i));
        insert.addBindValue(text(base.category));
        insert.addBindValue(text(base.tags));
        insert.addBindValue(text(base.stages));
        insert.addBindValue(text(base.industries));
        insert.addBindValue(text(base.customerTypes));
        insert.addBindValue(text(base.author));
        if (!insert.exec()) {
            return Error{QCoreApplication::translate("Leadline::Cli", "cannot add the benchmark's articles: %1")
                             .arg(insert.lastError().text())};
        }
    }
    return transaction.commit();
}

void bareMatch(LocalStore &store, const QString &text)
{
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT rowid FROM article_fts WHERE article_fts MATCH ? LIMIT 50"));
    query.addBindValue(QLatin1Char('"') + text + QLatin1Char('"'));
    if (query.exec()) {
        while (query.next()) {
        }
    }
}

Result<BenchSamples> kbSearch(BenchInput &input)
{
    if (auto seeded = seedArticles(input.store); !seeded)
        return seeded.error();
    const QStringList queries = {QStringLiteral("价"), QStringLiteral("价格"),
                                 QStringLiteral("性价比"), QStringLiteral("CRM"),
                                 QStringLiteral("报价 异议")};
    const ArticleSearch search(input.store);
    for (int i = 0; i < warmUpRuns; ++i) {
        for (const QString &text : queries) {
            (void)search.search(text).value();
            bareMatch(input.store, text);
        }
    }
    BenchSamples samples;
    for (int i = 0; i < input.runs; ++i) {
        const QString &text = queries.at(i % queries.size());
        samples.appMs.append(timeMs([&] { (void)search.search(text).value(); }));
        // The trigram table needs 3+ characters; shorter text is timed on a 3-character floor.
        const QString floorText = text.size() >= 3 ? text : QStringLiteral("性价比");
        samples.floorMs.append(timeMs([&] { bareMatch(input.store, floorText); }));
    }
    return samples;
}

const bool registered = BenchRegistry::add({QStringLiteral("kb.search"), 20, kbSearch});

} // namespace

} // namespace Leadline::Cli
