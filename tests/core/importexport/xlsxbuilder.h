#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <zip.h>

namespace Leadline::Test {

/// Builds an .xlsx file from its XML parts with libzip, so a test controls exactly what Excel
/// or WPS would write (shared or inline strings, the 1904 epoch, merged cells…).
inline QByteArray buildXlsx(const QMap<QString, QByteArray> &parts)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(source);
    zip_t *archive = zip_open_from_source(source, ZIP_TRUNCATE, &error);
    QList<QByteArray> keep;
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        keep.append(it.value());
        zip_source_t *part = zip_source_buffer(archive, keep.last().constData(),
                                               zip_uint64_t(keep.last().size()), 0);
        zip_file_add(archive, it.key().toUtf8().constData(), part, ZIP_FL_ENC_UTF_8);
    }
    zip_close(archive);
    QByteArray out;
    zip_source_open(source);
    zip_source_seek(source, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(source);
    zip_source_seek(source, 0, SEEK_SET);
    out.resize(qsizetype(size));
    zip_source_read(source, out.data(), zip_uint64_t(size));
    zip_source_close(source);
    zip_source_free(source);
    zip_error_fini(&error);
    return out;
}

/// A one-sheet workbook: the sheet's rows XML (the content of <sheetData>), optional merges,
/// shared strings and the 1904 flag.
inline QByteArray simpleWorkbook(const QByteArray &rows, const QByteArray &sharedStrings = {},
                                 bool date1904 = false, const QByteArray &merges = {})
{
    const QByteArray ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                          "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    QMap<QString, QByteArray> parts;
    parts.insert(QStringLiteral("xl/workbook.xml"),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " + ns + ">"
                     + (date1904 ? QByteArray("<workbookPr date1904=\"1\"/>") : QByteArray())
                     + "<sheets><sheet name=\"客户\" sheetId=\"1\" r:id=\"rId1\"/>"
                       "<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>");
    parts.insert(QStringLiteral("xl/_rels/workbook.xml.rels"),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                 "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/data.xml\"/>"
                 "<Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"/xl/worksheets/other.xml\"/>"
                 "</Relationships>");
    parts.insert(QStringLiteral("xl/styles.xml"),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet " + ns + ">"
                 "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d h:mm\"/></numFmts>"
                 "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
                 "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
                 "<xf numFmtId=\"49\"/></cellXfs></styleSheet>");
    if (!sharedStrings.isEmpty())
        parts.insert(QStringLiteral("xl/sharedStrings.xml"),
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " + ns + ">" + sharedStrings + "</sst>");
    parts.insert(QStringLiteral("xl/worksheets/data.xml"),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " + ns + "><sheetData>" + rows
                     + "</sheetData>"
                     + (merges.isEmpty() ? QByteArray() : "<mergeCells>" + merges + "</mergeCells>")
                     + "</worksheet>");
    parts.insert(QStringLiteral("xl/worksheets/other.xml"),
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " + ns + "><sheetData>"
                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>other</t></is></c></row>"
                 "</sheetData></worksheet>");
    return buildXlsx(parts);
}

} // namespace Leadline::Test
