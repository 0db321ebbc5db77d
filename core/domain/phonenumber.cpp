#include "phonenumber.h"

#include <phonenumbers/phonenumberutil.h>

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <mutex>

namespace Leadline {

namespace {

using i18n::phonenumbers::PhoneNumberUtil;

QString &regionStorage()
{
    static QString region = QStringLiteral("CN");
    return region;
}

std::mutex &regionMutex()
{
    static std::mutex mutex;
    return mutex;
}

QString parseErrorText(PhoneNumberUtil::ErrorType error)
{
    switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return QCoreApplication::translate("Leadline::PhoneNumbers", "unknown country code");
    case PhoneNumberUtil::TOO_SHORT_NSN:
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
        return QCoreApplication::translate("Leadline::PhoneNumbers", "too short");
    case PhoneNumberUtil::TOO_LONG_NSN:
        return QCoreApplication::translate("Leadline::PhoneNumbers", "too long");
    default:
        return QCoreApplication::translate("Leadline::PhoneNumbers", "not a phone number");
    }
}

} // namespace

QString PhoneNumbers::defaultRegion()
{
    std::lock_guard lock(regionMutex());
    return regionStorage();
}

void PhoneNumbers::setDefaultRegion(const QString &region)
{
    std::lock_guard lock(regionMutex());
    regionStorage() = region.toUpper();
}

Result<PhoneNumber> PhoneNumbers::parse(const QString &input, const QString &region)
{
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty())
        return Error{QCoreApplication::translate("Leadline::PhoneNumbers", "Phone number is empty."),
                     QStringLiteral("phone")};

    // A number is parsed several times on its way in (read, validated, stored): the last few
    // valid ones are remembered, per thread, by text and region.
    const QString regionName = region.isEmpty() ? defaultRegion() : region;
    thread_local QHash<QString, PhoneNumber> recent;
    const QString memoKey = regionName + QLatin1Char('\x1f') + trimmed;
    if (const auto known = recent.constFind(memoKey); known != recent.cend())
        return *known;

    const auto *util = PhoneNumberUtil::GetInstance();
    const std::string regionCode = regionName.toStdString();
    i18n::phonenumbers::PhoneNumber parsed;
    const auto status = util->Parse(trimmed.toStdString(), regionCode, &parsed);
    if (status != PhoneNumberUtil::NO_PARSING_ERROR) {
        return Error{QCoreApplication::translate("Leadline::PhoneNumbers",
                                                 "\"%1\" is not a valid phone number (%2).")
                         .arg(trimmed, parseErrorText(status)),
                     QStringLiteral("phone")};
    }
    if (!util->IsValidNumber(parsed)) {
        return Error{QCoreApplication::translate("Leadline::PhoneNumbers",
                                                 "\"%1\" is not a valid phone number.")
                         .arg(trimmed),
                     QStringLiteral("phone")};
    }

    std::string e164;
    util->Format(parsed, PhoneNumberUtil::E164, &e164);
    std::string nsn;
    util->GetNationalSignificantNumber(parsed, &nsn);
    std::string numberRegion;
    util->GetRegionCodeForNumber(parsed, &numberRegion);

    PhoneNumber number;
    number.e164 = QString::fromStdString(e164);
    number.e164Digits = number.e164.mid(1);
    number.national = QString::fromStdString(nsn);
    number.nationalRev = reversed(number.national);
    number.region = QString::fromStdString(numberRegion);
    if (recent.size() >= 256)
        recent.clear();
    recent.insert(memoKey, number);
    // The number comes back in its E.164 form to be validated and stored: the same result.
    if (number.e164 != trimmed)
        recent.insert(regionName + QLatin1Char('\x1f') + number.e164, number);
    return number;
}

QString PhoneNumbers::display(const QString &e164)
{
    const auto *util = PhoneNumberUtil::GetInstance();
    i18n::phonenumbers::PhoneNumber parsed;
    if (util->Parse(e164.toStdString(), defaultRegion().toStdString(), &parsed)
        != PhoneNumberUtil::NO_PARSING_ERROR) {
        return e164;
    }
    std::string region;
    util->GetRegionCodeForNumber(parsed, &region);
    std::string out;
    util->Format(parsed,
                 QString::fromStdString(region) == defaultRegion() ? PhoneNumberUtil::NATIONAL
                                                                     : PhoneNumberUtil::INTERNATIONAL,
                 &out);
    return QString::fromStdString(out);
}

QString PhoneNumbers::masked(const QString &e164)
{
    auto parsed = parse(e164);
    const QString digits = parsed ? parsed->national : digitsOnly(e164);
    if (digits.size() <= 7)
        return digits;
    return digits.left(3) + QString(digits.size() - 7, QLatin1Char('*')) + digits.right(4);
}

QString PhoneNumbers::digitsOnly(const QString &input)
{
    QString digits;
    digits.reserve(input.size());
    for (const QChar c : input) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            digits.append(c);
    }
    return digits;
}

QString PhoneNumbers::reversed(const QString &digits)
{
    QString out = digits;
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace Leadline
