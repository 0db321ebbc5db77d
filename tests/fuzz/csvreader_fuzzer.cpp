// libFuzzer entry point: any bytes as a CSV file must be detected and read to the end (or to an
// error) without a crash, a hang or a sanitizer report, in the detected format and in GB18030.

#include "core/importexport/csvreader.h"

#include <QBuffer>

#include <cstdint>
#include <cstdlib>

namespace {

void readAll(const QByteArray &bytes, const Leadline::CsvFormat &format)
{
    auto device = std::make_unique<QBuffer>();
    device->setData(bytes);
    auto reader = Leadline::CsvReader::fromDevice(std::move(device), format);
    if (!reader)
        return;
    QStringList cells;
    int rows = 0;
    while (reader.value()->next(cells)) {
        ++rows;
        if (cells.isEmpty() || reader.value()->rowNumber() != rows)
            std::abort();
    }
    if (rows > qsizetype(bytes.size()) + 1)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer probe;
    probe.setData(bytes);
    if (!probe.open(QIODevice::ReadOnly))
        return 0;
    const auto format = Leadline::CsvReader::detect(probe);
    if (!format)
        return 0;
    readAll(bytes, *format);
    Leadline::CsvFormat gb = *format;
    gb.encoding = QStringLiteral("GB18030");
    gb.hasBom = false;
    readAll(bytes, gb);
    return 0;
}
