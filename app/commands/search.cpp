#include "commands.h"

#include "core/customers/customersearch.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Leadline::Cli {

namespace {

// One answer holds at most this many customers (its memory stays bounded); --offset pages on.
constexpr int maxLimit = 10000;

} // namespace

void declareSearch(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("limit"),
                      QCoreApplication::translate("Leadline::Cli",
                                                  "At most N results, up to 10000 (default 20)."),
                      QStringLiteral("N"), QStringLiteral("20")});
    parser.addOption({QStringLiteral("offset"),
                      QCoreApplication::translate("Leadline::Cli",
                                                  "Skip the first N results (to page through)."),
                      QStringLiteral("N"), QStringLiteral("0")});
}

int runSearch(Context &context)
{
    if (context.positional.isEmpty())
        return fail(QCoreApplication::translate("Leadline::Cli", "search needs a QUERY"));
    bool ok = false;
    const int limit = context.parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0 || limit > maxLimit) {
        return fail(QCoreApplication::translate(
                        "Leadline::Cli", "--limit takes a number from 1 to %1; --offset pages through more")
                        .arg(maxLimit));
    }
    const int offset = context.parser.value(QStringLiteral("offset")).toInt(&ok);
    if (!ok || offset < 0)
        return fail(QCoreApplication::translate("Leadline::Cli", "--offset takes a number from 0"));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());

    const QString text = context.positional.join(QLatin1Char(' '));
    const CustomerSearch search(*store.value());
    const auto found = search.search(text, {}, limit, offset);
    if (!found)
        return fail(found.message());
    const auto counted = search.count(text, {});
    if (!counted)
        return fail(counted.message());
    const QList<CustomerHit> &hits = *found;
    const int total = *counted;
    if (!context.json) {
        for (const CustomerHit &hit : hits)
            printLine(QStringLiteral("%1\t%2\t%3\t%4").arg(hit.name, hit.company, hit.stage,
                                                          hit.phones.join(QLatin1Char(','))));
        return 0;
    }
    QJsonArray results;
    for (const CustomerHit &hit : hits) {
        results.append(QJsonObject{{QStringLiteral("id"), hit.id},
                                   {QStringLiteral("name"), hit.name},
                                   {QStringLiteral("company"), hit.company},
                                   {QStringLiteral("phones"), QJsonArray::fromStringList(hit.phones)},
                                   {QStringLiteral("stage"), hit.stage},
                                   {QStringLiteral("owner"), hit.ownerName}});
    }
    printJson({{QStringLiteral("total"), total}, {QStringLiteral("results"), results}});
    return 0;
}

} // namespace Leadline::Cli
