#include "ids.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

#include <atomic>

namespace Leadline {

QString newId()
{
    // 48 bits of milliseconds and a 12-bit counter, never going back within the process (a
    // clock set back keeps counting on from the last id).
    static std::atomic<quint64> last{0};
    const quint64 now = quint64(QDateTime::currentMSecsSinceEpoch()) << 12;
    quint64 previous = last.load(std::memory_order_relaxed);
    quint64 stamp = 0;
    do {
        stamp = qMax(now, previous + 1);
    } while (!last.compare_exchange_weak(previous, stamp, std::memory_order_relaxed));

    const quint64 random = QRandomGenerator::global()->generate64();
    const quint64 millis = stamp >> 12;
    const quint64 counter = stamp & 0xfff;
    const QUuid id(uint(millis >> 16), ushort(millis), ushort(0x7000 | counter), // version 7
                   uchar(0x80 | (random >> 58)),                                 // RFC 9562 variant
                   uchar(random >> 48), uchar(random >> 40), uchar(random >> 32),
                   uchar(random >> 24), uchar(random >> 16), uchar(random >> 8), uchar(random));
    return id.toString(QUuid::WithoutBraces);
}

} // namespace Leadline
