#include "xlsxreader.h"

#include <QDate>
#include <QFile>
#include <QDateTime>
#include <QRegularExpression>

#include <zip.h>

#include <cmath>

namespace Leadline {

namespace {

constexpr qint64 chunkSize = 64 * 1024;
constexpr int maxColumns = 16384;        // Excel's limit (XFD)
constexpr int maxRows = 1048576;         // Excel's limit
const QString relationshipsNs = QStringLiteral(
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships");

// "AB12" → column 27 (0-based 27), row 11 (0-based); false when the reference is not one.
bool parseReference(QStringView ref, int *column, int *row)
{
    int col = 0;
    qsizetype i = 0;
    while (i < ref.size() && ref.at(i).isLetter() && ref.at(i).unicode() < 128) {
        col = col * 26 + (ref.at(i).toUpper().unicode() - u'A' + 1);
        if (col > maxColumns)
            return false;
        ++i;
    }
    if (i == 0)
        return false;
    *column = col - 1;
    if (row) {
        bool ok = false;
        const int r = ref.mid(i).toInt(&ok);
        if (!ok || r < 1 || r > maxRows)
            return false;
        *row = r - 1;
    }
    return true;
}

// Number formats Excel builds in for dates and times, the Chinese ones (27–36, 50–58) included.
bool isBuiltInDateFormat(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47)
           || (id >= 50 && id <= 58);
}

// A custom format is a date when, outside quoted text, escapes and [colour] brackets, it has a
// day, month, year, hour or second part.
bool isDateFormatCode(const QString &code)
{
    bool quoted = false;
    bool bracket = false;
    for (qsizetype i = 0; i < code.size(); ++i) {
        const QChar c = code.at(i);
        if (c == u'"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (c == u'\\' || c == u'_' || c == u'*') {
            ++i;
        } else if (c == u'[') {
            bracket = true;
        } else if (c == u']') {
            bracket = false;
        } else if (!bracket) {
            const QChar lower = c.toLower();
            if (lower == u'd' || lower == u'm' || lower == u'y' || lower == u'h' || lower == u's')
                return true;
        }
    }
    return false;
}

QString entryPath(const QString &target)
{
    if (target.startsWith(u'/'))
        return target.mid(1);
    QString path = QStringLiteral("xl/") + target;
    path.replace(QStringLiteral("/./"), QStringLiteral("/"));
    return path;
}

} // namespace

struct XlsxReader::Zip
{
    QByteArray bytes; // the workbook when read from memory; must outlive the archive
    zip_t *archive = nullptr;
    zip_file_t *sheet = nullptr;

    ~Zip()
    {
        if (sheet)
            zip_fclose(sheet);
        if (archive)
            zip_discard(archive);
    }
};

XlsxReader::XlsxReader()
    : m_zip(std::make_unique<Zip>())
{}

XlsxReader::~XlsxReader() = default;

Result<std::unique_ptr<XlsxReader>> XlsxReader::open(const QString &path, const QString &sheet)
{
    std::unique_ptr<XlsxReader> reader(new XlsxReader);
    int error = 0;
    reader->m_zip->archive = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY, &error);
    if (!reader->m_zip->archive)
        return Error{tr("%1 is not an Excel workbook (.xlsx) or cannot be opened.").arg(path)};
    if (auto loaded = reader->load(sheet); !loaded)
        return loaded.error();
    return reader;
}

Result<std::unique_ptr<XlsxReader>> XlsxReader::fromBytes(const QByteArray &bytes,
                                                          const QString &sheet)
{
    std::unique_ptr<XlsxReader> reader(new XlsxReader);
    reader->m_zip->bytes = bytes;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(reader->m_zip->bytes.constData(),
                                                    zip_uint64_t(reader->m_zip->bytes.size()), 0,
                                                    &error);
    if (source) {
        reader->m_zip->archive = zip_open_from_source(source, ZIP_RDONLY, &error);
        if (!reader->m_zip->archive)
            zip_source_free(source);
    }
    zip_error_fini(&error);
    if (!reader->m_zip->archive)
        return Error{tr("The data is not an Excel workbook (.xlsx).")};
    if (auto loaded = reader->load(sheet); !loaded)
        return loaded.error();
    return reader;
}

Result<QStringList> XlsxReader::sheetNames(const QString &path)
{
    auto reader = open(path);
    if (!reader)
        return reader.error();
    return reader.value()->sheets();
}

