#pragma once

#include <QString>

#include <optional>

namespace Leadline::Ui {

/// How the team tab writes KPI values: rates as percentages, talk times as h:mm:ss, "—" for a
/// rate without a denominator.
class KpiText final
{
public:
    static QString percent(const std::optional<double> &fraction);
    /// Exact: "83.333%".
    static QString exactPercent(const std::optional<double> &fraction);
    /// "1:02:03" for an hour and more, "2:03" under an hour.
    static QString clock(qint64 seconds);
    static QString number(const std::optional<double> &value, int decimals = 1);
    /// "—"
    static QString none();
};

} // namespace Leadline::Ui
