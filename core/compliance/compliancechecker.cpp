#include "compliancechecker.h"

#include "callingzones.h"
#include "dnclist.h"
#include "core/domain/clock.h"
#include "core/domain/phonenumber.h"
#include "core/domain/vocabulary.h"
#include "core/storage/changewriter.h"
#include "core/storage/localstore.h"
#include "core/reference/referencerepository.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ComplianceChecker", text);
}

QString hhmm(QTime time)
{
    return time.toString(QStringLiteral("HH:mm"));
}

DialVerdict refuse(const char *rule, const QString &message)
{
    return {false, QString::fromLatin1(rule), message};
}

DialVerdict unreadable(const QString &why)
{
    return refuse("unreadable",
                  QCoreApplication::translate("Leadline::ComplianceChecker",
                                              "The compliance check cannot be made, so the call "
                                              "is not placed: %1")
                      .arg(why));
}

} // namespace

ComplianceChecker::ComplianceChecker(LocalStore &store)
    : m_store(store)
{}

Result<int> ComplianceChecker::policyInt(const char *key, int fallback) const
{
    const auto text = ReferenceRepository(m_store).policy(QString::fromLatin1(key),
                                                          QString::number(fallback));
    if (!text)
        return text.error();
    bool ok = false;
    const int value = text->toInt(&ok);
    return ok ? value : fallback;
}

Result<QTime> ComplianceChecker::policyTime(const char *key, QTime fallback) const
{
    const auto text = ReferenceRepository(m_store).policy(QString::fromLatin1(key));
    if (!text)
        return text.error();
    const QTime value = QTime::fromString(text->trimmed(), QStringLiteral("H:mm"));
    return value.isValid() ? value : fallback;
}

DialVerdict ComplianceChecker::check(const QString &customerId, const QString &e164) const
{
    auto parsed = PhoneNumbers::parse(e164);
    if (!parsed)
        return refuse("invalid", parsed.message());
    const auto dnc = DncList(m_store).match(parsed->e164);
    if (!dnc)
        return unreadable(dnc.message());
    if (const auto &hit = *dnc) {
        const QString why = hit->reason.isEmpty() ? QString() : tr(" (%1)").arg(hit->reason);
        return refuse("dnc", hit->isPrefix
                                 ? tr("%1 is on the do-not-call list: numbers starting %2%3.")
                                       .arg(PhoneNumbers::display(parsed->e164), hit->value, why)
                                 : tr("%1 is on the do-not-call list%2.")
                                       .arg(PhoneNumbers::display(parsed->e164), why));
    }
    const qint64 now = m_store.clock().nowMs();
    if (auto hours = checkHours(parsed->e164, now); !hours.allowed)
        return hours;
    return checkCaps(customerId, parsed->e164, now);
}

