#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Leadline {

namespace {

double systemRandom()
{
    return QRandomGenerator::global()->generateDouble();
}

} // namespace

Backoff::Backoff(qint64 initialMs, qint64 maxMs, double jitter)
    : m_initialMs(initialMs)
    , m_maxMs(maxMs)
    , m_jitter(jitter)
    , m_random(&systemRandom)
{}

qint64 Backoff::baseDelayMs() const
{
    qint64 delay = m_initialMs;
    for (int i = 0; i < m_failures && delay < m_maxMs; ++i)
        delay *= 2;
    return std::min(delay, m_maxMs);
}

qint64 Backoff::nextDelayMs()
{
    const qint64 base = baseDelayMs();
    ++m_failures;
    // Spread evenly over [base * (1 - jitter), base * (1 + jitter)).
    const double factor = 1.0 - m_jitter + 2.0 * m_jitter * m_random();
    return std::max<qint64>(1, qint64(double(base) * factor));
}

} // namespace Leadline
