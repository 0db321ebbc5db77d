#include "csvreader.h"

#include "textdecoder.h"

#include <QFile>
#include <QStringDecoder>

namespace Leadline {

namespace {

constexpr qint64 chunkSize = 256 * 1024;

// The separator used most often outside quotes in the first line; ',' when none appears.
QChar guessSeparator(const QString &text)
{
    int comma = 0;
    int semicolon = 0;
    int tab = 0;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == u'\n' || c == u'\r')
            break;
        else if (c == u',')
            ++comma;
        else if (c == u';')
            ++semicolon;
        else if (c == u'\t')
            ++tab;
    }
    if (tab > comma && tab >= semicolon)
        return u'\t';
    if (semicolon > comma)
        return u';';
    return u',';
}

} // namespace

Result<CsvFormat> CsvReader::detect(QIODevice &device)
{
    if (!device.seek(0))
        return Error{tr("The file cannot be read from its start.")};
    const QByteArray head = device.peek(chunkSize);
    CsvFormat format;
    int bomLength = 0;
    format.encoding = TextDecoder::fromBom(head, &bomLength);
    format.hasBom = bomLength > 0;
    if (format.encoding.isEmpty()) {
        QStringDecoder utf8(QStringDecoder::Utf8);
        bool valid = true;
        while (valid && !device.atEnd()) {
            const QByteArray chunk = device.read(chunkSize);
            if (chunk.isEmpty())
                break;
            valid = TextDecoder::isStrictUtf8(utf8, chunk);
        }
        // A character cut off at the end of the file is not valid either.
        valid = valid && TextDecoder::isStrictUtf8(utf8, QByteArray());
        (void)device.seek(0);
        format.encoding = valid ? QStringLiteral("UTF-8") : QStringLiteral("GB18030");
    }
    auto decoder = TextDecoder::create(format.encoding);
    if (!decoder)
        return Error{tr("The encoding %1 is not known.").arg(format.encoding)};
    format.separator = guessSeparator(decoder->decode(head.mid(bomLength)));
    return format;
}

Result<std::unique_ptr<CsvReader>> CsvReader::open(const QString &path, const QString &encoding)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return Error{tr("%1 cannot be opened: %2").arg(path, file->errorString())};
    auto format = detect(*file);
    if (!format)
        return format.error();
    CsvFormat chosen = *format;
    if (!encoding.isEmpty() && encoding.compare(chosen.encoding, Qt::CaseInsensitive) != 0) {
        chosen.encoding = encoding;
        // A BOM names its encoding; with another one chosen it is read as text.
        chosen.hasBom = false;
    }
    return fromDevice(std::move(file), chosen);
}

Result<std::unique_ptr<CsvReader>> CsvReader::fromDevice(std::unique_ptr<QIODevice> device,
                                                         const CsvFormat &format)
{
    std::unique_ptr<CsvReader> reader(new CsvReader);
    reader->m_decoder = TextDecoder::create(format.encoding);
    if (!reader->m_decoder)
        return Error{tr("The encoding %1 is not known.").arg(format.encoding)};
    reader->m_format = format;
    reader->m_format.encoding = reader->m_decoder->name();
    if (!device->isOpen() && !device->open(QIODevice::ReadOnly))
        return Error{tr("The file cannot be read: %1").arg(device->errorString())};
    (void)device->seek(0);
    if (format.hasBom) {
        int bomLength = 0;
        (void)TextDecoder::fromBom(device->peek(4), &bomLength);
        (void)device->read(bomLength);
    }
    reader->m_device = std::move(device);
    return reader;
}

CsvReader::~CsvReader() = default;

int CsvReader::permille() const
{
    const qint64 size = m_device->size();
    if (size <= 0)
        return m_eof ? 1000 : 0;
    return int(qMin<qint64>(1000, m_device->pos() * 1000 / size));
}

bool CsvReader::fill()
{
    if (m_eof)
        return false;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    while (true) {
        const QByteArray chunk = m_device->read(chunkSize);
        const bool last = chunk.isEmpty() || m_device->atEnd();
        const QString text = m_decoder->decode(chunk, last);
        m_buffer += text;
        if (last)
            m_eof = true;
        if (!text.isEmpty() || m_eof)
            return !text.isEmpty();
    }
}

bool CsvReader::available()
{
    return m_pos < m_buffer.size() || fill();
}

bool CsvReader::next(QStringList &cells)
{
    cells.clear();
    if (m_error || !available())
        return false;
    const QChar separator = m_format.separator;
    QString field;
    bool quoted = false;     // inside a quoted section
    bool wasQuoted = false;  // the field began with a quote
    while (true) {
        if (m_pos >= m_buffer.size() && !fill()) {
            cells.append(field);
            break;
        }
        const QChar c = m_buffer.at(m_pos++);
        if (quoted) {
            if (c != u'"') {
                field.append(c);
                continue;
            }
            if (available() && m_buffer.at(m_pos) == u'"') {
                field.append(c);
                ++m_pos;
            } else {
                quoted = false;
            }
            continue;
        }
        if (c == u'"' && field.isEmpty() && !wasQuoted) {
            quoted = true;
            wasQuoted = true;
        } else if (c == separator) {
            cells.append(field);
            field.clear();
            wasQuoted = false;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && available() && m_buffer.at(m_pos) == u'\n')
                ++m_pos;
            cells.append(field);
            break;
        } else {
            field.append(c);
        }
    }
    ++m_row;
    return true;
}

} // namespace Leadline
