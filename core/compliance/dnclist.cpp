#include "dnclist.h"

#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::DncList", text);
}

DncEntry entryFrom(const QSqlQuery &query)
{
    return {query.value(0).toString(), query.value(1).toString() == QLatin1String("prefix"),
            query.value(2).toString(), query.value(3).toString()};
}

} // namespace

DncList::DncList(LocalStore &store)
    : m_store(store)
{}

Result<QString> DncList::addNumber(const QString &number, const QString &reason)
{
    auto parsed = PhoneNumbers::parse(number);
    if (!parsed)
        return parsed.error();
    return ChangeWriter(m_store).insert(QStringLiteral("dnc_numbers"),
                                        {{QStringLiteral("kind"), QStringLiteral("number")},
                                         {QStringLiteral("value"), parsed->e164},
                                         {QStringLiteral("reason"), reason.trimmed()},
                                         {QStringLiteral("added_at"), m_store.clock().nowMs()}});
}

Result<QString> DncList::addPrefix(const QString &prefix, const QString &reason)
{
    const QString digits = PhoneNumbers::digitsOnly(prefix);
    if (!prefix.trimmed().startsWith(QLatin1Char('+')) || digits.size() < 2)
        return Error{tr("A prefix starts with + and the country code, e.g. +86400."),
                     QStringLiteral("prefix")};
    return ChangeWriter(m_store).insert(QStringLiteral("dnc_numbers"),
                                        {{QStringLiteral("kind"), QStringLiteral("prefix")},
                                         {QStringLiteral("value"), QLatin1Char('+') + digits},
                                         {QStringLiteral("reason"), reason.trimmed()},
                                         {QStringLiteral("added_at"), m_store.clock().nowMs()}});
}

Status DncList::remove(const QString &id)
{
    return ChangeWriter(m_store).remove(QStringLiteral("dnc_numbers"), id);
}

Result<std::optional<DncEntry>> DncList::match(const QString &e164) const
{
    QSqlQuery query(m_store.database());
    // The whole number by index; prefixes are few, so test each against the number.
    query.prepare(QStringLiteral(
        "SELECT id, kind, value, reason FROM dnc_numbers WHERE deleted = 0 AND "
        "((kind = 'number' AND value = :number) OR "
        " (kind = 'prefix' AND substr(:number, 1, length(value)) = value)) "
        "ORDER BY kind = 'prefix', length(value) DESC LIMIT 1"));
    query.bindValue(QStringLiteral(":number"), e164);
    if (!query.exec()) {
        return Error{tr("The do-not-call list cannot be read: %1").arg(query.lastError().text())};
    }
    if (query.next())
        return std::optional<DncEntry>(entryFrom(query));
    return std::optional<DncEntry>();
}

} // namespace Leadline
