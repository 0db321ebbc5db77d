#include "netstring.h"

namespace Leadline {

QByteArray Netstring::encode(const QByteArray &payload)
{
    return QByteArray::number(payload.size()) + ':' + payload + ',';
}

std::optional<QByteArray> Netstring::take(QByteArray &buffer, bool *malformed)
{
    if (malformed)
        *malformed = false;
    const qsizetype colon = buffer.indexOf(':');
    if (colon < 0) {
        if (buffer.size() > 10) {
            buffer.clear();
            if (malformed)
                *malformed = true;
        }
        return std::nullopt;
    }
    bool ok = false;
    const qsizetype length = buffer.left(colon).toLongLong(&ok);
    if (!ok || length < 0 || colon == 0) {
        buffer.clear();
        if (malformed)
            *malformed = true;
        return std::nullopt;
    }
    const qsizetype end = colon + 1 + length;
    if (buffer.size() < end + 1)
        return std::nullopt;
    if (buffer.at(end) != ',') {
        buffer.clear();
        if (malformed)
            *malformed = true;
        return std::nullopt;
    }
    QByteArray payload = buffer.mid(colon + 1, length);
    buffer.remove(0, end + 1);
    return payload;
}

} // namespace Leadline