Result<QByteArray> XlsxReader::readEntry(const QString &name) const
{
    const QByteArray entry = name.toUtf8();
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(m_zip->archive, entry.constData(), 0, &stat) != 0)
        return Error{tr("The workbook has no %1.").arg(name)};
    zip_file_t *file = zip_fopen(m_zip->archive, entry.constData(), 0);
    if (!file)
        return Error{tr("The workbook's %1 cannot be read.").arg(name)};
    QByteArray bytes;
    char buffer[chunkSize];
    while (true) {
        const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
        if (n < 0) {
            zip_fclose(file);
            return Error{tr("The workbook's %1 is damaged.").arg(name)};
        }
        if (n == 0)
            break;
        bytes.append(buffer, qsizetype(n));
    }
    zip_fclose(file);
    return bytes;
}

Status XlsxReader::load(const QString &sheet)
{
    auto workbook = readEntry(QStringLiteral("xl/workbook.xml"));
    if (!workbook)
        return Error{tr("This is not an Excel workbook (it has no xl/workbook.xml).")};
    QStringList relationIds;
    {
        QXmlStreamReader xml(*workbook);
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("workbookPr")) {
                const auto value = xml.attributes().value(QLatin1String("date1904"));
                m_date1904 = value == QLatin1String("1") || value == QLatin1String("true");
            } else if (xml.name() == QLatin1String("sheet")) {
                m_sheetNames.append(xml.attributes().value(QLatin1String("name")).toString());
                QString id = xml.attributes().value(relationshipsNs, QLatin1String("id")).toString();
                for (const QXmlStreamAttribute &attribute : xml.attributes()) {
                    if (id.isEmpty() && attribute.name() == QLatin1String("id"))
                        id = attribute.value().toString();
                }
                relationIds.append(id);
            }
        }
        if (xml.hasError())
            return Error{tr("The workbook's list of sheets is damaged: %1").arg(xml.errorString())};
    }
    if (m_sheetNames.isEmpty())
        return Error{tr("The workbook has no sheets.")};
    qsizetype index = 0;
    if (!sheet.isEmpty()) {
        index = m_sheetNames.indexOf(sheet);
        if (index < 0) {
            return Error{tr("The workbook has no sheet \"%1\" (sheets: %2).")
                             .arg(sheet, m_sheetNames.join(QStringLiteral(", ")))};
        }
    }
    m_sheetPath = QStringLiteral("xl/worksheets/sheet%1.xml").arg(index + 1);
    if (auto rels = readEntry(QStringLiteral("xl/_rels/workbook.xml.rels"))) {
        QXmlStreamReader xml(*rels);
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement
                && xml.name() == QLatin1String("Relationship")
                && xml.attributes().value(QLatin1String("Id")) == relationIds.at(index)) {
                m_sheetPath = entryPath(xml.attributes().value(QLatin1String("Target")).toString());
            }
        }
    }
    if (auto strings = loadSharedStrings(); !strings)
        return strings;
    if (auto styles = loadStyles(); !styles)
        return styles;
    if (auto merges = scanMerges(); !merges)
        return merges;

    const QByteArray entry = m_sheetPath.toUtf8();
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(m_zip->archive, entry.constData(), 0, &stat) != 0)
        return Error{tr("The sheet \"%1\" is missing from the workbook.").arg(m_sheetNames.at(index))};
    m_entrySize = (stat.valid & ZIP_STAT_SIZE) ? qint64(stat.size) : 0;
    m_zip->sheet = zip_fopen(m_zip->archive, entry.constData(), 0);
    if (!m_zip->sheet)
        return Error{tr("The sheet \"%1\" cannot be read.").arg(m_sheetNames.at(index))};
    return {};
}

Status XlsxReader::loadSharedStrings()
{
    auto bytes = readEntry(QStringLiteral("xl/sharedStrings.xml"));
    if (!bytes)
        return {}; // a workbook with inline strings only has none
    QXmlStreamReader xml(*bytes);
    QString current;
    bool inItem = false;
    bool inText = false;
    int phoneticDepth = 0;
    while (!xml.atEnd()) {
        switch (xml.readNext()) {
        case QXmlStreamReader::StartElement:
            if (xml.name() == QLatin1String("si")) {
                inItem = true;
                current.clear();
            } else if (xml.name() == QLatin1String("rPh")) {
                ++phoneticDepth;
            } else if (xml.name() == QLatin1String("t")) {
                inText = inItem && phoneticDepth == 0;
            }
            break;
        case QXmlStreamReader::EndElement:
            if (xml.name() == QLatin1String("si")) {
                m_sharedStrings.append(current);
                inItem = false;
            } else if (xml.name() == QLatin1String("rPh")) {
                --phoneticDepth;
            } else if (xml.name() == QLatin1String("t")) {
                inText = false;
            }
            break;
        case QXmlStreamReader::Characters:
            if (inText)
                current += xml.text();
            break;
        default:
            break;
        }
    }
    if (xml.hasError())
        return Error{tr("The workbook's shared strings are damaged: %1").arg(xml.errorString())};
    return {};
}

