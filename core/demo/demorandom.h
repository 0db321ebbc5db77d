#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <random>

namespace Leadline {

/// The demo generator's only source of randomness: a seeded std::mt19937_64, so the same seed
/// gives the same workspace on every machine. Ids are UUID v4 text drawn from it too.
class DemoRandom final
{
public:
    explicit DemoRandom(quint32 seed)
        : m_engine(seed)
    {
        m_idCounter = m_engine() >> 18; // a random start well below the 48-bit ceiling
    }

    std::uint64_t next() { return m_engine(); }
    /// Uniform in [low, high] (inclusive).
    qint64 between(qint64 low, qint64 high)
    {
        if (high <= low)
            return low;
        return low + qint64(next() % std::uint64_t(high - low + 1));
    }
    /// Uniform in [0, 1).
    double unit() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double probability) { return unit() < probability; }
    /// An index into weights, chosen with probability proportional to its weight.
    template<typename Container>
    int weighted(const Container &weights)
    {
        int total = 0;
        for (int w : weights)
            total += w;
        int pick = int(between(0, total - 1));
        int index = 0;
        for (int w : weights) {
            if (pick < w)
                return index;
            pick -= w;
            ++index;
        }
        return index - 1;
    }
    const QString &pick(const QStringList &values) { return values.at(int(between(0, values.size() - 1))); }

    /// A UUID v4 in its canonical lower-case text form. Successive ids increase (the first 48
    /// bits count up by a random step), so every primary key and every index led by a parent's
    /// id is filled at its end rather than at random places: the demo loads several times
    /// faster, and the ids still look and parse like any other.
    QString uuid()
    {
        static const char hex[] = "0123456789abcdef";
        m_idCounter += 1 + (next() & 0xfff);
        std::uint64_t high = (m_idCounter << 16) | (next() & 0xffff);
        std::uint64_t low = next();
        high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL; // version 4
        low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;   // RFC 4122 variant
        char text[36];
        int out = 0;
        for (int i = 0; i < 32; ++i) {
            if (i == 8 || i == 12 || i == 16 || i == 20)
                text[out++] = '-';
            const std::uint64_t word = i < 16 ? high : low;
            const int shift = 60 - 4 * (i % 16);
            text[out++] = hex[(word >> shift) & 0xf];
        }
        return QString::fromLatin1(text, 36);
    }

private:
    std::mt19937_64 m_engine;
    std::uint64_t m_idCounter = 0;
};

} // namespace Leadline
