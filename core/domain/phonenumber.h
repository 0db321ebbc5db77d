#pragma once

#include "result.h"

#include <QString>

namespace Leadline {

/// A phone number as Leadline stores it: E.164 plus the digit keys used for lookup.
struct PhoneNumber
{
    QString e164;        ///< "+8613800138000"
    QString e164Digits;  ///< "8613800138000"
    QString national;    ///< national significant number: "13800138000"
    QString nationalRev; ///< national reversed, for indexed "last N digits" lookup
    QString region;      ///< ISO 3166 region of the number: "CN"
};

/// Parses, validates and formats phone numbers with libphonenumber.
class PhoneNumbers final
{
public:
    /// Region used for numbers typed without a country code ("CN" unless changed).
    static QString defaultRegion();
    static void setDefaultRegion(const QString &region);

    /// Parses what a person typed (spaces, dashes, brackets, +CC, 00CC all accepted).
    static Result<PhoneNumber> parse(const QString &input, const QString &region = {});
    /// The number in the national format of its own region when local, international otherwise.
    static QString display(const QString &e164);
    /// The number with all but the first three and last four digits hidden: "138****8000".
    static QString masked(const QString &e164);
    /// Only the digits of the input, for format-insensitive matching.
    static QString digitsOnly(const QString &input);
    static QString reversed(const QString &digits);
};

} // namespace Leadline