Status XlsxReader::loadStyles()
{
    auto bytes = readEntry(QStringLiteral("xl/styles.xml"));
    if (!bytes)
        return {};
    QXmlStreamReader xml(*bytes);
    QHash<int, bool> customDates;
    bool inCellXfs = false;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement && xml.name() == QLatin1String("cellXfs"))
            inCellXfs = false;
        if (token != QXmlStreamReader::StartElement)
            continue;
        const auto attributes = xml.attributes();
        if (xml.name() == QLatin1String("numFmt")) {
            customDates.insert(attributes.value(QLatin1String("numFmtId")).toInt(),
                               isDateFormatCode(attributes.value(QLatin1String("formatCode")).toString()));
        } else if (xml.name() == QLatin1String("cellXfs")) {
            inCellXfs = true;
        } else if (inCellXfs && xml.name() == QLatin1String("xf")) {
            const int id = attributes.value(QLatin1String("numFmtId")).toInt();
            m_dateStyles.append(customDates.contains(id) ? customDates.value(id)
                                                         : isBuiltInDateFormat(id));
        }
    }
    if (xml.hasError())
        return Error{tr("The workbook's styles are damaged: %1").arg(xml.errorString())};
    return {};
}

Status XlsxReader::scanMerges()
{
    // Merged ranges are listed after the rows; find them with a byte search first (no XML
    // parse) so the rows can then be streamed once with their merges known.
    const QByteArray entry = m_sheetPath.toUtf8();
    zip_file_t *file = zip_fopen(m_zip->archive, entry.constData(), 0);
    if (!file)
        return {};
    QByteArray window;
    QByteArray section;
    char buffer[chunkSize];
    while (true) {
        const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
        if (n <= 0)
            break;
        if (!section.isEmpty()) {
            section.append(buffer, qsizetype(n));
            continue;
        }
        window.append(buffer, qsizetype(n));
        const qsizetype at = window.indexOf("mergeCells");
        if (at >= 0) {
            section = window.mid(at);
        } else if (window.size() > 32) {
            window = window.right(32);
        }
    }
    zip_fclose(file);
    static const QRegularExpression merge(
        QStringLiteral(R"re(mergeCell\s[^>]*ref\s*=\s*"([A-Za-z]+\d+):([A-Za-z]+\d+)")re"));
    const QString text = QString::fromUtf8(section);
    auto matches = merge.globalMatch(text);
    while (matches.hasNext()) {
        const auto match = matches.next();
        CellRange range;
        if (!parseReference(match.capturedView(1), &range.firstColumn, &range.firstRow)
            || !parseReference(match.capturedView(2), &range.lastColumn, &range.lastRow)
            || range.lastRow < range.firstRow || range.lastColumn < range.firstColumn) {
            continue;
        }
        m_merges.append(range);
    }
    return {};
}

bool XlsxReader::readMore()
{
    if (m_entryDone || !m_zip->sheet)
        return false;
    char buffer[chunkSize];
    const zip_int64_t n = zip_fread(m_zip->sheet, buffer, sizeof buffer);
    if (n <= 0) {
        m_entryDone = true;
        if (n < 0)
            m_error = Error{tr("The sheet is damaged (it cannot be uncompressed).")};
        return false;
    }
    m_entryRead += n;
    m_xml.addData(QByteArray(buffer, qsizetype(n)));
    return true;
}

int XlsxReader::permille() const
{
    if (m_entrySize <= 0)
        return m_entryDone ? 1000 : 0;
    return int(qMin<qint64>(1000, m_entryRead * 1000 / m_entrySize));
}

QString XlsxReader::numberText(double value)
{
    if (!std::isfinite(value))
        return QString::number(value);
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', 15);
}

QString XlsxReader::dateFromSerial(double serial, bool date1904)
{
    if (!std::isfinite(serial) || serial < 0 || serial > 2958466) // 9999-12-31
        return numberText(serial);
    qint64 days = qint64(std::floor(serial));
    qint64 seconds = qint64(std::llround((serial - double(days)) * 86400.0));
    if (seconds >= 86400) {
        ++days;
        seconds -= 86400;
    }
    QDate date;
    if (date1904) {
        date = QDate(1904, 1, 1).addDays(days);
    } else if (days < 60) {
        // Serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was (serial 60).
        date = QDate(1899, 12, 31).addDays(days);
    } else {
        date = QDate(1899, 12, 30).addDays(days);
    }
    QString text = date.toString(QStringLiteral("yyyy-MM-dd"));
    if (seconds > 0)
        text += QLatin1Char(' ') + QTime(0, 0).addSecs(int(seconds)).toString(QStringLiteral("HH:mm:ss"));
    return text;
}

