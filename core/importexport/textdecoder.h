#pragma once

#include <QByteArray>
#include <QString>
#include <QStringDecoder>

#include <memory>

namespace Leadline {

/// Turns bytes of a named encoding into text, chunk by chunk (a character split between two
/// chunks is kept for the next one). UTF-8 uses Qt's decoder; every other encoding, GB18030 and
/// GBK included, uses ICU's converters.
class TextDecoder final
{
public:
    /// A decoder for an encoding ICU knows ("UTF-8", "GB18030", "GBK", "UTF-16LE"…); nullptr
    /// when the name is unknown.
    static std::unique_ptr<TextDecoder> create(const QString &encoding);
    ~TextDecoder();
    TextDecoder(const TextDecoder &) = delete;
    TextDecoder &operator=(const TextDecoder &) = delete;

    /// The decoded text of the next chunk; pass last=true with the final chunk.
    QString decode(const QByteArray &chunk, bool last = false);
    /// The canonical name of the encoding ("UTF-8", "GB18030").
    QString name() const { return m_name; }

    /// Feeds the next chunk of a file to a stateful UTF-8 decoder; false once anything so far
    /// was not valid UTF-8 (a character cut between chunks is fine until the last chunk).
    static bool isStrictUtf8(QStringDecoder &decoder, const QByteArray &chunk);
    /// The encoding a byte-order mark at the start of bytes names, and the mark's length.
    static QString fromBom(const QByteArray &bytes, int *bomLength = nullptr);

private:
    TextDecoder() = default;
    struct Private;
    std::unique_ptr<Private> d;
    QString m_name;
};

} // namespace Leadline
