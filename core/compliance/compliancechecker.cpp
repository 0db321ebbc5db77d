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

} // namespace

ComplianceChecker::ComplianceChecker(LocalStore &store)
    : m_store(store)
{}

int ComplianceChecker::policyInt(const char *key, int fallback) const
{
    bool ok = false;
    const int value = ReferenceRepository(m_store)
                          .policy(QString::fromLatin1(key), QString::number(fallback))
                          .toInt(&ok);
    return ok ? value : fallback;
}

QTime ComplianceChecker::policyTime(const char *key, QTime fallback) const
{
    const QTime value = QTime::fromString(
        ReferenceRepository(m_store).policy(QString::fromLatin1(key)).trimmed(),
        QStringLiteral("H:mm"));
    return value.isValid() ? value : fallback;
}

DialVerdict ComplianceChecker::check(const QString &customerId, const QString &e164) const
{
    auto parsed = PhoneNumbers::parse(e164);
    if (!parsed)
        return refuse("invalid", parsed.message());
    if (const auto hit = DncList(m_store).match(parsed->e164)) {
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
    const QTime start = policyTime("calling_hours_start", QTime(9, 0));
    const QTime end = policyTime("calling_hours_end", QTime(21, 0));
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
    const int daily = policyInt("max_attempts_per_day", defaultDailyCap);
    const int lifetime = policyInt("max_attempts_total", defaultLifetimeCap);
    if (daily <= 0 && lifetime <= 0)
        return {};
    // Customers already won or lost are called for service, not sales: the stages the policy
    // names (by default 成交 and 流失) are not held to the attempt caps.
    const QString exemptPolicy = ReferenceRepository(m_store).policy(
        QStringLiteral("caps_exempt_stages"), Vocabulary::stages().mid(5).join(QLatin1Char(',')));
    QStringList exempt;
    for (const QString &stage : exemptPolicy.split(QRegularExpression(QStringLiteral("[,，;；\\s]+")),
                                                   Qt::SkipEmptyParts)) {
        exempt.append(stage.trimmed());
    }
    if (!customerId.isEmpty() && !exempt.isEmpty()) {
        QSqlQuery stage(m_store.database());
        stage.prepare(QStringLiteral("SELECT stage FROM customers WHERE id = ?"));
        stage.addBindValue(customerId);
        if (stage.exec() && stage.next() && exempt.contains(stage.value(0).toString()))
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
        return {};
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