QString XlsxReader::cellText(const QString &type, int style, const QString &value) const
{
    if (type == QLatin1String("s")) {
        bool ok = false;
        const int index = value.toInt(&ok);
        return ok ? m_sharedStrings.value(index) : QString();
    }
    if (type == QLatin1String("b"))
        return value.trimmed() == QLatin1String("1") ? QStringLiteral("TRUE") : QStringLiteral("FALSE");
    if (type == QLatin1String("d")) {
        QString text = value.left(19);
        text.replace(u'T', u' ');
        return text.endsWith(QLatin1String(" 00:00:00")) ? text.left(10) : text;
    }
    if (type == QLatin1String("str") || type == QLatin1String("e") || type == QLatin1String("inlineStr"))
        return value;
    bool ok = false;
    const double number = value.trimmed().toDouble(&ok);
    if (!ok)
        return value;
    if (style >= 0 && style < m_dateStyles.size() && m_dateStyles.at(style))
        return dateFromSerial(number, m_date1904);
    return numberText(number);
}

bool XlsxReader::next(QStringList &cells)
{
    cells.clear();
    if (m_error)
        return false;
    // Tokens of the current row; the reader is fed more of the sheet whenever it runs dry.
    auto token = [this]() {
        while (true) {
            const auto t = m_xml.readNext();
            if (t == QXmlStreamReader::Invalid
                && m_xml.error() == QXmlStreamReader::PrematureEndOfDocumentError && readMore()) {
                continue;
            }
            return t;
        }
    };
    int rowIndex = -1;
    bool inRow = false;
    // Cell state.
    int column = 0;
    int cellColumn = -1;
    QString type;
    int style = -1;
    QString value;
    bool inValue = false;
    bool inInlineText = false;
    int phoneticDepth = 0;
    while (true) {
        const auto t = token();
        if (t == QXmlStreamReader::Invalid) {
            if (m_xml.error() != QXmlStreamReader::PrematureEndOfDocumentError || inRow)
                m_error = Error{tr("The sheet is damaged near row %1: %2")
                                    .arg(m_row + 1)
                                    .arg(m_xml.errorString())};
            return false;
        }
        if (t == QXmlStreamReader::EndDocument)
            return false;
        const QStringView name = m_xml.name();
        if (t == QXmlStreamReader::StartElement) {
            if (name == QLatin1String("row")) {
                inRow = true;
                bool ok = false;
                const int r = m_xml.attributes().value(QLatin1String("r")).toInt(&ok);
                rowIndex = ok && r >= 1 && r <= maxRows ? r - 1 : m_row;
                column = 0;
            } else if (inRow && name == QLatin1String("c")) {
                const auto attributes = m_xml.attributes();
                int parsed = 0;
                cellColumn = parseReference(attributes.value(QLatin1String("r")), &parsed, nullptr)
                                 ? parsed
                                 : column;
                type = attributes.value(QLatin1String("t")).toString();
                bool ok = false;
                style = attributes.value(QLatin1String("s")).toInt(&ok);
                if (!ok)
                    style = -1;
                value.clear();
            } else if (name == QLatin1String("v")) {
                inValue = true;
            } else if (name == QLatin1String("rPh")) {
                ++phoneticDepth;
            } else if (name == QLatin1String("t") && phoneticDepth == 0) {
                inInlineText = true;
            }
        } else if (t == QXmlStreamReader::Characters) {
            if (inValue || inInlineText)
                value += m_xml.text();
        } else if (t == QXmlStreamReader::EndElement) {
            if (name == QLatin1String("v")) {
                inValue = false;
            } else if (name == QLatin1String("t")) {
                inInlineText = false;
            } else if (name == QLatin1String("rPh")) {
                --phoneticDepth;
            } else if (inRow && name == QLatin1String("c") && cellColumn >= 0
                       && cellColumn < maxColumns) {
                if (cells.size() <= cellColumn)
                    cells.resize(cellColumn + 1);
                cells[cellColumn] = cellText(type, style, value);
                column = cellColumn + 1;
                cellColumn = -1;
            } else if (name == QLatin1String("row")) {
                break;
            }
        }
    }
    m_row = rowIndex + 1;
    for (qsizetype i = 0; i < m_merges.size(); ++i) {
        const CellRange &range = m_merges.at(i);
        if (rowIndex < range.firstRow || rowIndex > range.lastRow)
            continue;
        if (rowIndex == range.firstRow)
            m_mergeValues.insert(int(i), cells.value(range.firstColumn));
        const QString merged = m_mergeValues.value(int(i));
        if (merged.isEmpty())
            continue;
        if (cells.size() <= range.lastColumn)
            cells.resize(range.lastColumn + 1);
        for (int c = range.firstColumn; c <= range.lastColumn; ++c) {
            if (cells.at(c).isEmpty())
                cells[c] = merged;
        }
    }
    return true;
}

} // namespace Leadline
