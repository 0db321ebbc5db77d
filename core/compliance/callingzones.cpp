#include "callingzones.h"

#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/locid.h>

#include <QHash>
#include <QLocale>
#include <QTimeZone>

#include <mutex>

namespace Leadline {

namespace {

using i18n::phonenumbers::PhoneNumberOfflineGeocoder;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr const char *eastern = "America/New_York";
constexpr const char *central = "America/Chicago";
constexpr const char *mountain = "America/Denver";
constexpr const char *arizona = "America/Phoenix";
constexpr const char *pacific = "America/Los_Angeles";

// US states by postal code and by name, as the geocoder writes them. Several zones: the state
// spans them (majority first).
const QHash<QString, QByteArrayList> &northAmerica()
{
    static const QHash<QString, QByteArrayList> table = [] {
        struct Row { const char *code; const char *name; QByteArrayList zones; };
        const Row rows[] = {
            {"AL", "Alabama", {central}}, {"AK", "Alaska", {"America/Anchorage"}},
            {"AZ", "Arizona", {arizona}}, {"AR", "Arkansas", {central}},
            {"CA", "California", {pacific}}, {"CO", "Colorado", {mountain}},
            {"CT", "Connecticut", {eastern}}, {"DE", "Delaware", {eastern}},
            {"DC", "Washington D.C.", {eastern}}, {"FL", "Florida", {eastern, central}},
            {"GA", "Georgia", {eastern}}, {"HI", "Hawaii", {"Pacific/Honolulu"}},
            {"ID", "Idaho", {mountain, pacific}}, {"IL", "Illinois", {central}},
            {"IN", "Indiana", {eastern, central}}, {"IA", "Iowa", {central}},
            {"KS", "Kansas", {central, mountain}}, {"KY", "Kentucky", {eastern, central}},
            {"LA", "Louisiana", {central}}, {"ME", "Maine", {eastern}},
            {"MD", "Maryland", {eastern}}, {"MA", "Massachusetts", {eastern}},
            {"MI", "Michigan", {eastern, central}}, {"MN", "Minnesota", {central}},
            {"MS", "Mississippi", {central}}, {"MO", "Missouri", {central}},
            {"MT", "Montana", {mountain}}, {"NE", "Nebraska", {central, mountain}},
            {"NV", "Nevada", {pacific}}, {"NH", "New Hampshire", {eastern}},
            {"NJ", "New Jersey", {eastern}}, {"NM", "New Mexico", {mountain}},
            {"NY", "New York", {eastern}}, {"NC", "North Carolina", {eastern}},
            {"ND", "North Dakota", {central, mountain}}, {"OH", "Ohio", {eastern}},
            {"OK", "Oklahoma", {central}}, {"OR", "Oregon", {pacific, mountain}},
            {"PA", "Pennsylvania", {eastern}}, {"RI", "Rhode Island", {eastern}},
            {"SC", "South Carolina", {eastern}}, {"SD", "South Dakota", {central, mountain}},
            {"TN", "Tennessee", {central, eastern}}, {"TX", "Texas", {central, mountain}},
            {"UT", "Utah", {mountain}}, {"VT", "Vermont", {eastern}},
            {"VA", "Virginia", {eastern}}, {"WA", "Washington State", {pacific}},
            {"WV", "West Virginia", {eastern}}, {"WI", "Wisconsin", {central}},
            {"WY", "Wyoming", {mountain}},
            // Canadian provinces (the geocoder writes their names).
            {"BC", "British Columbia", {"America/Vancouver"}}, {"AB", "Alberta", {"America/Edmonton"}},
            {"SK", "Saskatchewan", {"America/Regina"}}, {"MB", "Manitoba", {"America/Winnipeg"}},
            {"ON", "Ontario", {"America/Toronto", "America/Winnipeg"}},
            {"QC", "Quebec", {"America/Toronto"}}, {"NB", "New Brunswick", {"America/Moncton"}},
            {"NS", "Nova Scotia", {"America/Halifax"}}, {"PE", "Prince Edward Island", {"America/Halifax"}},
            {"NL", "Newfoundland and Labrador", {"America/St_Johns"}},
        };
        QHash<QString, QByteArrayList> out;
        for (const Row &row : rows) {
            out.insert(QString::fromLatin1(row.code), row.zones);
            out.insert(QString::fromLatin1(row.name), row.zones);
        }
        out.insert(QStringLiteral("Washington"), {pacific});
        return out;
    }();
    return table;
}

// Countries whose people live in one zone in practice, though Qt lists several for them.
const QHash<QString, QByteArray> &primaryZone()
{
    static const QHash<QString, QByteArray> table = {
        {QStringLiteral("CN"), "Asia/Shanghai"},     {QStringLiteral("HK"), "Asia/Hong_Kong"},
        {QStringLiteral("MO"), "Asia/Macau"},        {QStringLiteral("TW"), "Asia/Taipei"},
        {QStringLiteral("GB"), "Europe/London"},     {QStringLiteral("DE"), "Europe/Berlin"},
        {QStringLiteral("ES"), "Europe/Madrid"},     {QStringLiteral("PT"), "Europe/Lisbon"},
        {QStringLiteral("MY"), "Asia/Kuala_Lumpur"},
        {QStringLiteral("NZ"), "Pacific/Auckland"},  {QStringLiteral("EC"), "America/Guayaquil"},
        {QStringLiteral("CL"), "America/Santiago"},  {QStringLiteral("KZ"), "Asia/Almaty"},
    };
    return table;
}

QByteArrayList territoryZones(const QString &region)
{
    const QLocale::Territory territory = QLocale::codeToTerritory(region);
    if (territory == QLocale::AnyTerritory)
        return {};
    return QTimeZone::availableTimeZoneIds(territory);
}

} // namespace

QByteArrayList CallingZones::zonesFor(const QString &e164)
{
    const auto *util = PhoneNumberUtil::GetInstance();
    i18n::phonenumbers::PhoneNumber number;
    if (util->Parse(e164.toStdString(), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {};
    std::string regionCode;
    util->GetRegionCodeForNumber(number, &regionCode);
    const QString region = QString::fromStdString(regionCode);
    if (region.isEmpty() || region == QLatin1String("ZZ"))
        return {};

    if (region == QLatin1String("US") || region == QLatin1String("CA")) {
        static std::mutex mutex;
        static PhoneNumberOfflineGeocoder geocoder;
        std::string description;
        {
            std::lock_guard lock(mutex);
            description = geocoder.GetDescriptionForNumber(number, icu::Locale("en", "US"));
        }
        const QString place = QString::fromStdString(description).trimmed();
        const QString state = place.section(QLatin1Char(','), -1).trimmed();
        const auto &table = northAmerica();
        if (auto it = table.constFind(state); it != table.cend())
            return *it;
        if (auto it = table.constFind(place); it != table.cend())
            return *it;
    }
    if (auto it = primaryZone().constFind(region); it != primaryZone().cend())
        return {*it};
    return territoryZones(region);
}

} // namespace Leadline
