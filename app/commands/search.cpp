#include "commands.h"

#include "core/customers/customersearch.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Leadline::Cli {

void declareSearch(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("limit"),
                      QCoreApplication::translate("Leadline::Cli", "At most N results (default 20)."),
                      QStringLiteral("N"), QStringLiteral("20")});
}

int runSearch(Context &context)
{
    if (context.positional.isEmpty())
        return fail(QCoreApplication::translate("Leadline::Cli", "search needs a QUERY"));
    bool ok = false;
    const int limit = context.parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        return fail(QCoreApplication::translate("Leadline::Cli", "--limit takes a positive number"));
    auto store = openWorkspace(context.parser, false);
    if (!store)
        return fail(store.message());

    const QString text = context.positional.join(QLatin1Char(' '));
    const CustomerSearch search(*store.value());
    const auto found = search.search(text, {}, limit);
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
