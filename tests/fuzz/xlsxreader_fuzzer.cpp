// libFuzzer entry point: any bytes as an XLSX workbook must give an error or rows, never a
// crash, a hang or a sanitizer report. Inputs that are not zip archives are also tried as the
// sheet XML of a valid workbook, so the fuzzer reaches the row parser quickly.

#include "core/importexport/xlsxreader.h"

#include <zip.h>

#include <cstdint>
#include <cstdlib>

namespace {

QByteArray workbookWithSheet(const QByteArray &sheet)
{
    static const QByteArray workbook =
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
    static const QByteArray strings = "<sst><si><t>a</t></si><si><r><t>b</t></r></si></sst>";
    static const QByteArray styles = "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
                                     "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
                                     "<xf numFmtId=\"164\"/></cellXfs></styleSheet>";
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(source);
    zip_t *archive = zip_open_from_source(source, ZIP_TRUNCATE, &error);
    const QList<std::pair<const char *, const QByteArray *>> parts = {
        {"xl/workbook.xml", &workbook}, {"xl/sharedStrings.xml", &strings},
        {"xl/styles.xml", &styles},     {"xl/worksheets/sheet1.xml", &sheet}};
    for (const auto &[name, bytes] : parts) {
        zip_source_t *part = zip_source_buffer(archive, bytes->constData(), zip_uint64_t(bytes->size()), 0);
        zip_file_add(archive, name, part, 0);
    }
    zip_close(archive);
    QByteArray out;
    if (zip_source_open(source) == 0) {
        zip_source_seek(source, 0, SEEK_END);
        out.resize(qsizetype(zip_source_tell(source)));
        zip_source_seek(source, 0, SEEK_SET);
        zip_source_read(source, out.data(), zip_uint64_t(out.size()));
        zip_source_close(source);
    }
    zip_source_free(source);
    zip_error_fini(&error);
    return out;
}

void readAll(const QByteArray &workbook)
{
    auto reader = Leadline::XlsxReader::fromBytes(workbook);
    if (!reader)
        return;
    QStringList cells;
    int rows = 0;
    while (reader.value()->next(cells)) {
        if (cells.size() > 16384 || ++rows > 2000000)
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (bytes.startsWith("PK"))
        readAll(bytes);
    else
        readAll(workbookWithSheet(bytes));
    return 0;
}
