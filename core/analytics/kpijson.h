#pragma once

#include "kpireport.h"

#include <QJsonObject>

namespace Leadline {

/// A KpiReport as the JSON object `leadline report kpis --json` prints: the same figures the
/// team tab shows, times in seconds, rates as fractions, null where a rate has no denominator.
class KpiJson final
{
public:
    static QJsonObject report(const KpiReport &report);
    static QJsonObject figures(const KpiFigures &figures);
};

} // namespace Leadline
