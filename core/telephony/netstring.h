#pragma once

#include <QByteArray>

#include <optional>

namespace Leadline {

/// Netstring framing ("LEN:payload,") as baresip's ctrl_tcp speaks it.
class Netstring final
{
public:
    static QByteArray encode(const QByteArray &payload);
    /// Removes and returns the first complete frame from buffer; nullopt when more bytes are
    /// needed. A malformed buffer is cleared and *malformed set, since resynchronising a byte
    /// stream after a bad length is guesswork.
    static std::optional<QByteArray> take(QByteArray &buffer, bool *malformed = nullptr);
};

} // namespace Leadline
