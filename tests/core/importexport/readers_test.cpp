#include <catch2/catch.hpp>

#include "xlsxbuilder.h"
#include "tests/core/rules/catchqstring.h"

#include "core/importexport/csvreader.h"
#include "core/importexport/tablewriter.h"
#include "core/importexport/xlsxreader.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>

#include <unicode/ucnv.h>

using namespace Leadline;

namespace {

QByteArray encode(const QString &text, const char *encoding)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(encoding, &status);
    QByteArray out(text.size() * 4 + 16, '\0');
    const int32_t length = ucnv_fromUChars(converter, out.data(), int32_t(out.size()),
                                           reinterpret_cast<const UChar *>(text.utf16()),
                                           int32_t(text.size()), &status);
    ucnv_close(converter);
    REQUIRE(U_SUCCESS(status));
    out.truncate(length);
    return out;
}

QList<QStringList> readAll(TableReader &reader)
{
    QList<QStringList> rows;
    QStringList cells;
    while (reader.next(cells))
        rows.append(cells);
    return rows;
}

std::unique_ptr<CsvReader> csvFrom(const QByteArray &bytes, CsvFormat *detected = nullptr)
{
    auto device = std::make_unique<QBuffer>();
    device->setData(bytes);
    REQUIRE(device->open(QIODevice::ReadOnly));
    const auto format = CsvReader::detect(*device);
    REQUIRE(format.ok());
    if (detected)
        *detected = *format;
    auto reader = CsvReader::fromDevice(std::move(device), *format);
    REQUIRE(reader.ok());
    return std::move(reader).value();
}

const QString sample = QStringLiteral("姓名,手机,公司\n张三,13800138000,北京甲公司\n");

} // namespace

TEST_CASE("CSV in every encoding Excel and WPS save is detected and read", "[import][csv]")
{
    struct Case
    {
        const char *label;
        QByteArray bytes;
        const char *encoding;
    };
    const Case cases[] = {
        {"UTF-8", sample.toUtf8(), "UTF-8"},
        {"UTF-8 with BOM", "\xEF\xBB\xBF" + sample.toUtf8(), "UTF-8"},
        {"GBK", encode(sample, "GBK"), "GB18030"},
        {"GB18030", encode(sample + QStringLiteral("㐀,13900139000,𠀀\n"), "GB18030"), "GB18030"},
        {"UTF-16LE with BOM", "\xFF\xFE" + encode(sample, "UTF-16LE"), "UTF-16LE"},
    };
    for (const Case &c : cases) {
        INFO(c.label);
        CsvFormat format;
        auto reader = csvFrom(c.bytes, &format);
        CHECK(format.encoding == QLatin1String(c.encoding));
        const auto rows = readAll(*reader);
        REQUIRE(rows.size() >= 2);
        CHECK(rows.at(0) == QStringList{QStringLiteral("姓名"), QStringLiteral("手机"), QStringLiteral("公司")});
        CHECK(rows.at(1) == QStringList{QStringLiteral("张三"), QStringLiteral("13800138000"), QStringLiteral("北京甲公司")});
        CHECK(reader->rowNumber() == int(rows.size()));
    }
}

TEST_CASE("GBK text that happens to be short is not mistaken for UTF-8", "[import][csv]")
{
    // Two GBK characters whose bytes are not valid UTF-8 anywhere in the file.
    auto reader = csvFrom(encode(QStringLiteral("客户\n"), "GBK"));
    CHECK(reader->format().encoding == QLatin1String("GB18030"));
    QStringList cells;
    REQUIRE(reader->next(cells));
    CHECK(cells == QStringList{QStringLiteral("客户")});
}

