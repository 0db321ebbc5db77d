#pragma once

#include <catch2/catch.hpp>

#include <QString>
#include <QStringList>

#include <ostream>

// Failed checks on Qt strings print the text, not {?}.
inline std::ostream &operator<<(std::ostream &out, const QString &value)
{
    return out << '"' << value.toStdString() << '"';
}

namespace Catch {
template<>
struct StringMaker<QStringList>
{
    static std::string convert(const QStringList &value)
    {
        return "{ " + value.join(QStringLiteral(" | ")).toStdString() + " }";
    }
};
} // namespace Catch
