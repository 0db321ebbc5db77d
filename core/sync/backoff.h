#pragma once

#include <QtGlobal>

namespace Leadline {

/// Retry delays while the server is unreachable: exponential, capped, with random jitter so
/// many clients coming back at once do not all knock at the same moment.
class Backoff final
{
public:
    Backoff(qint64 initialMs = 1000, qint64 maxMs = 60000, double jitter = 0.2);

    /// The delay before the next attempt, and counts the failure.
    qint64 nextDelayMs();
    /// The un-jittered delay the next failure would give (for display and tests).
    qint64 baseDelayMs() const;
    int failures() const { return m_failures; }
    void reset() { m_failures = 0; }

    /// Random source for the jitter (tests pass a fixed one); value in [0, 1).
    void setRandom(double (*random)()) { m_random = random; }

private:
    qint64 m_initialMs;
    qint64 m_maxMs;
    double m_jitter;
    int m_failures = 0;
    double (*m_random)();
};

} // namespace Leadline