TEST_CASE("CSV separators, quotes, doubled quotes and line breaks inside fields", "[import][csv]")
{
    SECTION("comma")
    {
        const auto rows = readAll(*csvFrom("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n"));
        REQUIRE(rows.size() == 2);
        CHECK(rows.at(1) == QStringList{QStringLiteral("1"), QStringLiteral("x, y"), QStringLiteral("say \"hi\"")});
    }
    SECTION("semicolon")
    {
        auto reader = csvFrom("a;b;c\n1;2,5;3\n");
        CHECK(reader->format().separator == u';');
        const auto rows = readAll(*reader);
        CHECK(rows.at(1) == QStringList{QStringLiteral("1"), QStringLiteral("2,5"), QStringLiteral("3")});
    }
    SECTION("tab")
    {
        auto reader = csvFrom("a\tb\n1\t2, 3\n");
        CHECK(reader->format().separator == u'\t');
        CHECK(readAll(*reader).at(1) == QStringList{QStringLiteral("1"), QStringLiteral("2, 3")});
    }
    SECTION("line breaks inside a quoted field count as one row")
    {
        auto reader = csvFrom("name,note\n\"A\",\"line 1\nline 2\r\nline 3\"\nB,x");
        QStringList cells;
        REQUIRE(reader->next(cells));
        REQUIRE(reader->next(cells));
        CHECK(cells.at(1) == QStringLiteral("line 1\nline 2\r\nline 3"));
        CHECK(reader->rowNumber() == 2);
        REQUIRE(reader->next(cells));
        CHECK(cells == QStringList{QStringLiteral("B"), QStringLiteral("x")});
        CHECK(reader->rowNumber() == 3);
        CHECK_FALSE(reader->next(cells));
    }
    SECTION("leading zeros and long digit strings stay text")
    {
        const auto rows = readAll(*csvFrom("phone\n01088886666\n0086138001380001234\n"));
        CHECK(rows.at(1).at(0) == QStringLiteral("01088886666"));
        CHECK(rows.at(2).at(0) == QStringLiteral("0086138001380001234"));
    }
}

TEST_CASE("A chosen encoding replaces the detected one", "[import][csv]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("list.csv"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(encode(sample, "GBK"));
    file.close();
    auto detected = CsvReader::open(path);
    REQUIRE(detected.ok());
    CHECK(detected.value()->format().encoding == QLatin1String("GB18030"));
    auto forced = CsvReader::open(path, QStringLiteral("UTF-8"));
    REQUIRE(forced.ok());
    QStringList cells;
    REQUIRE(forced.value()->next(cells));
    CHECK(cells.at(0) != QStringLiteral("姓名"));
    CHECK_FALSE(CsvReader::open(path, QStringLiteral("no-such-encoding")).ok());
}

TEST_CASE("XLSX: shared and inline strings, numbers, empty cells", "[import][xlsx]")
{
    const QByteArray strings = "<si><t>姓名</t></si><si><t>手机</t></si><si><r><t>张</t></r><r><t>三</t></r>"
                               "<rPh><t>zhang</t></rPh></si>";
    const QByteArray rows =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>13800138000</v></c>"
        "<c r=\"D2\"><v>12.5</v></c></row>"
        "<row r=\"4\"><c r=\"B4\" t=\"str\"><f>A1</f><v>公式</v></c><c r=\"C4\" t=\"b\"><v>1</v></c>"
        "<c r=\"D4\"><v>1.3800138005E+10</v></c></row>";
    auto reader = XlsxReader::fromBytes(Test::simpleWorkbook(rows, strings));
    REQUIRE(reader.ok());
    CHECK(reader.value()->sheets() == QStringList{QStringLiteral("客户"), QStringLiteral("Other")});
    QStringList cells;
    REQUIRE(reader.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("姓名"), QStringLiteral("手机"), QStringLiteral("备注")});
    REQUIRE(reader.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("张三"), QStringLiteral("13800138000"), QString(),
                               QStringLiteral("12.5")});
    REQUIRE(reader.value()->next(cells));
    CHECK(reader.value()->rowNumber() == 4);
    CHECK(cells == QStringList{QString(), QStringLiteral("公式"), QStringLiteral("TRUE"),
                               QStringLiteral("13800138005")});
    CHECK_FALSE(reader.value()->next(cells));
    CHECK_FALSE(reader.value()->error().has_value());
}

