#pragma once

#include <QByteArrayList>
#include <QString>

namespace Leadline {

/// The customer's time zone(s) for a phone number.
///
/// libphonenumber's C++ library (8.12 here) has no time-zone mapper (only Java has
/// PhoneNumberToTimeZonesMapper), so the zone is derived in two steps: the number's region
/// (libphonenumber), and for countries that span several zones the state or province that
/// libphonenumber's offline geocoder names for the number's area code ("Chicago, IL",
/// "Texas", "British Columbia"), mapped to IANA zones by the tables in callingzones.cpp.
/// States split between zones (Texas, Florida…) give every zone they span, and a country not in
/// the tables gives every zone Qt knows for it: the calling-hours check then requires the
/// window to hold in all of them, so an uncertain zone errs on the side of not calling.
class CallingZones final
{
public:
    /// IANA ids, most populous first; empty when the number cannot be parsed.
    static QByteArrayList zonesFor(const QString &e164);
};

} // namespace Leadline
