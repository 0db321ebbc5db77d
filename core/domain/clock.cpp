#include "clock.h"

namespace Leadline {

const Clock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace Leadline