TEST_CASE("XLSX: date serials in the 1900 and the 1904 epoch", "[import][xlsx]")
{
    const QByteArray rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45292</v></c>"
                            "<c r=\"B1\" s=\"2\"><v>45292.5</v></c><c r=\"C1\" s=\"3\"><v>45292</v></c>"
                            "<c r=\"D1\" s=\"1\"><v>1</v></c></row>";
    auto in1900 = XlsxReader::fromBytes(Test::simpleWorkbook(rows));
    REQUIRE(in1900.ok());
    QStringList cells;
    REQUIRE(in1900.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("2024-01-01"), QStringLiteral("2024-01-01 12:00:00"),
                               QStringLiteral("45292"), QStringLiteral("1900-01-01")});
    auto in1904 = XlsxReader::fromBytes(Test::simpleWorkbook(rows, {}, true));
    REQUIRE(in1904.ok());
    CHECK(in1904.value()->uses1904());
    REQUIRE(in1904.value()->next(cells));
    CHECK(cells.at(0) == QStringLiteral("2028-01-02"));
    CHECK(cells.at(3) == QStringLiteral("1904-01-02"));
}

TEST_CASE("XLSX: merged header cells read as their top-left value; sheets by name", "[import][xlsx]")
{
    const QByteArray rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>联系方式</t></is></c>"
                            "<c r=\"C1\" t=\"inlineStr\"><is><t>公司</t></is></c></row>"
                            "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c>"
                            "<c r=\"C2\"><v>3</v></c></row>";
    auto reader = XlsxReader::fromBytes(
        Test::simpleWorkbook(rows, {}, false, "<mergeCell ref=\"A1:B1\"/>"));
    REQUIRE(reader.ok());
    QStringList cells;
    REQUIRE(reader.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("联系方式"), QStringLiteral("联系方式"), QStringLiteral("公司")});
    REQUIRE(reader.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});

    auto other = XlsxReader::fromBytes(Test::simpleWorkbook(rows), QStringLiteral("Other"));
    REQUIRE(other.ok());
    REQUIRE(other.value()->next(cells));
    CHECK(cells == QStringList{QStringLiteral("other")});
    const auto missing = XlsxReader::fromBytes(Test::simpleWorkbook(rows), QStringLiteral("Nope"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.message().contains(QStringLiteral("客户")));
}

TEST_CASE("XLSX: damaged input gives an error, never a crash", "[import][xlsx]")
{
    CHECK_FALSE(XlsxReader::fromBytes("not a zip").ok());
    auto reader = XlsxReader::fromBytes(Test::simpleWorkbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c>"));
    REQUIRE(reader.ok());
    QStringList cells;
    while (reader.value()->next(cells)) {
    }
    CHECK(reader.value()->error().has_value());
}

TEST_CASE("A workbook written by the table writer reads back cell for cell", "[import][xlsx][export]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.xlsx"));
    const QList<QStringList> rows = {
        {QStringLiteral("姓名"), QStringLiteral("手机"), QStringLiteral("备注")},
        {QStringLiteral("王芳"), QStringLiteral("013800138000"), QStringLiteral("第一行\n第二行")},
        {QStringLiteral("Li"), QString(), QStringLiteral("x")},
    };
    for (const auto format : {TableWriter::Format::Xlsx, TableWriter::Format::Csv}) {
        auto writer = TableWriter::create(path, format);
        REQUIRE(writer.ok());
        for (const QStringList &row : rows)
            REQUIRE(writer.value()->writeRow(row).ok());
        REQUIRE(writer.value()->close().ok());
        auto reader = TableReader::open(path);
        REQUIRE(reader.ok());
        const auto read = readAll(*reader.value());
        CHECK(read == rows);
    }
}
