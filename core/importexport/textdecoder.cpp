#include "textdecoder.h"

#include <QStringDecoder>

#include <unicode/ucnv.h>

namespace Leadline {

struct TextDecoder::Private
{
    QStringDecoder utf8{QStringDecoder::Utf8, QStringDecoder::Flag::Stateless};
    UConverter *converter = nullptr;
    bool useQt = false;

    ~Private()
    {
        if (converter)
            ucnv_close(converter);
    }
};

std::unique_ptr<TextDecoder> TextDecoder::create(const QString &encoding)
{
    std::unique_ptr<TextDecoder> decoder(new TextDecoder);
    decoder->d = std::make_unique<Private>();
    const QString upper = encoding.trimmed().toUpper();
    if (upper == QLatin1String("UTF-8") || upper == QLatin1String("UTF8")) {
        decoder->d->useQt = true;
        decoder->d->utf8 = QStringDecoder(QStringDecoder::Utf8);
        decoder->m_name = QStringLiteral("UTF-8");
        return decoder;
    }
    UErrorCode status = U_ZERO_ERROR;
    const QByteArray name = encoding.trimmed().toLatin1();
    decoder->d->converter = ucnv_open(name.constData(), &status);
    if (U_FAILURE(status) || !decoder->d->converter)
        return nullptr;
    status = U_ZERO_ERROR;
    const char *canonical = ucnv_getName(decoder->d->converter, &status);
    decoder->m_name = U_SUCCESS(status) && canonical ? QString::fromLatin1(canonical)
                                                     : QString::fromLatin1(name);
    if (decoder->m_name.compare(QLatin1String("GB18030"), Qt::CaseInsensitive) == 0)
        decoder->m_name = QStringLiteral("GB18030");
    return decoder;
}

TextDecoder::~TextDecoder() = default;

QString TextDecoder::decode(const QByteArray &chunk, bool last)
{
    if (d->useQt) {
        QString text = d->utf8.decode(chunk);
        if (last) {
            // A character cut off at the very end of the input becomes a replacement character.
            QString rest = d->utf8.decode(QByteArrayView());
            text += rest;
        }
        return text;
    }
    QString out;
    out.resize(chunk.size() * 2 + 16);
    UChar *target = reinterpret_cast<UChar *>(out.data());
    UChar *const targetStart = target;
    const UChar *const targetLimit = targetStart + out.size();
    const char *source = chunk.constData();
    const char *const sourceLimit = source + chunk.size();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(d->converter, &target, targetLimit, &source, sourceLimit, nullptr,
                   last ? 1 : 0, &status);
    out.truncate(target - targetStart);
    return out;
}

bool TextDecoder::isStrictUtf8(QStringDecoder &decoder, const QByteArray &chunk)
{
    // decode() is lazy: the text must be taken for the bytes to be looked at.
    const QString text = decoder.decode(chunk);
    return !decoder.hasError();
}

QString TextDecoder::fromBom(const QByteArray &bytes, int *bomLength)
{
    int length = 0;
    QString name;
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        length = 3;
        name = QStringLiteral("UTF-8");
    } else if (bytes.startsWith(QByteArray("\xFF\xFE\x00\x00", 4))) {
        length = 4;
        name = QStringLiteral("UTF-32LE");
    } else if (bytes.startsWith("\xFF\xFE")) {
        length = 2;
        name = QStringLiteral("UTF-16LE");
    } else if (bytes.startsWith("\xFE\xFF")) {
        length = 2;
        name = QStringLiteral("UTF-16BE");
    } else if (bytes.startsWith("\x84\x31\x95\x33")) {
        length = 4;
        name = QStringLiteral("GB18030");
    }
    if (bomLength)
        *bomLength = length;
    return name;
}

} // namespace Leadline
