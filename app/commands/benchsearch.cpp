// The §7 customer benchmarks: search as you type and opening the 360 view, each beside the
// bare SQLite query it rests on.
#include "benchregistry.h"

#include "core/domain/phonenumber.h"
#include "core/customers/customerrepository.h"
#include "core/customers/customersearch.h"
#include "core/storage/localstore.h"
#include "core/storage/searchtokens.h"
#include "core/customers/timelinequery.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace Leadline::Cli {

namespace {

constexpr int pageSize = 50;    // what the list shows first
constexpr int timelineItems = 200;

/// A customer picked for a benchmark input.
struct Sample
{
    QString id;
    QString name;
    QString company;
    QString national; ///< national digits of one of its phones (empty when it has none)
};

Result<QList<Sample>> pickCustomers(LocalStore &store, int count, quint32 seed)
{
    QSqlQuery max(store.database());
    if (!max.exec(QStringLiteral("SELECT max(rowid) FROM customers")) || !max.next()
        || max.value(0).toLongLong() <= 0) {
        return Error{QCoreApplication::translate("Leadline::Cli", "the workspace has no customers")};
    }
    const qint64 top = max.value(0).toLongLong();
    QRandomGenerator random(seed);
    QSqlQuery pick(store.database());
    pick.prepare(QStringLiteral(
        "SELECT c.id, c.name, c.company, (SELECT national FROM phones p WHERE p.customer_id = c.id "
        "AND p.deleted = 0 LIMIT 1) FROM customers c WHERE c.rowid >= ? AND c.deleted = 0 "
        "ORDER BY c.rowid LIMIT 1"));
    QList<Sample> samples;
    for (int attempt = 0; samples.size() < count && attempt < count * 4; ++attempt) {
        pick.addBindValue(1 + qint64(random.bounded(quint64(top))));
        if (!pick.exec() || !pick.next())
            continue;
        samples.append({pick.value(0).toString(), pick.value(1).toString(),
                        pick.value(2).toString(), pick.value(3).toString()});
    }
    if (samples.isEmpty())
        return Error{QCoreApplication::translate("Leadline::Cli", "no customers could be sampled")};
    return samples;
}

// Runs every query (warm-up first), timing the app path and the bare query.
Result<BenchSamples> timeQueries(BenchInput &input, const QStringList &queries,
                                 const std::function<void(const QString &)> &app,
                                 const std::function<void(const QString &)> &floor)
{
    if (queries.isEmpty())
        return Error{QCoreApplication::translate("Leadline::Cli", "no inputs for this benchmark")};
    // One untimed pass over every input first: the figures are for a warm cache (as while
    // typing), and neither side profits from pages the other one just read.
    for (const QString &query : queries) {
        app(query);
        floor(query);
    }
    BenchSamples samples;
    for (int i = 0; i < input.runs; ++i) {
        const QString &query = queries.at(i % queries.size());
        samples.appMs.append(timeMs([&] { app(query); }));
        samples.floorMs.append(timeMs([&] { floor(query); }));
    }
    return samples;
}

void drain(QSqlQuery &query)
{
    if (query.exec()) {
        while (query.next()) {
        }
    }
}

void bareFts(LocalStore &store, const QString &table, const QString &match)
{
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT rowid FROM %1 WHERE %1 MATCH ? LIMIT %2").arg(table).arg(pageSize));
    query.addBindValue(match);
    drain(query);
}

void appSearch(LocalStore &store, const QString &text)
{
    (void)CustomerSearch(store).search(text, {}, pageSize).value();
}

// Builds the inputs of one search benchmark from sampled customers.
Result<BenchSamples> searchBench(BenchInput &input,
                                 const std::function<QString(const Sample &)> &makeQuery,
                                 const std::function<void(const QString &)> &floor)
{
    auto picked = pickCustomers(input.store, input.runs, input.seed);
    if (!picked)
        return picked.error();
    QStringList queries;
    for (const Sample &sample : picked.value()) {
        const QString query = makeQuery(sample);
        if (!query.isEmpty())
            queries.append(query);
    }
    return timeQueries(input, queries, [&](const QString &q) { appSearch(input.store, q); }, floor);
}

Result<BenchSamples> searchName(BenchInput &input)
{
    return searchBench(
        input, [](const Sample &s) { return s.name; },
        [&](const QString &q) {
            bareFts(input.store, QStringLiteral("customer_fts"),
                    QStringLiteral("name : ") + SearchTokens::phrase(q));
        });
}

Result<BenchSamples> searchPhoneDigits(BenchInput &input)
{
    return searchBench(
        input,
        [](const Sample &s) {
            // Typed the way people read numbers out: 138 0013 8000.
            if (s.national.size() != 11)
                return s.national;
            return s.national.left(3) + QLatin1Char(' ') + s.national.mid(3, 4) + QLatin1Char(' ')
                   + s.national.mid(7);
        },
        [&](const QString &q) {
            QSqlQuery query(input.store.database());
            query.prepare(QStringLiteral("SELECT customer_id FROM phones WHERE national = ? LIMIT %1").arg(pageSize));
            query.addBindValue(PhoneNumbers::digitsOnly(q));
            drain(query);
        });
}

Result<BenchSamples> searchPhoneLast4(BenchInput &input)
{
    return searchBench(
        input, [](const Sample &s) { return s.national.right(4); },
        [&](const QString &q) {
            const QString reversed = PhoneNumbers::reversed(q);
            QSqlQuery query(input.store.database());
            query.prepare(QStringLiteral("SELECT customer_id FROM phones WHERE national_rev >= ? "
                                         "AND national_rev < ? LIMIT %1").arg(pageSize));
            query.addBindValue(reversed);
            query.addBindValue(reversed + QLatin1Char(':'));
            drain(query);
        });
}

// Digits from inside a number, as read off a note or an e-mail: seven (5686118 of 156 8611 8797)
// and four. The floor is the index of runs of four digits alone, with the check of each hit.
Result<BenchSamples> searchPhoneMiddle(BenchInput &input, int length)
{
    return searchBench(
        input, [length](const Sample &s) { return s.national.size() < 3 + length ? QString() : s.national.mid(3, length); },
        [&](const QString &q) {
            QSqlQuery query(input.store.database());
            query.prepare(QStringLiteral("SELECT p.customer_id FROM phone_grams d CROSS JOIN phones p "
                                         "ON p.rowid = d.rowid WHERE phone_grams MATCH ? "
                                         "AND instr(p.national, ?) > 0 LIMIT %1").arg(pageSize));
            query.addBindValue(SearchTokens::digitRuns(q));
            query.addBindValue(q);
            drain(query);
        });
}

Result<BenchSamples> searchChineseSubstring(BenchInput &input)
{
    // Two characters from the middle of the company name: "星河" of 北京星河科技有限公司, the
    // length the trigram index cannot answer and the short-query index must.
    return searchBench(
        input,
        [](const Sample &s) {
            const QList<uint> chars = s.company.toUcs4();
            if (chars.size() < 4)
                return QString();
            return QString::fromUcs4(reinterpret_cast<const char32_t *>(chars.constData()) + 2, 2);
        },
        [&](const QString &q) {
            bareFts(input.store, QStringLiteral("customer_grams"), SearchTokens::phrase(q));
        });
}

Result<BenchSamples> open360(BenchInput &input)
{
    auto picked = pickCustomers(input.store, input.runs, input.seed);
    if (!picked)
        return picked.error();
    QStringList ids;
    for (const Sample &sample : picked.value())
        ids.append(sample.id);
    CustomerRepository customers(input.store);
    const TimelineQuery timeline(input.store);
    return timeQueries(
        input, ids,
        [&](const QString &id) {
            (void)customers.load(id);
            (void)timeline.fetch(id, timelineItems).value();
        },
        [&](const QString &id) {
            QSqlQuery profile(input.store.database());
            profile.prepare(QStringLiteral("SELECT * FROM customers WHERE id = ?"));
            profile.addBindValue(id);
            drain(profile);
            QSqlQuery calls(input.store.database());
            calls.prepare(QStringLiteral("SELECT id, started_at, note FROM calls WHERE customer_id = ? "
                                         "ORDER BY started_at DESC LIMIT %1").arg(timelineItems));
            calls.addBindValue(id);
            drain(calls);
        });
}

[[maybe_unused]] const bool registered = BenchRegistry::add({QStringLiteral("search.name"), 30, searchName})
                        && BenchRegistry::add({QStringLiteral("search.phone_digits"), 30, searchPhoneDigits})
                        && BenchRegistry::add({QStringLiteral("search.phone_last4"), 30, searchPhoneLast4})
                        && BenchRegistry::add({QStringLiteral("search.phone_middle7"), 30,
                                               [](BenchInput &input) { return searchPhoneMiddle(input, 7); }})
                        && BenchRegistry::add({QStringLiteral("search.phone_middle4"), 30,
                                               [](BenchInput &input) { return searchPhoneMiddle(input, 4); }})
                        && BenchRegistry::add({QStringLiteral("search.chinese_substring"), 30,
                                               searchChineseSubstring})
                        && BenchRegistry::add({QStringLiteral("open360"), 20, open360});

} // namespace

} // namespace Leadline::Cli