DialVerdict ComplianceChecker::checkHours(const QString &e164, qint64 nowMs) const
{
    const auto startPolicy = policyTime("calling_hours_start", QTime(9, 0));
    const auto endPolicy = policyTime("calling_hours_end", QTime(21, 0));
    if (!startPolicy || !endPolicy)
        return unreadable(startPolicy ? endPolicy.message() : startPolicy.message());
    const QTime start = *startPolicy;
    const QTime end = *endPolicy;
    const QByteArrayList zones = CallingZones::zonesFor(e164);
    if (zones.isEmpty()) {
        return refuse("hours", tr("The customer's local time cannot be determined from %1, so "
                                  "calling hours cannot be checked.")
                                   .arg(e164));
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    // Every zone the number may be in must be inside the window.
    for (const QByteArray &zoneId : zones) {
        const QTimeZone zone(zoneId);
        if (!zone.isValid())
            continue;
        const QTime local = now.toTimeZone(zone).time();
        if (local < start || local >= end) {
            return refuse("hours", tr("Customer's local time is %1, outside the allowed calling "
                                      "hours %2–%3.")
                                       .arg(hhmm(local), hhmm(start), hhmm(end)));
        }
    }
    return {};
}

DialVerdict ComplianceChecker::checkCaps(const QString &customerId, const QString &e164,
                                         qint64 nowMs) const
{
    const auto dailyPolicy = policyInt("max_attempts_per_day", defaultDailyCap);
    const auto lifetimePolicy = policyInt("max_attempts_total", defaultLifetimeCap);
    if (!dailyPolicy || !lifetimePolicy)
        return unreadable(dailyPolicy ? lifetimePolicy.message() : dailyPolicy.message());
    const int daily = *dailyPolicy;
    const int lifetime = *lifetimePolicy;
    if (daily <= 0 && lifetime <= 0)
        return {};
    // Customers already won or lost are called for service, not sales: the stages the policy
    // names (by default 成交 and 流失) are not held to the attempt caps.
    const auto exemptPolicy = ReferenceRepository(m_store).policy(
        QStringLiteral("caps_exempt_stages"), Vocabulary::stages().mid(5).join(QLatin1Char(',')));
    if (!exemptPolicy)
        return unreadable(exemptPolicy.message());
    QStringList exempt;
    for (const QString &stage : exemptPolicy->split(QRegularExpression(QStringLiteral("[,，;；\\s]+")),
                                                   Qt::SkipEmptyParts)) {
        exempt.append(stage.trimmed());
    }
    if (!customerId.isEmpty() && !exempt.isEmpty()) {
        QSqlQuery stage(m_store.database());
        stage.prepare(QStringLiteral("SELECT stage FROM customers WHERE id = ?"));
        stage.addBindValue(customerId);
        if (!stage.exec())
            return unreadable(stage.lastError().text());
        if (stage.next() && exempt.contains(stage.value(0).toString()))
            return {};
    }
    const QByteArrayList zones = CallingZones::zonesFor(e164);
    const QTimeZone zone = zones.isEmpty() ? QTimeZone::utc() : QTimeZone(zones.first());
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toTimeZone(zone).date();
    const qint64 dayStart = QDateTime(today, QTime(0, 0), zone).toMSecsSinceEpoch();

    QSqlQuery query(m_store.database());
    // A call not logged yet (on the line, or interrupted by a quit or a crash) is an attempt too.
    query.prepare(QStringLiteral(
        "SELECT COUNT(*), COALESCE(SUM(started_at >= ?), 0) FROM ("
        "SELECT started_at FROM calls WHERE customer_id = ? AND deleted = 0 AND outcome <> 'cancelled' "
        "UNION ALL SELECT started_at FROM call_drafts WHERE customer_id = ?)"));
    query.addBindValue(dayStart);
    query.addBindValue(customerId);
    query.addBindValue(customerId);
    if (!query.exec() || !query.next())
        return unreadable(query.lastError().text());
    const int total = query.value(0).toInt();
    const int todayCount = query.value(1).toInt();
    if (daily > 0 && todayCount >= daily) {
        return refuse("cap_day", tr("This customer was already called %1 times today (the limit "
                                    "is %2 a day).")
                                     .arg(todayCount)
                                     .arg(daily));
    }
    if (lifetime > 0 && total >= lifetime) {
        return refuse("cap_total", tr("This customer was already called %1 times (the limit is %2 "
                                      "in total).")
                                       .arg(total)
                                       .arg(lifetime));
    }
    return {};
}

DialVerdict ComplianceChecker::checkAndRecord(const QString &customerId, const QString &e164)
{
    DialVerdict verdict = check(customerId, e164);
    if (verdict.allowed)
        return verdict;
    auto parsed = PhoneNumbers::parse(e164);
    (void)ChangeWriter(m_store).insert(
        QStringLiteral("dial_blocks"),
        {{QStringLiteral("customer_id"), customerId.isEmpty() ? QVariant() : QVariant(customerId)},
         {QStringLiteral("phone_e164"), parsed ? parsed->e164 : e164},
         {QStringLiteral("agent_id"), m_store.currentAgentId()},
         {QStringLiteral("rule"), verdict.rule},
         {QStringLiteral("message"), verdict.message},
         {QStringLiteral("at"), m_store.clock().nowMs()}});
    return verdict;
}

} // namespace Leadline
